//! What a message that came back to a return path says: a DSN (RFC 3464) with each
//! recipient's action and status, a complaint (ARF, RFC 5965), an auto-reply (RFC 3834,
//! ignored), or a free-text bounce read by its status codes. mail-parser (Stalwart's, the
//! MIME parser of a production mail server) takes the MIME apart; any bytes give an answer,
//! never a panic.
use mail_parser::{MessageParser, MimeHeaders};

use super::fields::{Fields, blocks};
use super::status_code::{failure_code_in, is_enhanced_code, kind_of_failure};
use crate::store::BounceKind;

/// One recipient's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub kind: BounceKind,
    /// The enhanced status code, or the reply code when that is all there is.
    pub status: Option<String>,
    pub diagnostic: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    /// Bounces or delivery notices, one per recipient reported on.
    Outcomes(Vec<Outcome>),
    /// The reader marked the message as spam (or fraud, or a virus).
    Complaint {
        feedback_type: String,
        agent: Option<String>,
    },
    /// Understood, and nothing to do: an auto-reply, a delay notice, a not-spam report.
    Ignored(&'static str),
    /// Not a report we can read: logged and dropped.
    Unrecognised,
}

/// A report and what identifies it, for storing it once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub report: Report,
    /// The report's own `Message-ID`: the same report sent twice has the same one.
    pub message_id: Option<String>,
}

/// Reads `raw` (a whole message as received).
pub fn parse(raw: &[u8]) -> Parsed {
    let Some(message) = MessageParser::new().parse(raw) else {
        return Parsed {
            report: Report::Unrecognised,
            message_id: None,
        };
    };
    let message_id = message.message_id().map(str::to_owned);
    let mut delivery_status = None;
    let mut feedback = None;
    for part in &message.parts {
        if part.is_content_type("message", "delivery-status")
            || part.is_content_type("message", "global-delivery-status")
        {
            delivery_status.get_or_insert_with(|| String::from_utf8_lossy(part.contents()));
        } else if part.is_content_type("message", "feedback-report") {
            feedback.get_or_insert_with(|| String::from_utf8_lossy(part.contents()));
        }
    }
    let report = if let Some(body) = feedback {
        complaint(&blocks(&body))
    } else if let Some(body) = delivery_status {
        dsn(&blocks(&body))
    } else {
        let text: Vec<String> = (0..message.text_body.len())
            .filter_map(|i| message.body_text(i).map(|t| t.into_owned()))
            .collect();
        let header = |name: &'static str| message.header_raw(name).map(|v| v.trim().to_owned());
        free_text(&text.join("\n"), &header)
    };
    Parsed { report, message_id }
}

fn complaint(blocks: &[Fields]) -> Report {
    let Some(fields) = blocks.first() else {
        return Report::Unrecognised;
    };
    let Some(feedback_type) = fields.get("feedback-type") else {
        return Report::Unrecognised;
    };
    let feedback_type = feedback_type.to_ascii_lowercase();
    match feedback_type.as_str() {
        "abuse" | "fraud" | "virus" | "other" => Report::Complaint {
            feedback_type,
            agent: fields.get("user-agent").map(str::to_owned),
        },
        "not-spam" => Report::Ignored("a not-spam report"),
        _ => Report::Ignored("a feedback report that is not a complaint"),
    }
}

fn dsn(blocks: &[Fields]) -> Report {
    let mut outcomes = Vec::new();
    let mut delayed = false;
    for fields in blocks {
        let Some(action) = fields.get("action") else {
            continue; // the per-message block
        };
        let diagnostic = fields.get_typed("diagnostic-code").map(str::to_owned);
        let status = fields
            .get("status")
            .map(|s| s.split_whitespace().next().unwrap_or(""))
            .filter(|s| is_enhanced_code(s))
            .map(str::to_owned)
            .or_else(|| diagnostic.as_deref().and_then(failure_code_in));
        let kind = match action.to_ascii_lowercase().as_str() {
            "failed" => match status.as_deref() {
                Some(code) => kind_of_failure(code),
                None => BounceKind::Hard,
            },
            "delivered" | "relayed" | "expanded" => BounceKind::Delivered,
            _ => {
                delayed = true;
                continue;
            }
        };
        outcomes.push(Outcome {
            kind,
            status,
            diagnostic,
        });
    }
    match (outcomes.is_empty(), delayed) {
        (false, _) => Report::Outcomes(outcomes),
        (true, true) => Report::Ignored("a delay notice"),
        (true, false) => Report::Unrecognised,
    }
}

/// A bounce without a DSN part. Mailer daemons' messages are read by their codes; an
/// auto-reply (RFC 3834 and the usual markers) is ignored; anything else counts only if a
/// failure code can be found in it.
fn free_text(text: &str, header: &dyn Fn(&'static str) -> Option<String>) -> Report {
    let from_daemon = header("X-Failed-Recipients").is_some()
        || header("From").is_some_and(|from| {
            let from = from.to_ascii_lowercase();
            from.contains("mailer-daemon@") || from.contains("postmaster@")
        });
    let auto_reply = header("Auto-Submitted").is_some_and(|v| !v.eq_ignore_ascii_case("no"))
        || header("X-Autoreply").is_some()
        || header("X-Autorespond").is_some()
        || header("Precedence").is_some_and(|v| v.eq_ignore_ascii_case("auto_reply"));
    if auto_reply && !from_daemon {
        return Report::Ignored("an auto-reply");
    }
    let Some(code) = failure_code_in(text) else {
        return Report::Unrecognised;
    };
    let line = text
        .lines()
        .find(|line| line.contains(code.as_str()))
        .map(|line| line.trim().to_owned());
    Report::Outcomes(vec![Outcome {
        kind: kind_of_failure(&code),
        status: Some(code),
        diagnostic: line,
    }])
}

#[cfg(test)]
#[path = "report_tests.rs"]
mod tests;
