//! The sentences of the article pages.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! articles_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
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
        problem_unknown_topic: "Sujet inconnu.", "Unknown topic.";
        problem_bad_characters: "Ce champ contient des caractères de contrôle (invisibles) : retapez-le.", "This field holds (invisible) control characters: type it again.";
        intro_bad: "L'introduction contient des caractères de contrôle (invisibles).", "The introduction holds (invisible) control characters.";
        correction_title: "Publier une correction", "Publish a correction";
        correction_earlier: "Corrections déjà publiées", "Corrections already published";
        correction_note: "Ce qui était faux, et ce qui est juste (un paragraphe)", "What was wrong, and what is right (one paragraph)";
        correction_reach_before: "La correction sera envoyée, dans l'heure, à", "The correction will be sent, within the hour, to";
        correction_reach_after: "lecteurs : ceux qui ont reçu cet article, sont toujours inscrits et suivent encore son sujet. La note s'affiche aussi sous l'article dans les archives et sur la page /corrections.", "readers: those who were sent this story, are still subscribed and still follow its topic. The note also shows under the story in the archive and on the /corrections page.";
        correction_publish: "Publier la correction", "Publish the correction";
        correction_empty: "Écrivez la correction.", "Write the correction.";
        correction_bad: "La correction fait au plus 1000 caractères, sans caractères de contrôle.", "A correction is at most 1000 characters, without control characters.";
        correction_queued: "Correction publiée : cette lettre l'enverra dans l'heure (ou maintenant, avec « Envoyer maintenant »). Une autre correction publiée d'ici là la rejoindra.", "Correction published: this letter sends it within the hour (or now, with \"Send now\"). Another correction published until then joins it.";
        correction_no_readers: "Correction publiée. Aucun lecteur n'avait reçu cet article : pas de lettre.", "Correction published. No reader was sent this story: no letter.";
        correct_link: "Corriger", "Correct";
        slug_taken: "Un article porte déjà ce titre (même nom de fichier).", "An article already has this title (same file name).";
        }
    };
}
