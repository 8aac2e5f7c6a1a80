//! The sentences of corrections, in French and English: the note under a corrected story,
//! the correction letter, and the public list of corrections.

pub struct CorrectionTexts {
    /// Before a note, with its date: "Correction du 2026-11-30 :".
    pub note_label: &'static str,
    /// The correction letter's heading.
    pub heading: &'static str,
    /// Its first paragraph.
    pub intro: &'static str,
    /// Its subject, for one story: `{title}` is the story's.
    pub subject_one: &'static str,
    /// Its subject, for several: `{n}` is how many.
    pub subject_many: &'static str,
    /// Why this reader gets it.
    pub why: &'static str,
    /// The public list's title and lead.
    pub page_title: &'static str,
    pub page_lead: &'static str,
    pub page_none: &'static str,
}

pub const FR: CorrectionTexts = CorrectionTexts {
    note_label: "Correction du",
    heading: "Correction",
    intro: "Une lettre que nous vous avons envoyée contenait une erreur. La voici corrigée.",
    subject_one: "Correction : {title}",
    subject_many: "Corrections : {n} articles",
    why: "Vous recevez ce message parce que notre lettre vous a apporté l’article corrigé.",
    page_title: "Corrections",
    page_lead: "Chaque erreur corrigée dans nos lettres, la plus récente en premier. Les lecteurs \
        qui avaient reçu l’article ont reçu la correction.",
    page_none: "Aucune correction publiée.",
};

pub const EN: CorrectionTexts = CorrectionTexts {
    note_label: "Correction of",
    heading: "Correction",
    intro: "A letter we sent you contained an error. Here it is, corrected.",
    subject_one: "Correction: {title}",
    subject_many: "Corrections: {n} stories",
    why: "You get this message because our letter brought you the corrected story.",
    page_title: "Corrections",
    page_lead: "Every error corrected in our letters, newest first. Readers who had received \
        the story received the correction.",
    page_none: "No correction published.",
};
