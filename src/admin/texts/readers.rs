//! The sentences of the reader pages: the list and the import.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! readers_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
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
        hard_bounces: "Refus", "Refusals";
        suppressed_label: "Adresse bloquée", "Address blocked";
        suppressed_hard: "refusée par sa messagerie", "refused by its mail server";
        suppressed_complaint: "le lecteur a signalé la lettre comme indésirable", "the reader marked the letter as spam";
        suppressed_import: "importée comme désinscrite", "imported as unsubscribed";
        lift_suppression: "Lever le blocage", "Lift the block";
        lift_confirm: "Lever le blocage ? L'adresse pourra de nouveau recevoir la lettre.", "Lift the block? The address may receive the letter again.";
        lift_hint: "Seulement à la demande du lecteur : écrire à une adresse qui rebondit, ou à quelqu'un qui s'est plaint, nuit à la réputation de l'envoi.", "Only if the reader asks: mailing an address that bounces, or someone who complained, harms the sending reputation.";
        reader_topics_saved: "Sujets enregistrés : la prochaine lettre en tiendra compte.", "Topics saved: the next letter will follow them.";
        reader_topics_empty: "Cochez au moins un sujet (pour ne plus rien recevoir, désabonnez le lecteur).", "Tick at least one topic (to send nothing, unsubscribe the reader).";
        reader_topics_title: "Sujets", "Topics";
        reader_topics_save: "Enregistrer les sujets", "Save the topics";
        reader_topics_hint: "À la demande du lecteur seulement ; il peut aussi les changer lui-même depuis chaque lettre.", "Only at the reader's request; they can also change them from any letter.";
        every_topic: "tous les sujets", "every topic";
        paused_until: "En pause jusqu'au", "Paused until";
        suppression_lifted: "Blocage levé : l'adresse peut de nouveau recevoir la lettre.", "Block lifted: the address may receive the letter again.";
        events_title: "Rapports des messageries", "Reports from mail servers";
        no_events: "Aucun rapport sur cette adresse.", "No report about this address.";
        col_source: "Source", "Source";
        event_hard: "Refus définitif", "Hard bounce";
        event_soft: "Refus temporaire", "Soft bounce";
        event_complaint: "Plainte (indésirable)", "Complaint (spam)";
        event_delivered: "Remis", "Delivered";
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
        row_topics: "sujets inconnus (slugs séparés par ; vide pour tous)", "unknown topics (slugs separated by ; empty for all)";
        }
    };
}
