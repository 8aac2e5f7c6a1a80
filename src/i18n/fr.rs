use super::Texts;

pub const TEXTS: Texts = Texts {
    lang_code: "fr",
    colon: "\u{a0}:",
    other_lang_code: "en",
    other_lang_name: "English",
    newsletter_name: "Caravan",
    tagline: "La lettre de l’Asie centrale",
    footer: "Caravan — une lettre par semaine, désinscription en un clic.",

    signup_title: "Recevez l’Asie centrale chaque semaine",
    signup_lead: "Kazakhstan, Kirghizstan, Ouzbékistan, Tadjikistan, Turkménistan : chaque lundi matin, \
        les articles de la rédaction réunis en une seule lettre, en français.",
    signup_points: [
        "Une lettre par semaine, pas plus.",
        "Les sujets liés regroupés, pour lire l’essentiel en quelques minutes.",
        "Gratuit, sans publicité, désinscription en un clic.",
    ],
    email_label: "Adresse e-mail",
    email_placeholder: "vous@exemple.fr",
    name_label: "Prénom ou nom",
    name_hint: "Facultatif : pour vous saluer par votre nom.",
    honeypot_label: "Laissez ce champ vide",
    signup_button: "Je m’abonne",
    signup_privacy: "Nous vous enverrons un e-mail pour confirmer votre adresse. Elle ne sert qu’à \
        cette lettre et n’est jamais cédée.",
    form_has_errors: "Le formulaire contient une erreur : corrigez-la puis envoyez-le à nouveau.",

    email_required: "Indiquez votre adresse e-mail.",
    email_invalid: "Cette adresse e-mail n’est pas valide. Vérifiez-la (exemple : nom@domaine.fr).",
    email_too_long: "Cette adresse est trop longue (254 caractères au plus).",
    name_too_long: "Ce nom est trop long (100 caractères au plus).",
    name_has_link: "Un nom ne peut pas contenir de lien ni d’adresse e-mail.",
    topics_legend: "Les pays qui vous intéressent",
    topics_hint: "Votre lettre ne portera que les sujets cochés. Vous pourrez changer d’avis \
        depuis chaque lettre.",
    topics_required: "Cochez au moins un sujet.",
    topic_unknown: "Ce sujet n’existe pas : cochez parmi ceux proposés.",

    thanks_title: "Vérifiez votre boîte mail",
    thanks_body: "Si cette adresse peut recevoir notre lettre, un e-mail de confirmation vient d’y \
        être envoyé. Cliquez sur le lien qu’il contient pour terminer votre inscription.",
    thanks_hint: "Rien reçu d’ici quelques minutes ? Regardez dans les indésirables, ou inscrivez-vous \
        à nouveau un peu plus tard.",

    confirm_title: "Confirmer votre inscription",
    confirm_body: "Un clic encore : confirmez que vous voulez recevoir la lettre à cette adresse.",
    confirm_button: "Confirmer mon inscription",
    confirmed_title: "Inscription confirmée",
    confirmed_body: "Merci ! Vous recevrez la prochaine lettre dès sa parution.",
    already_confirmed_title: "Inscription déjà confirmée",
    already_confirmed_body: "Votre adresse était déjà confirmée : vous n’avez rien d’autre à faire.",
    confirm_after_unsubscribe_title: "Ce lien n’est plus valable",
    confirm_after_unsubscribe_body: "Vous vous êtes désabonné depuis. Pour recevoir de nouveau la \
        lettre, inscrivez-vous à nouveau.",

    unsubscribe_title: "Se désabonner",
    unsubscribe_body: "Vous ne recevrez plus la lettre à cette adresse. Vous pourrez vous réinscrire \
        quand vous le souhaitez.",
    unsubscribe_button: "Me désabonner",
    unsubscribed_title: "Vous êtes désabonné",
    unsubscribed_body: "Vous ne recevrez plus la lettre. Merci de nous avoir lus.",
    unsubscribe_offer: "Vous avez changé d’avis ? Se désabonner",
    resubscribe_link: "Vous avez changé d’avis ? Réinscrivez-vous",

    error_link_invalid_title: "Lien non valable",
    error_link_invalid_body: "Ce lien est incomplet ou a été modifié. Copiez-le en entier depuis \
        l’e-mail reçu, ou inscrivez-vous à nouveau.",
    error_link_expired_title: "Lien expiré",
    error_link_expired_body: "Ce lien de confirmation a expiré. Inscrivez-vous à nouveau : un \
        nouveau lien vous sera envoyé.",
    error_unknown_reader_title: "Abonnement introuvable",
    error_unknown_reader_body: "Cette adresse ne figure plus parmi nos lecteurs : elle a peut-être \
        été supprimée à votre demande.",
    error_not_found_title: "Page introuvable",
    error_not_found_body: "La page demandée n’existe pas ou a été déplacée.",
    error_too_large: "La requête est trop volumineuse (16 Kio au plus).",
    error_content_type: "Envoyez le formulaire (application/x-www-form-urlencoded) ou du JSON \
        (application/json).",
    error_not_utf8: "La requête contient des caractères illisibles (le texte doit être en UTF-8).",
    error_bad_request: "La requête est mal formée.",
    error_server_title: "Un incident est survenu",
    error_server_body: "Désolés, votre demande n’a pas pu aboutir. Réessayez dans un instant.",
    error_reference: "Référence de l’incident :",
    back_home: "Retour à l’inscription",

    confirmation_subject: "Confirmez votre inscription à la lettre de l’Asie centrale",
    mail_hello: "Bonjour",
    confirmation_intro: "Vous avez demandé à recevoir Caravan, la lettre hebdomadaire de \
        l’Asie centrale. Confirmez votre adresse pour commencer à la recevoir :",
    confirmation_button: "Confirmer mon inscription",
    confirmation_validity: "Ce lien est valable 7 jours.",
    confirmation_ignore: "Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : \
        vous ne recevrez rien d’autre.",
    mail_link_fallback: "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",

    digest_heading: "L’Asie centrale cette semaine",
    greeting: "Bonjour,",
    greeting_named: "Bonjour {name},",
    digest_read: "Lire l’article",
    digest_related: "Sur le même sujet",
    digest_minutes: "min de lecture",
    digest_web_version: "Voir cette lettre dans le navigateur",
    digest_links: "Liens",
    digest_why: "Vous recevez cette lettre parce que vous vous êtes inscrit à Caravan.",
    digest_unsubscribe: "Se désabonner en un clic",

    digest_subscribe: "Recevoir cette lettre chaque semaine",
    digest_one_more: "et 1 autre sujet",
    digest_more: "et {n} autres sujets",

    archive_title: "Les lettres déjà parues",
    archive_empty: "Aucune lettre n’est encore parue.",
    archive_search_label: "Chercher dans les lettres",
    archive_search_button: "Chercher",
    archive_results: "lettres parlent de",
    archive_no_results: "Aucune lettre ne parle de",
    archive_result_one: "1 lettre parle de",

    prefs: &super::preferences::FR,
    welcome: &super::welcome::FR,
    corrections: &super::corrections::FR,
    lang_names: [("fr", "Français"), ("en", "English")],
};
