//! The sentences of the issue pages: list, edit, preview, test copy, send and progress.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! issues_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
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
        welcome_title: "Lettre de bienvenue", "Welcome e-mail";
        welcome_link: "Lettre de bienvenue", "Welcome e-mail";
        welcome_hint: "Envoyée une fois à chaque lecteur qui confirme son adresse. Sous ce texte, il reçoit les articles de la dernière lettre qui touchent ses sujets, puis ses liens de préférences et de désabonnement. Laisser un champ vide rétablit le texte d'origine.", "Sent once to each reader who confirms their address. Under this text they get the latest letter's stories on their topics, then their preference and unsubscribe links. A field left empty goes back to the original text.";
        welcome_body_fr: "Texte en français", "French text";
        welcome_body_en: "Texte en anglais", "English text";
        saved: "Modifications enregistrées.", "Changes saved.";
        not_editable: "Ce numéro n'est plus un brouillon : il ne peut plus être modifié.", "This issue is no longer a draft: it can no longer be edited.";
        subject_required: "L'objet ne peut pas être vide (200 caractères au plus).", "The subject cannot be empty (200 characters at most).";
        unknown_article: "Un des articles choisis n'existe plus.", "One of the chosen articles no longer exists.";

        preview_title: "Aperçu", "Preview";
        preview_phone: "Téléphone", "Phone";
        preview_desktop: "Ordinateur", "Desktop";
        preview_text: "Version texte", "Plain-text version";
        preview_as_reader_of: "Voir la lettre d'un lecteur de", "See the letter of a reader of";
        preview_show_copy: "Voir sa lettre", "Show their letter";
        preview_groups: "Sujets dans sa lettre :", "Subjects in their letter:";
        preview_nothing: "Un lecteur de ces sujets ne recevra pas ce numéro : aucun de ses articles n'en parle.", "A reader of these topics gets no copy of this issue: none of its stories is about them.";
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
        reports_title: "Rapports des messageries", "Reports from mail servers";
        reports_kind: "Rapport", "Report";
        reports_readers: "Lecteurs", "Readers";
        reports_rate: "Part des envois", "Share of messages sent";
        reports_thresholds: "Gmail et Yahoo filtrent les expéditeurs dont les plaintes dépassent 0,3 % des envois ; visez moins de 0,1 %. Les adresses refusées définitivement et les lecteurs qui se plaignent ne reçoivent plus rien.", "Gmail and Yahoo filter senders whose complaints pass 0.3 % of messages sent; aim under 0.1 %. Addresses refused for good and readers who complain receive nothing more.";
        prog_relays: "Envoyés par relais", "Sent per relay";
        prog_held: "Envoi en pause, il reprendra tout seul ; le relais ne prend rien pour l'instant", "Sending paused, it resumes by itself; the relay takes nothing for now";
        prog_rate: "messages par seconde", "messages per second";
        prog_done: "Terminé.", "Done.";
        clicks_title: "Articles lus", "Stories read";
        clicks_story: "Article", "Story";
        clicks_people: "Clics", "Clicks";
        clicks_early: "Pendant l'envoi", "While sending";
        clicks_robots: "Robots", "Robots";
        clicks_explained: "Clics comptés par article, jamais par lecteur : les liens des lettres sont les mêmes pour tous, et aucune ouverture n'est suivie. Ne sont pas comptés : les requêtes HEAD, les aperçus et préchargements, les analyseurs de liens connus, et les clics arrivés moins d'une minute après l'envoi d'un exemplaire (les passerelles de sécurité ouvrent les liens dès l'arrivée) ; ils sont dans les deux dernières colonnes.", "Clicks counted per story, never per reader: the links in letters are the same for everyone, and no opening is tracked. Not counted: HEAD requests, previews and prefetches, known link scanners, and clicks less than a minute after a copy went out (security gateways open links as messages arrive); they are in the last two columns.";
        clicks_off: "Le comptage des clics est coupé (CARAVAN_CLICK_COUNTS=off) : les lettres renvoient directement aux articles.", "Click counting is off (CARAVAN_CLICK_COUNTS=off): letters link straight to the articles.";
        top_stories_title: "Les plus lus des huit dernières semaines", "Most read in the last eight weeks";
        top_stories_none: "Aucun clic compté ces huit dernières semaines.", "No click counted in the last eight weeks.";
        }
    };
}
