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
        slug_taken: "Un article porte déjà ce titre (même nom de fichier).", "An article already has this title (same file name).";
        }
    };
}
