//! The field blocks of a `message/delivery-status` (RFC 3464) or `message/feedback-report`
//! (RFC 5965) body: header-style `Name: value` lines, folded lines joined, blocks apart by
//! blank lines. mail-parser reads the MIME around them but hands these bodies over as bytes.

/// One block of fields, names lowercased, in order.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// The first value of `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// A typed field's value without its type: `rfc822; a@b` gives `a@b`, `smtp; 550 …`
    /// gives `550 …`.
    pub fn get_typed(&self, name: &str) -> Option<&str> {
        let value = self.get(name)?;
        Some(value.split_once(';').map_or(value, |(_, v)| v).trim())
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The blocks of `body`, empty ones left out. Lines that are neither a field nor a folded
/// continuation are skipped: a report is parsed as far as it makes sense.
pub fn blocks(body: &str) -> Vec<Fields> {
    let mut blocks = Vec::new();
    let mut current = Fields::default();
    for line in body.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.0.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':')
            && !name.is_empty()
            && !name.contains(char::is_whitespace)
        {
            current
                .0
                .push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_split_and_folded_lines_joined() {
        let body = "Reporting-MTA: dns; mx.example.kz\r\n\r\nFinal-Recipient: rfc822; a@example.kz\r\n\
                    Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1\r\n  \
                    user unknown\r\n\r\n\r\nFinal-Recipient: rfc822;b@example.kz\r\nAction: delayed\r\n";
        let blocks = blocks(body);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].get_typed("reporting-mta"), Some("mx.example.kz"));
        assert_eq!(blocks[1].get("ACTION"), Some("failed"));
        assert_eq!(
            blocks[1].get_typed("Diagnostic-Code"),
            Some("550 5.1.1 user unknown")
        );
        assert_eq!(blocks[2].get_typed("final-recipient"), Some("b@example.kz"));
        assert_eq!(blocks[2].get("status"), None);
    }
}
