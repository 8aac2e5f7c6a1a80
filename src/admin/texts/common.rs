//! The words every admin page shares: navigation, error messages, column headings and status names.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! common_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
        app_name: "Caravan · rédaction", "Caravan · newsroom";
        nav_dashboard: "Tableau de bord", "Dashboard";
        nav_issues: "Numéros", "Issues";
        nav_readers: "Lecteurs", "Readers";
        nav_articles: "Articles", "Articles";
        nav_users: "Comptes", "Accounts";
        nav_audit: "Journal", "Audit log";
        nav_account: "Mon compte", "My account";
        sign_out: "Se déconnecter", "Sign out";
        signed_in_as: "Connecté·e :", "Signed in:";
        back: "Retour", "Back";

        error_title: "Action impossible", "This cannot be done";
        forbidden: "Action ou page réservée aux administrateurs : seul un administrateur peut faire ceci.", "For administrators only: only an administrator may do this.";
        csrf_failed: "Ce formulaire a expiré ou ne vient pas de Caravan. Rechargez la page et recommencez.", "This form has expired or did not come from Caravan. Reload the page and try again.";
        not_found: "Cette page n'existe pas (ou plus).", "This page does not exist (any more).";
        internal: "Une erreur interne est survenue ; rien n'a été modifié. Référence :", "An internal error occurred; nothing was changed. Reference:";
        bad_form: "Le formulaire envoyé est incomplet ou illisible.", "The form sent is incomplete or unreadable.";

        col_subject: "Objet", "Subject";
        col_status: "État", "Status";
        col_date: "Date", "Date";
        col_sent: "Envoyés", "Sent";
        col_bounced: "Refusés", "Bounced";
        col_failed: "Échecs", "Failed";
        col_email: "Adresse", "Address";
        col_name: "Nom", "Name";
        col_lang: "Langue", "Language";
        col_topics: "Sujets", "Topics";
        col_since: "Inscrit le", "Signed up";
        col_title: "Titre", "Title";
        col_role: "Rôle", "Role";

        status_draft: "Brouillon", "Draft";
        status_queued: "Programmé", "Scheduled";
        status_sending: "En cours d'envoi", "Sending";
        status_sent: "Envoyé", "Sent";
        status_cancelled: "Annulé", "Cancelled";
        reader_pending: "En attente", "Pending";
        reader_confirmed: "Confirmé", "Confirmed";
        reader_unsubscribed: "Désabonné", "Unsubscribed";
        delivery_pending: "En attente", "Waiting";
        delivery_retrying: "Nouvel essai prévu", "Retrying";
        delivery_sent: "Envoyé", "Sent";
        delivery_bounced: "Refusé", "Bounced";
        delivery_skipped: "Ignoré", "Skipped";
        delivery_failed: "Échec", "Failed";
        }
    };
}
