//! The dashboard's sentences.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! dashboard_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
        dash_title: "Tableau de bord", "Dashboard";
        readers_confirmed: "Lecteurs confirmés", "Confirmed readers";
        readers_pending: "En attente de confirmation", "Awaiting confirmation";
        readers_unsubscribed: "Désabonnés", "Unsubscribed";
        trend_title: "Lecteurs confirmés par semaine", "Readers confirmed per week";
        topics_panel: "Lecteurs par sujet et par langue", "Readers per topic and language";
        topics_readers: "Lecteurs", "Readers";
        topics_every: "Lecteurs qui reçoivent tous les sujets :", "Readers who get every topic:";
        trend_week: "Semaine du", "Week of";
        trend_new: "Nouveaux", "New";
        trend_left: "Départs", "Left";
        next_issue: "Prochain envoi programmé", "Next scheduled issue";
        none_scheduled: "Aucun numéro programmé.", "No issue is scheduled.";
        next_digest: "Prochaine construction du sommaire", "Next digest build";
        digest_cron_off: "Le sommaire n'est pas construit automatiquement.", "The digest is not built automatically.";
        last_issues: "Derniers numéros", "Latest issues";
        dash_complaints: "Plaintes pour indésirable sur", "Spam complaints about";
        no_issues: "Aucun numéro pour l'instant.", "No issue yet.";
        drafts_waiting: "À relire", "Waiting for review";
        review: "Relire et envoyer →", "Review and send →";
        }
    };
}
