//! The sentences of signing in: password, two-factor setup, sessions and the code step.
//! Apart from the other pages' sentences so each page's texts read on their own; `mod.rs`
//! gathers every part into one `AdminTexts`.

/// Appends these sentences to those gathered so far and hands them to the next part.
macro_rules! sign_in_texts {
    ($next:ident $(, $rest:ident)*; $($gathered:tt)*) => {
        $next! { $($rest),*; $($gathered)*
        login_title: "Connexion à la rédaction", "Newsroom sign-in";
        login_email: "Adresse e-mail", "E-mail address";
        login_password: "Mot de passe", "Password";
        login_button: "Se connecter", "Sign in";
        login_failed: "Adresse ou mot de passe incorrect.", "Wrong address or password.";
        login_throttled: "Trop de tentatives : réessayez dans une minute.", "Too many attempts: try again in a minute.";
        login_too_long: "L'adresse (254 octets au plus) ou le mot de passe (1024 octets au plus) est trop long.", "The address (254 bytes at most) or the password (1024 bytes at most) is too long.";
        signed_out: "Vous êtes déconnecté·e.", "You are signed out.";

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
    };
}
