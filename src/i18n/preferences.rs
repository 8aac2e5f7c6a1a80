//! The preference page's sentences and its sign-in e-mail, in French and English: apart from
//! `Texts` because the page has many, and only it uses them.

pub struct PreferenceTexts {
    pub title: &'static str,
    pub letter_to: &'static str,
    pub lang_legend: &'static str,
    pub save_button: &'static str,
    pub saved: &'static str,
    pub pause_title: &'static str,
    pub pause_body: &'static str,
    pub pause_button: &'static str,
    pub paused: &'static str,
    pub paused_until: &'static str,
    pub resume_button: &'static str,
    pub resumed: &'static str,
    pub leave_title: &'static str,
    pub leave_body: &'static str,
    pub leave_button: &'static str,
    pub not_subscribed: &'static str,
    pub data_title: &'static str,
    pub data_body: &'static str,
    pub download_button: &'static str,
    pub erase_title: &'static str,
    pub erase_body: &'static str,
    pub erase_confirm_label: &'static str,
    pub erase_button: &'static str,
    pub erase_unconfirmed: &'static str,
    pub erased_title: &'static str,
    pub erased_body: &'static str,
    pub ask_title: &'static str,
    pub ask_body: &'static str,
    pub ask_button: &'static str,
    pub ask_sent_body: &'static str,
    pub link_expired: &'static str,
    pub link_invalid: &'static str,
    pub mail_subject: &'static str,
    pub mail_intro: &'static str,
    pub mail_button: &'static str,
    pub mail_validity: &'static str,
    pub mail_ignore: &'static str,
    /// The link at the foot of every letter.
    pub footer_link: &'static str,
    /// The same link in the confirmation e-mail, for an address someone else typed.
    pub confirmation_link: &'static str,
    /// The page of a reader who has not confirmed yet.
    pub not_confirmed: &'static str,
}

pub const FR: PreferenceTexts = PreferenceTexts {
    title: "Vos préférences",
    letter_to: "Lettre envoyée à",
    lang_legend: "Langue de la lettre",
    save_button: "Enregistrer",
    saved: "Vos préférences sont enregistrées : la prochaine lettre les suivra.",
    pause_title: "Faire une pause",
    pause_body: "Plus aucune lettre pendant 4 semaines ; elles reprennent ensuite d’elles-mêmes.",
    pause_button: "Pause de 4 semaines",
    paused: "C’est noté : vos lettres sont en pause.",
    paused_until: "Vos lettres sont en pause jusqu’au",
    resume_button: "Reprendre dès maintenant",
    resumed: "Vos lettres reprennent dès la prochaine.",
    leave_title: "Se désabonner",
    leave_body: "Vous ne recevrez plus aucune lettre. Vous pourrez vous réabonner quand vous \
        voudrez. Pour ne plus recevoir un pays seulement, décochez-le plus haut.",
    leave_button: "Me désabonner de toutes les lettres",
    not_subscribed: "Vous n’êtes plus abonné : aucune lettre ne vous est envoyée.",
    data_title: "Vos données",
    data_body: "Tout ce que Caravan garde sur vous : votre adresse, vos choix, les lettres \
        reçues et ce que les serveurs de messagerie en ont dit.",
    download_button: "Télécharger mes données (JSON)",
    erase_title: "Effacer mes données pour toujours",
    erase_body: "Votre adresse, vos choix et l’historique de vos lettres seront supprimés. \
        C’est définitif.",
    erase_confirm_label: "Je comprends que l’effacement est définitif",
    erase_button: "Tout effacer",
    erase_unconfirmed: "Cochez la case pour confirmer l’effacement.",
    erased_title: "Vos données sont effacées",
    erased_body: "Nous ne gardons plus rien de vous : ni adresse, ni choix, ni historique. \
        Merci de nous avoir lus.",
    ask_title: "Gérer vos préférences",
    ask_body: "Indiquez votre adresse : nous vous enverrons un lien pour choisir vos sujets, \
        faire une pause, vous désabonner, télécharger ou effacer vos données.",
    ask_button: "Recevoir un lien",
    ask_sent_body: "Si cette adresse est abonnée, un lien vient d’y être envoyé. Il est valable \
        24 heures.",
    link_expired: "Ce lien a expiré. Indiquez votre adresse pour en recevoir un nouveau.",
    link_invalid: "Ce lien est incomplet ou a été modifié. Indiquez votre adresse pour en \
        recevoir un nouveau.",
    mail_subject: "Votre lien pour gérer vos préférences",
    mail_intro: "Voici le lien pour gérer votre abonnement à Caravan : sujets, langue, pause, \
        désabonnement, et vos données.",
    mail_button: "Gérer mes préférences",
    mail_validity: "Ce lien est valable 24 heures.",
    mail_ignore: "Vous n’avez rien demandé ? Ignorez cet e-mail : rien ne change.",
    footer_link: "Choisir mes sujets, faire une pause",
    confirmation_link: "Voir ou effacer ce que nous gardons de cette adresse",
    not_confirmed: "Cette adresse n’est pas encore confirmée : aucune lettre ne lui est envoyée. \
        Si vous n’avez rien demandé, effacez-la plus bas.",
};

pub const EN: PreferenceTexts = PreferenceTexts {
    title: "Your preferences",
    letter_to: "Letter sent to",
    lang_legend: "Language of the letter",
    save_button: "Save",
    saved: "Your preferences are saved: the next letter will follow them.",
    pause_title: "Take a break",
    pause_body: "No letter for 4 weeks; then they start again by themselves.",
    pause_button: "Pause for 4 weeks",
    paused: "Done: your letters are paused.",
    paused_until: "Your letters are paused until",
    resume_button: "Resume now",
    resumed: "Your letters start again with the next one.",
    leave_title: "Unsubscribe",
    leave_body: "You will get no more letters. You can subscribe again whenever you like. To \
        stop one country only, untick it above.",
    leave_button: "Unsubscribe from every letter",
    not_subscribed: "You are no longer subscribed: no letter is sent to you.",
    data_title: "Your data",
    data_body: "Everything Caravan keeps about you: your address, your choices, the letters \
        you received and what mail servers said about them.",
    download_button: "Download my data (JSON)",
    erase_title: "Erase my data for good",
    erase_body: "Your address, your choices and the history of your letters will be deleted. \
        This cannot be undone.",
    erase_confirm_label: "I understand that erasing cannot be undone",
    erase_button: "Erase everything",
    erase_unconfirmed: "Tick the box to confirm the erasure.",
    erased_title: "Your data is erased",
    erased_body: "We keep nothing about you any more: no address, no choices, no history. \
        Thank you for reading us.",
    ask_title: "Manage your preferences",
    ask_body: "Enter your address: we will send you a link to choose your topics, take a \
        break, unsubscribe, download or erase your data.",
    ask_button: "Send me a link",
    ask_sent_body: "If this address is subscribed, a link has just been sent to it. It is \
        valid for 24 hours.",
    link_expired: "This link has expired. Enter your address to get a new one.",
    link_invalid: "This link is incomplete or has been altered. Enter your address to get a \
        new one.",
    mail_subject: "Your link to manage your preferences",
    mail_intro: "Here is the link to manage your Caravan subscription: topics, language, \
        break, unsubscribing, and your data.",
    mail_button: "Manage my preferences",
    mail_validity: "This link is valid for 24 hours.",
    mail_ignore: "Did not ask for anything? Ignore this e-mail: nothing changes.",
    footer_link: "Choose my topics, take a break",
    confirmation_link: "See or erase what we keep about this address",
    not_confirmed: "This address is not confirmed yet: no letter is sent to it. If you did not \
        ask for anything, erase it below.",
};
