//! SMTP replies (RFC 5321 §4.2): a three-digit code and text, over one or more lines, and
//! what a failed one means for a message.
use crate::mail::SendError;

/// One reply; a multi-line reply's lines are joined with `\n` (EHLO's keywords, one a line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub text: String,
}

impl Reply {
    pub fn is_positive(&self) -> bool {
        (200..400).contains(&self.code)
    }

    /// The relay asks to slow down: SES's `454 Throttling`, `421` (closing, come back later),
    /// or any 4xx with an enhanced status of class 4.7 (`451 4.7.0 rate limited`). Read
    /// from the codes, not from words.
    pub fn is_throttling(&self) -> bool {
        self.code == 454
            || self.code == 421
            || ((400..500).contains(&self.code) && self.text.starts_with("4.7."))
    }

    /// What a sender does with this reply to a message: a 5xx is final for that message,
    /// anything else is worth trying again. No reader's address is kept (relays quote it).
    pub fn into_error(self, command: &str) -> SendError {
        let message = crate::domain::redact_addresses(&format!(
            // `answered {command}: 550 …`: the code where an SMTP answer starts, so that
            // the bounce ledger reads it back (`bounces::failure_code_in`).
            "the relay answered {command}: {} {}",
            self.code,
            self.text.replace('\n', " ")
        ));
        if (500..600).contains(&self.code) {
            SendError::permanent(message)
        } else {
            SendError {
                throttled: self.is_throttling(),
                ..SendError::transient(message)
            }
        }
    }
}

/// Adds one line to a reply being read; `Some` once the last line (`NNN ` rather than
/// `NNN-`) has come. A line that is not a reply is an error: the peer is not speaking SMTP.
pub fn push_line(lines: &mut Vec<String>, line: &str) -> Result<Option<Reply>, String> {
    let line = line.trim_end_matches(['\r', '\n']);
    let bytes = line.as_bytes();
    let code = line
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|c| (200..600).contains(c))
        .ok_or_else(|| format!("not an SMTP reply: {:?}", truncate(line)))?;
    let text = line.get(4..).unwrap_or("").to_owned();
    match bytes.get(3) {
        Some(b'-') => {
            lines.push(text);
            Ok(None)
        }
        None | Some(b' ') => {
            lines.push(text);
            let text = lines.join("\n");
            lines.clear();
            Ok(Some(Reply { code, text }))
        }
        Some(_) => Err(format!("not an SMTP reply: {:?}", truncate(line))),
    }
}

fn truncate(line: &str) -> &str {
    match line.char_indices().nth(80) {
        Some((at, _)) => &line[..at],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_replies_end_on_a_space_after_the_code() {
        let mut lines = Vec::new();
        assert_eq!(push_line(&mut lines, "250-relay.example\r\n"), Ok(None));
        assert_eq!(push_line(&mut lines, "250-PIPELINING\r\n"), Ok(None));
        let reply = push_line(&mut lines, "250 CHUNKING\r\n").unwrap().unwrap();
        assert_eq!(reply.code, 250);
        assert_eq!(reply.text, "relay.example\nPIPELINING\nCHUNKING");
        assert!(lines.is_empty());
        let bare = push_line(&mut lines, "354\r\n").unwrap().unwrap();
        assert_eq!((bare.code, bare.text.as_str()), (354, ""));
    }

    #[test]
    fn anything_else_is_refused_not_guessed() {
        for line in [
            "HTTP/1.1 400 Bad Request",
            "25",
            "abc def",
            "250x",
            "999 what",
            "",
        ] {
            assert!(push_line(&mut Vec::new(), line).is_err(), "{line:?}");
        }
    }

    #[test]
    fn a_failure_keeps_the_code_and_drops_the_address() {
        let reply = Reply {
            code: 550,
            text: "5.1.1 <reader@example.tm>: no such user".into(),
        };
        let error = reply.into_error("RCPT TO");
        assert!(!error.transient);
        assert!(error.message.contains("550 5.1.1"), "{}", error.message);
        assert!(!error.message.contains("reader@example.tm"));
        let later = Reply {
            code: 451,
            text: "4.3.0 try later".into(),
        };
        let later = later.into_error("DATA");
        assert!(later.transient && !later.throttled);
        for (code, text) in [
            (454, "Throttling failure: Maximum sending rate exceeded."),
            (421, "4.7.0 Try again later, closing connection."),
            (451, "4.7.1 rate limited"),
        ] {
            let reply = Reply {
                code,
                text: text.into(),
            };
            assert!(reply.into_error("MAIL FROM").throttled, "{code} {text}");
        }
    }
}
