//! Status codes, the one thing every bounce carries whatever its language: enhanced codes
//! (RFC 3463, `5.1.1`) and SMTP reply codes (`550`), what class each means, and how to find
//! them in the free text of bounces that are not DSNs (mail.ru, Yandex, older Exim and
//! qmail), by their shape, never by keywords.
use crate::store::BounceKind;

/// What a failure's code says about the address.
pub fn kind_of_failure(code: &str) -> BounceKind {
    let mut parts = code.split('.');
    match (parts.next(), parts.next()) {
        // Policy: the message or its sender was refused, not the address (spam filters,
        // DMARC, reputation). It must not cost a working address its subscription at once.
        (Some("5"), Some("7")) => BounceKind::Soft,
        (Some("5"), _) => BounceKind::Hard,
        _ if code.starts_with('5') && code.len() == 3 => BounceKind::Hard,
        _ => BounceKind::Soft,
    }
}

/// `x.y.z` with x 2, 4 or 5, y up to 3 digits, z up to 3 digits.
pub fn is_enhanced_code(text: &str) -> bool {
    let mut parts = text.split('.');
    let (Some(class), Some(subject), Some(detail), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    matches!(class, "2" | "4" | "5")
        && [subject, detail]
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

/// The failure code free text gives, where an SMTP answer can start: at the start of a line,
/// after `: ` (Exim's `host …: 550 …`, Postfix's `said: 550 …`), after `'` or `#`
/// (Exchange), after `;` (a DSN's `smtp; 550 …`, as providers quote it). A reply code (`550`) followed by an enhanced code of its class gives the
/// enhanced one (it says more); a lone enhanced code counts too. Only classes 4 and 5.
pub fn failure_code_in(text: &str) -> Option<String> {
    for line in text.lines() {
        for start in answer_starts(line) {
            if let Some(code) = answer_at(line[start..].trim_start()) {
                return Some(code);
            }
        }
    }
    None
}

fn answer_starts(line: &str) -> impl Iterator<Item = usize> + '_ {
    let first = line.len() - line.trim_start().len();
    std::iter::once(first)
        .chain(line.match_indices(": ").map(|(i, _)| i + 2))
        .chain(line.match_indices(['\'', '#', ';']).map(|(i, _)| i + 1))
}

fn answer_at(rest: &str) -> Option<String> {
    let mut words = rest
        .split([' ', '-'])
        .map(|w| w.trim_end_matches(['.', ',', ';', '\'']));
    let first = words.next()?;
    let failing = first.starts_with('4') || first.starts_with('5');
    if !failing {
        return None;
    }
    if first.len() == 3 && first.bytes().all(|b| b.is_ascii_digit()) {
        let enhanced = words
            .next()
            .filter(|w| is_enhanced_code(w) && w.as_bytes()[0] == first.as_bytes()[0]);
        return Some(enhanced.unwrap_or(first).to_owned());
    }
    is_enhanced_code(first).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_say_hard_or_soft() {
        assert_eq!(kind_of_failure("5.1.1"), BounceKind::Hard);
        assert_eq!(kind_of_failure("5.2.1"), BounceKind::Hard);
        assert_eq!(kind_of_failure("5.7.1"), BounceKind::Soft);
        assert_eq!(kind_of_failure("4.2.2"), BounceKind::Soft);
        assert_eq!(kind_of_failure("550"), BounceKind::Hard);
        assert_eq!(kind_of_failure("452"), BounceKind::Soft);
    }

    #[test]
    fn codes_are_found_by_shape_in_the_text_of_real_bounces() {
        // Exim (mail.ru's servers), Russian text around the code.
        let exim = "Это письмо создано автоматически.\n  user@mail.ru\n    host mxs.mail.ru \
                    [94.100.180.31]: 550 Message was not accepted -- invalid mailbox.";
        assert_eq!(failure_code_in(exim).as_deref(), Some("550"));
        // Yandex: a reply code with an enhanced one; the enhanced one wins.
        let yandex = "Сообщение не доставлено.\n<user@yandex.ru>: host mx.yandex.ru said: \
                      550 5.7.1 No such user! (in reply to end of DATA command)";
        assert_eq!(failure_code_in(yandex).as_deref(), Some("5.7.1"));
        assert_eq!(
            failure_code_in("smtp;550 5.1.1 The email account does not exist.").as_deref(),
            Some("5.1.1")
        );
        let qmail = "Sorry, I wasn't able to establish an SMTP connection.\n\
                     <user@example.kz>:\n452 4.2.2 Mailbox full";
        assert_eq!(failure_code_in(qmail).as_deref(), Some("4.2.2"));
        // Numbers that are not codes: versions, years, prices, success.
        for text in [
            "Version 5.0.1 released in 2025",
            "Le prix est de 550 soms.",
            "2.0.0 Ok: queued",
            "ticket 450123",
        ] {
            assert_eq!(failure_code_in(text), None, "{text}");
        }
    }
}
