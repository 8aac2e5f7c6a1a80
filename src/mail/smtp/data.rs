//! The message as DATA carries it (dot-stuffed, ended by a lone `.`); apart so that both
//! ways of sending (pipelined and one command at a time) share it.
/// The message as DATA carries it: a `.` doubled at the start of a line (RFC 5321 §4.5.2),
/// a final line break, and the lone `.` that ends it.
pub fn dot_stuffed(message: &[u8], out: &mut Vec<u8>) {
    out.reserve(message.len() + 64);
    let mut start = 0;
    if message.first() == Some(&b'.') {
        out.push(b'.');
    }
    for at in memchr::memmem::find_iter(message, b"\n.") {
        out.extend_from_slice(&message[start..=at]);
        out.push(b'.');
        start = at + 1;
    }
    out.extend_from_slice(&message[start..]);
    if !message.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b".\r\n");
}

#[cfg(test)]
mod tests {
    use super::dot_stuffed;

    #[test]
    fn lines_starting_with_a_dot_get_a_second_one_and_the_end_is_marked() {
        let mut out = Vec::new();
        dot_stuffed(b".first\r\nmiddle\r\n.\r\n..two\r\nlast", &mut out);
        assert_eq!(
            out,
            b"..first\r\nmiddle\r\n..\r\n...two\r\nlast\r\n.\r\n".to_vec()
        );
        let mut out = Vec::new();
        dot_stuffed(b"ends well\r\n", &mut out);
        assert_eq!(out, b"ends well\r\n.\r\n".to_vec());
    }

    proptest::proptest! {
        /// What a relay reads back (RFC 5321 §4.5.2: up to the lone `.`, one leading dot of
        /// each line removed) is the message, with a final line break.
        #[test]
        fn a_relay_reads_back_the_message(message in "[.a\r\n]{0,60}") {
            let mut out = Vec::new();
            dot_stuffed(message.as_bytes(), &mut out);
            let text = String::from_utf8(out).unwrap();
            let body = text.strip_suffix(".\r\n").expect("ends with the lone dot");
            let mut read = String::new();
            for line in body.split_inclusive('\n') {
                proptest::prop_assert_ne!(line, ".\r\n", "a lone dot before the end");
                read.push_str(line.strip_prefix('.').unwrap_or(line));
            }
            let mut expected = message.clone();
            if !expected.ends_with("\r\n") {
                expected.push_str("\r\n");
            }
            proptest::prop_assert_eq!(read, expected);
        }
    }
}
