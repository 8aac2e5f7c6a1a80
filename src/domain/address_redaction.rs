//! Relays quote the recipient in their answers (`550 5.1.1 <reader@example.kz>: user
//! unknown`). Those answers are logged and stored as a delivery's last error; an erased reader
//! must not live on there, so every address in such a text is replaced before it goes anywhere.

/// `text` with every e-mail address replaced by `<address>`.
pub fn redact_addresses(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let local = |c: char| c.is_alphanumeric() || "._%+-!#$&'*/=?^`{|}~".contains(c);
    let domain = |c: char| c.is_alphanumeric() || c == '.' || c == '-';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut start = i;
            while start > 0 && local(chars[start - 1]) {
                start -= 1;
            }
            let mut end = i + 1;
            while end < chars.len() && domain(chars[end]) {
                end += 1;
            }
            if start < i && end > i + 1 {
                // The local part was already copied: take it back out.
                let copied: usize = chars[start..i].iter().map(|c| c.len_utf8()).sum();
                out.truncate(out.len() - copied);
                out.push_str("<address>");
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn relay_answers_lose_their_addresses() {
        assert_eq!(
            redact_addresses("550 5.1.1 <aigerim.s+news@example.kz>: Recipient address rejected"),
            "550 5.1.1 <<address>>: Recipient address rejected"
        );
        assert_eq!(
            redact_addresses("to: Жанна@пример.рф, and b@c.d"),
            "to: <address>, and <address>"
        );
        assert_eq!(
            redact_addresses("421 try later @ 10:00"),
            "421 try later @ 10:00"
        );
    }

    proptest! {
        #[test]
        fn no_address_survives(local in "[a-z0-9._+-]{1,20}", host in "[a-z0-9-]{1,20}\\.[a-z]{2,6}", around in "\\PC{0,40}") {
            let address = format!("{local}@{host}");
            let text = format!("{around} <{address}> {around}");
            prop_assert!(!redact_addresses(&text).contains(&address));
        }
    }
}
