//! Every sentence of the admin pages, in French (first) and English, side by side so that a
//! sentence cannot exist in one language only.
use crate::domain::Lang;

macro_rules! admin_texts {
    ($($key:ident: $fr:expr, $en:expr;)*) => {
        pub struct AdminTexts {
            pub lang_code: &'static str,
            pub other_lang_code: &'static str,
            pub other_lang_name: &'static str,
            $(pub $key: &'static str,)*
        }

        static FR: AdminTexts = AdminTexts {
            lang_code: "fr",
            other_lang_code: "en",
            other_lang_name: "English",
            $($key: $fr,)*
        };

        static EN: AdminTexts = AdminTexts {
            lang_code: "en",
            other_lang_code: "fr",
            other_lang_name: "Français",
            $($key: $en,)*
        };
    };
}

pub fn admin_texts(lang: Lang) -> &'static AdminTexts {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

admin_texts! {
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

    login_title: "Connexion à la rédaction", "Newsroom sign-in";
    login_email: "Adresse e-mail", "E-mail address";
    login_password: "Mot de passe", "Password";
    login_button: "Se connecter", "Sign in";
    login_failed: "Adresse ou mot de passe incorrect.", "Wrong address or password.";
    login_throttled: "Trop de tentatives : réessayez dans une minute.", "Too many attempts: try again in a minute.";
    login_too_long: "L'adresse (254 octets au plus) ou le mot de passe (1024 octets au plus) est trop long.", "The address (254 bytes at most) or the password (1024 bytes at most) is too long.";
    signed_out: "Vous êtes déconnecté·e.", "You are signed out.";

    error_title: "Action impossible", "This cannot be done";
    forbidden: "Action ou page réservée aux administrateurs : seul un administrateur peut faire ceci.", "For administrators only: only an administrator may do this.";
    csrf_failed: "Ce formulaire a expiré ou ne vient pas de Caravan. Rechargez la page et recommencez.", "This form has expired or did not come from Caravan. Reload the page and try again.";
    not_found: "Cette page n'existe pas (ou plus).", "This page does not exist (any more).";
    internal: "Une erreur interne est survenue ; rien n'a été modifié. Référence :", "An internal error occurred; nothing was changed. Reference:";
    bad_form: "Le formulaire envoyé est incomplet ou illisible.", "The form sent is incomplete or unreadable.";

    dash_title: "Tableau de bord", "Dashboard";
    readers_confirmed: "Lecteurs confirmés", "Confirmed readers";
    readers_pending: "En attente de confirmation", "Awaiting confirmation";
    readers_unsubscribed: "Désabonnés", "Unsubscribed";
    trend_title: "Lecteurs confirmés par semaine", "Readers confirmed per week";
    trend_week: "Semaine du", "Week of";
    trend_new: "Nouveaux", "New";
    trend_left: "Départs", "Left";
    next_issue: "Prochain envoi programmé", "Next scheduled issue";
    none_scheduled: "Aucun numéro programmé.", "No issue is scheduled.";
    next_digest: "Prochaine construction du sommaire", "Next digest build";
    digest_cron_off: "Le sommaire n'est pas construit automatiquement.", "The digest is not built automatically.";
    last_issues: "Derniers numéros", "Latest issues";
    no_issues: "Aucun numéro pour l'instant.", "No issue yet.";
    drafts_waiting: "À relire", "Waiting for review";
    review: "Relire et envoyer →", "Review and send →";

    col_subject: "Objet", "Subject";
    col_status: "État", "Status";
    col_date: "Date", "Date";
    col_sent: "Envoyés", "Sent";
    col_bounced: "Refusés", "Bounced";
    col_failed: "Échecs", "Failed";
    col_email: "Adresse", "Address";
    col_name: "Nom", "Name";
    col_lang: "Langue", "Language";
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

    issues_title: "Numéros", "Issues";
    build_digest: "Construire le sommaire de la semaine", "Build this week's digest";
    new_letter: "Nouvelle lettre", "New letter";
    nothing_new: "Aucun nouvel article : pas de sommaire cette semaine.", "No new article: no digest this week.";
    digest_exists: "Le sommaire de cette semaine existait déjà : le voici.", "This week's digest already existed: here it is.";
    digest_built: "Le sommaire de la semaine est prêt : relisez-le.", "This week's digest is ready: review it.";
    letter_created: "Brouillon créé.", "Draft created.";
    new_letter_subject: "Nouvelle lettre", "New letter";
    older: "Plus anciens →", "Older →";

    edit_title: "Contenu", "Content";
    subject: "Objet", "Subject";
    intro: "Introduction", "Introduction";
    intro_hint: "Quelques phrases en tête du numéro (facultatif).", "A few sentences at the top of the issue (optional).";
    articles_in_issue: "Articles du numéro", "Articles in this issue";
    articles_hint: "Cochez les articles à envoyer ; l'ordre suit les numéros.", "Tick the articles to send; they are sent in the order of the numbers.";
    position: "Ordre", "Order";
    include: "Inclure", "Include";
    other_articles: "Autres articles disponibles", "Other available articles";
    save: "Enregistrer", "Save";
    saved: "Modifications enregistrées.", "Changes saved.";
    not_editable: "Ce numéro n'est plus un brouillon : il ne peut plus être modifié.", "This issue is no longer a draft: it can no longer be edited.";
    subject_required: "L'objet ne peut pas être vide (200 caractères au plus).", "The subject cannot be empty (200 characters at most).";
    unknown_article: "Un des articles choisis n'existe plus.", "One of the chosen articles no longer exists.";

    preview_title: "Aperçu", "Preview";
    preview_phone: "Téléphone", "Phone";
    preview_desktop: "Ordinateur", "Desktop";
    preview_text: "Version texte", "Plain-text version";
    preview_open: "Ouvrir l'aperçu", "Open the preview";

    test_title: "Envoi de test", "Test send";
    test_addresses: "Adresses (une par ligne ou séparées par des virgules, 10 au plus)", "Addresses (one per line or comma-separated, 10 at most)";
    test_button: "Envoyer un test", "Send a test";
    test_sent: "Test envoyé (objet préfixé de [TEST]).", "Test sent (subject starts with [TEST]).";
    test_bad: "Indiquez de 1 à 10 adresses valides.", "Give 1 to 10 valid addresses.";

    send_title: "Envoi", "Sending";
    send_now: "Envoyer maintenant", "Send now";
    send_confirm: "Envoyer ce numéro à tous les lecteurs confirmés ?", "Send this issue to every confirmed reader?";
    schedule_at: "Programmer pour le", "Schedule for";
    schedule_button: "Programmer", "Schedule";
    schedule_tz: "Heure de", "Time zone:";
    queued: "Numéro en file d'envoi.", "Issue queued for sending.";
    scheduled: "Numéro programmé.", "Issue scheduled.";
    schedule_past: "Choisissez une date et une heure à venir.", "Choose a date and time in the future.";
    schedule_bad: "Date ou heure illisible.", "Unreadable date or time.";
    cancel_send: "Annuler l'envoi", "Cancel sending";
    cancel_confirm: "Annuler l'envoi de ce numéro ? Les messages déjà partis le restent.", "Cancel sending this issue? Messages already sent stay sent.";
    cancelled: "Envoi annulé.", "Sending cancelled.";
    not_cancellable: "Ce numéro n'est pas en cours d'envoi.", "This issue is not being sent.";
    already_queued: "Ce numéro est déjà programmé ou parti.", "This issue is already scheduled or sent.";
    scheduled_for: "Programmé pour le", "Scheduled for";
    sent_on: "Envoyé le", "Sent on";

    progress_title: "Progression", "Progress";
    prog_sent: "Envoyés", "Sent";
    prog_waiting: "En attente", "Waiting";
    prog_retrying: "Nouvel essai", "Retrying";
    prog_bounced: "Refusés", "Bounced";
    prog_skipped: "Ignorés", "Skipped";
    prog_failed: "Échecs", "Failed";
    prog_rate: "messages par seconde", "messages per second";
    prog_done: "Terminé.", "Done.";

    readers_title: "Lecteurs", "Readers";
    search_label: "Adresse ou nom", "Address or name";
    filter_status: "État", "Status";
    filter_all: "Tous", "All";
    search_button: "Chercher", "Search";
    no_readers: "Aucun lecteur ne correspond.", "No reader matches.";
    export_csv: "Exporter en CSV", "Export as CSV";
    import_csv: "Importer un CSV", "Import a CSV";
    reader_title: "Lecteur", "Reader";
    created_at: "Inscrit le", "Signed up on";
    confirmed_at: "Confirmé le", "Confirmed on";
    unsubscribed_at: "Désabonné le", "Unsubscribed on";
    hard_bounces: "Refus définitifs", "Hard bounces";
    history_title: "Numéros reçus", "Issues received";
    no_history: "Aucun numéro envoyé à ce lecteur.", "No issue was sent to this reader.";
    unsubscribe_reader: "Désabonner", "Unsubscribe";
    unsubscribe_confirm: "Désabonner ce lecteur ? Il ne recevra plus rien.", "Unsubscribe this reader? They will receive nothing more.";
    reader_unsubscribed_notice: "Lecteur désabonné.", "Reader unsubscribed.";
    delete_reader: "Supprimer définitivement", "Delete for good";
    delete_reader_hint: "Pour une demande d'effacement : l'adresse, le nom et tout l'historique disparaissent.", "For an erasure request: the address, the name and the whole history are removed.";
    delete_confirm: "Supprimer définitivement ce lecteur et tout son historique ?", "Delete this reader and their whole history for good?";
    reader_deleted: "Lecteur supprimé définitivement.", "Reader deleted for good.";

    import_title: "Importer des lecteurs", "Import readers";
    import_hint: "Un fichier CSV avec une ligne d'en-tête : email, name, lang et, si besoin, status (confirmed ou unsubscribed). Si une ligne est fausse, rien n'est importé.", "A CSV file with a header line: email, name, lang and, if needed, status (confirmed or unsubscribed). If any line is wrong, nothing is imported.";
    import_file: "Fichier CSV", "CSV file";
    import_button: "Importer", "Import";
    import_done: "Import terminé", "Import finished";
    import_added: "Ajoutés", "Added";
    import_known: "Déjà connus", "Already known";
    import_refused: "Rien n'a été importé : corrigez ces lignes et recommencez.", "Nothing was imported: fix these lines and try again.";
    import_line: "Ligne", "Line";
    import_reason: "Problème", "Problem";
    import_no_file: "Choisissez un fichier CSV.", "Choose a CSV file.";
    row_unreadable: "ligne illisible (guillemet non fermé, encodage ?)", "unreadable line (unclosed quote, encoding?)";
    row_email: "adresse e-mail invalide", "invalid e-mail address";
    row_name: "nom trop long", "name too long";
    row_lang: "langue inconnue (fr ou en)", "unknown language (fr or en)";
    row_status: "état inconnu (confirmed ou unsubscribed)", "unknown status (confirmed or unsubscribed)";

    articles_title: "Articles", "Articles";
    sync_button: "Relire le dossier des articles", "Re-read the articles folder";
    synced: "Dossier relu.", "Folder re-read.";
    sync_added: "ajoutés", "added";
    sync_updated: "mis à jour", "updated";
    sync_problems: "fichiers refusés", "files refused";
    new_article: "Nouvel article", "New article";
    article_title: "Titre", "Title";
    article_date: "Date", "Date";
    article_summary: "Résumé", "Summary";
    article_caption: "Légende", "Caption";
    article_source: "Source", "Source";
    article_url: "Lien vers l'article", "Link to the article";
    article_tags: "Mots-clés (séparés par des virgules)", "Tags (comma-separated)";
    article_lang: "Langue", "Language";
    article_body: "Texte (Markdown)", "Text (Markdown)";
    create_article: "Ajouter l'article", "Add the article";
    article_created: "Article ajouté.", "Article added.";
    article_carried: "déjà envoyé", "already sent";
    no_articles: "Aucun article.", "No article.";
    article_form_errors: "L'article n'a pas été ajouté : corrigez le champ signalé.", "The article was not added: fix the field shown.";
    problem_required: "Ce champ est obligatoire.", "This field is required.";
    problem_too_long: "C'est trop long.", "This is too long.";
    problem_bad_date: "Date attendue au format AAAA-MM-JJ.", "Expected a date as YYYY-MM-DD.";
    problem_bad_url: "Adresse http:// ou https:// attendue.", "Expected an http:// or https:// address.";
    problem_bad_lang: "Langue : fr ou en.", "Language: fr or en.";
    problem_bad_characters: "Ce champ contient des caractères de contrôle (invisibles) : retapez-le.", "This field holds (invisible) control characters: type it again.";
    intro_bad: "L'introduction contient des caractères de contrôle (invisibles).", "The introduction holds (invisible) control characters.";
    slug_taken: "Un article porte déjà ce titre (même nom de fichier).", "An article already has this title (same file name).";

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
    audit_unknown: "Adresse sans compte", "Address without an account";
    audit_sign_in: "Connexion", "Sign-in";
    audit_sign_in_failed: "Connexion refusée", "Sign-in refused";
    audit_export: "Export des lecteurs", "Readers exported";
    audit_import: "Import de lecteurs", "Readers imported";
    audit_erase: "Lecteur effacé", "Reader erased";
    audit_unsubscribe: "Lecteur désinscrit", "Reader unsubscribed";
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

    totp_title: "Validation en deux étapes", "Two-step sign-in";
    totp_off_text: "À la connexion, un code à 6 chiffres donné par une application d'authentification (sur votre téléphone) est demandé en plus du mot de passe.", "At sign-in, a 6-digit code from an authenticator app (on your phone) is asked for on top of the password.";
    totp_on_text: "Activée : la connexion demande un code de votre application.", "On: signing in asks for a code from your app.";
    totp_start: "Activer la validation en deux étapes", "Turn on two-step sign-in";
    totp_scan: "Scannez ce code QR avec votre application, ou saisissez-y la clé ci-dessous.", "Scan this QR code with your app, or type the key below into it.";
    totp_key: "Clé :", "Key:";
    totp_code: "Code à 6 chiffres", "6-digit code";
    totp_confirm: "Confirmer et activer", "Confirm and turn on";
    totp_enabled: "Validation en deux étapes activée.", "Two-step sign-in is on.";
    totp_disabled: "Validation en deux étapes désactivée.", "Two-step sign-in is off.";
    totp_wrong_code: "Ce code est incorrect ou déjà utilisé : attendez le suivant.", "This code is wrong or already used: wait for the next one.";
    totp_disable: "Désactiver", "Turn off";
    totp_disable_hint: "Pour désactiver, donnez votre mot de passe et un code actuel.", "To turn it off, give your password and a current code.";
    totp_required: "La validation en deux étapes est obligatoire pour les administrateurs : activez-la pour continuer.", "Two-step sign-in is required for administrators: turn it on to go on.";
    recovery_title: "Codes de secours", "Recovery codes";
    recovery_hint: "Notez ces codes maintenant, ils ne seront plus affichés. Chacun remplace une fois un code de l'application, si vous perdez votre téléphone.", "Write these codes down now: they will not be shown again. Each one replaces an app code once, if you lose your phone.";
    recovery_left: "Codes de secours restants :", "Recovery codes left:";

    sessions_title: "Sessions ouvertes", "Open sessions";
    session_opened: "Ouverte le", "Opened";
    session_expires: "Expire le", "Expires";
    session_current: "cette session", "this session";
    session_end: "Fermer", "End";
    sessions_end_others: "Fermer toutes les autres sessions", "End every other session";
    session_ended: "Session fermée.", "Session ended.";
    sessions_ended: "Autres sessions fermées.", "Other sessions ended.";

    code_title: "Code de validation", "Verification code";
    code_hint: "Saisissez le code à 6 chiffres de votre application, ou un code de secours.", "Type the 6-digit code from your app, or a recovery code.";
    code_label: "Code", "Code";
    code_button: "Valider", "Verify";
    code_expired: "Cette étape a expiré : reconnectez-vous.", "This step expired: sign in again.";
}
