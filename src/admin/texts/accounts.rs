//! The sentences of the account pages: users and the audit log.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! accounts_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
        users_title: "Comptes", "Accounts";
        add_user: "Ajouter un compte", "Add an account";
        role_editor: "Rédaction", "Editor";
        role_admin: "Administration", "Admin";
        user_password: "Mot de passe (12 caractères au moins)", "Password (at least 12 characters)";
        user_added: "Compte ajouté.", "Account added.";
        user_exists: "Un compte existe déjà pour cette adresse.", "An account already exists for this address.";
        user_bad_email: "Adresse e-mail invalide.", "Invalid e-mail address.";
        user_short_password: "Le mot de passe doit compter 12 caractères au moins.", "The password needs at least 12 characters.";
        user_deleted: "Compte supprimé.", "Account deleted.";
        user_role_changed: "Rôle modifié.", "Role changed.";
        last_admin: "Impossible : il ne resterait aucun administrateur.", "Not possible: no administrator would be left.";
        delete_user: "Supprimer", "Delete";
        make_admin: "Passer administrateur", "Make admin";
        make_editor: "Passer rédacteur", "Make editor";
        you: "vous", "you";

        audit_title: "Journal des actions", "Audit log";
        audit_intro: "Qui a exporté, importé, effacé ou désinscrit des lecteurs, qui s'est connecté et qui a modifié les comptes. Les lecteurs n'y figurent que par leur numéro.", "Who exported, imported, erased or unsubscribed readers, who signed in and who changed accounts. Readers appear by number only.";
        audit_filter: "Action", "Action";
        audit_all: "Toutes", "All";
        audit_show: "Afficher", "Show";
        audit_none: "Aucune entrée.", "No entries.";
        audit_when: "Date", "When";
        audit_who: "Qui", "Who";
        audit_what: "Action", "Action";
        audit_detail: "Détail", "Detail";
        audit_token: "Jeton API", "API token";
        audit_cli: "Ligne de commande", "Command line";
        audit_reader: "Le lecteur lui-même", "The reader themselves";
        audit_unknown: "Adresse sans compte", "Address without an account";
        audit_sign_in: "Connexion", "Sign-in";
        audit_sign_in_failed: "Connexion refusée", "Sign-in refused";
        audit_export: "Export des lecteurs", "Readers exported";
        audit_import: "Import de lecteurs", "Readers imported";
        audit_erase: "Lecteur effacé", "Reader erased";
        audit_unsubscribe: "Lecteur désinscrit", "Reader unsubscribed";
        audit_lift_suppression: "Blocage d'adresse levé", "Address block lifted";
        audit_reader_topics: "Sujets d'un lecteur changés", "A reader's topics changed";
        audit_role_change: "Rôle modifié", "Role changed";
        audit_account_added: "Compte ajouté", "Account added";
        audit_account_deleted: "Compte supprimé", "Account deleted";
        account_title: "Mon compte", "My account";
        password_title: "Mot de passe", "Password";
        password_current: "Mot de passe actuel", "Current password";
        password_new: "Nouveau mot de passe (12 caractères au moins)", "New password (at least 12 characters)";
        password_again: "Nouveau mot de passe, une seconde fois", "New password, once more";
        password_button: "Changer le mot de passe", "Change the password";
        password_changed: "Mot de passe changé ; vos autres sessions sont fermées.", "Password changed; your other sessions are closed.";
        password_wrong: "Le mot de passe actuel est incorrect.", "The current password is wrong.";
        password_mismatch: "Les deux nouveaux mots de passe diffèrent.", "The two new passwords differ.";
        }
    };
}
