//! The welcome e-mail's fixed sentences, in French and English; its body is the editors'
//! (`/admin/welcome`), these are its defaults.

pub struct WelcomeTexts {
    pub subject: &'static str,
    /// The body until an editor writes one; paragraphs separated by a blank line.
    pub default_body: &'static str,
    pub latest_heading: &'static str,
    pub read_more: &'static str,
}

pub const FR: WelcomeTexts = WelcomeTexts {
    subject: "Bienvenue dans Caravan, la lettre de l’Asie centrale",
    default_body: "Merci de nous avoir rejoints. Chaque lundi matin, Caravan réunit en une \
        lettre les articles de la rédaction sur le Kazakhstan, le Kirghizistan, \
        l’Ouzbékistan, le Tadjikistan et le Turkménistan.\n\nVous ne recevrez que les pays \
        que vous avez choisis ; vous pouvez changer d’avis depuis chaque lettre.",
    latest_heading: "Pour commencer, la dernière lettre",
    read_more: "Lire l’article",
};

pub const EN: WelcomeTexts = WelcomeTexts {
    subject: "Welcome to Caravan, the Central Asia newsletter",
    default_body: "Thank you for joining us. Every Monday morning, Caravan gathers the \
        newsroom's stories on Kazakhstan, Kyrgyzstan, Uzbekistan, Tajikistan and Turkmenistan \
        in one letter.\n\nYou will only get the countries you chose; you can change your mind \
        from any letter.",
    latest_heading: "To begin with, the latest letter",
    read_more: "Read the story",
};
