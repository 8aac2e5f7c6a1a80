use super::*;
use proptest::prelude::*;

/// A DSN in the shape Postfix writes it.
pub(crate) fn postfix_dsn(status: &str, action: &str) -> String {
    format!(
        "From: MAILER-DAEMON@relay.example.org (Mail Delivery System)\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         To: b-d1-2-00@bounces.example.org\r\n\
         Auto-Submitted: auto-replied\r\n\
         Message-Id: <20261130.ABC@relay.example.org>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status;\r\n\
         \tboundary=\"B1\"\r\n\r\n\
         --B1\r\nContent-Description: Notification\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n\
         I'm sorry to have to inform you that your message could not\r\nbe delivered.\r\n\r\n\
         --B1\r\nContent-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n\
         Reporting-MTA: dns; relay.example.org\r\nX-Postfix-Queue-ID: ABC\r\n\
         Arrival-Date: Mon, 30 Nov 2026 10:00:00 +0000 (UTC)\r\n\r\n\
         Final-Recipient: rfc822; nobody@example.kz\r\nOriginal-Recipient: rfc822;nobody@example.kz\r\n\
         Action: {action}\r\nStatus: {status}\r\nRemote-MTA: dns; mx.example.kz\r\n\
         Diagnostic-Code: smtp; 550 {status} <nobody@example.kz>: Recipient address\r\n    rejected: User unknown\r\n\r\n\
         --B1\r\nContent-Description: Undelivered Message Headers\r\nContent-Type: text/rfc822-headers\r\n\r\n\
         Return-Path: <b-d1-2-00@bounces.example.org>\r\nSubject: La lettre\r\n\r\n--B1--\r\n"
    )
}

#[test]
fn a_postfix_dsn_gives_each_recipients_outcome() {
    let parsed = parse(postfix_dsn("5.1.1", "failed").as_bytes());
    assert_eq!(
        parsed.message_id.as_deref(),
        Some("20261130.ABC@relay.example.org")
    );
    let Report::Outcomes(outcomes) = parsed.report else {
        panic!("{:?}", parsed.report)
    };
    assert_eq!(outcomes.len(), 1);
    assert_eq!(outcomes[0].kind, BounceKind::Hard);
    assert_eq!(outcomes[0].status.as_deref(), Some("5.1.1"));
    assert!(
        outcomes[0]
            .diagnostic
            .as_deref()
            .unwrap()
            .ends_with("rejected: User unknown")
    );
    let full = parse(postfix_dsn("4.2.2", "failed").as_bytes()).report;
    assert!(matches!(&full, Report::Outcomes(o) if o[0].kind == BounceKind::Soft));
    let policy = parse(postfix_dsn("5.7.1", "failed").as_bytes()).report;
    assert!(matches!(&policy, Report::Outcomes(o) if o[0].kind == BounceKind::Soft));
    let delayed = parse(postfix_dsn("4.4.1", "delayed").as_bytes()).report;
    assert_eq!(delayed, Report::Ignored("a delay notice"));
    let delivered = parse(postfix_dsn("2.0.0", "delivered").as_bytes()).report;
    assert!(matches!(&delivered, Report::Outcomes(o) if o[0].kind == BounceKind::Delivered));
}

#[test]
fn a_free_text_bounce_is_read_by_its_code() {
    // Exim, as mail.ru's servers send it: no DSN part, a reply code in Russian text.
    let exim = "From: Mail Delivery System <Mailer-Daemon@mx.mail.ru>\r\n\
                To: b-d1-2-00@bounces.example.org\r\nSubject: =?UTF-8?B?0J3QtSDQtNC+0YHRgtCw0LLQu9C10L3Qvg==?=\r\n\
                Auto-Submitted: auto-replied\r\nX-Failed-Recipients: reader@mail.ru\r\n\
                Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\
                Это письмо создано автоматически.\r\n  reader@mail.ru\r\n    host mxs.mail.ru [94.100.180.31]: \
                550 Message was not accepted -- invalid mailbox.\r\n";
    let Report::Outcomes(outcomes) = parse(exim.as_bytes()).report else {
        panic!("not read")
    };
    assert_eq!(outcomes[0].kind, BounceKind::Hard);
    assert_eq!(outcomes[0].status.as_deref(), Some("550"));
}

#[test]
fn auto_replies_are_ignored_and_complaints_recognised() {
    let vacation = "From: reader@example.uz\r\nTo: b-d1-2-00@bounces.example.org\r\n\
                    Subject: Absent\r\nAuto-Submitted: auto-replied\r\n\r\n\
                    Je suis absente : 550 messages en attente.\r\n";
    assert_eq!(
        parse(vacation.as_bytes()).report,
        Report::Ignored("an auto-reply")
    );
    let arf = arf("abuse");
    assert_eq!(
        parse(arf.as_bytes()).report,
        Report::Complaint {
            feedback_type: "abuse".into(),
            agent: Some("Yahoo!-Mail-Feedback/2.0".into())
        }
    );
    assert_eq!(
        parse(self::arf("not-spam").as_bytes()).report,
        Report::Ignored("a not-spam report")
    );
    assert_eq!(
        parse(b"Subject: hello\r\n\r\njust a reply").report,
        Report::Unrecognised
    );
}

/// An ARF report as Yahoo's feedback loop sends it.
pub(crate) fn arf(feedback_type: &str) -> String {
    format!(
        "From: feedback@arf.mail.yahoo.com\r\nTo: b-d1-2-00@bounces.example.org\r\n\
         Message-ID: <arf-1@yahoo.com>\r\nSubject: FW: La lettre\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=feedback-report; boundary=\"F\"\r\n\r\n\
         --F\r\nContent-Type: text/plain\r\n\r\nThis is an email abuse report.\r\n\r\n\
         --F\r\nContent-Type: message/feedback-report\r\n\r\n\
         Feedback-Type: {feedback_type}\r\nUser-Agent: Yahoo!-Mail-Feedback/2.0\r\nVersion: 1\r\n\
         Original-Mail-From: <b-d1-2-00@bounces.example.org>\r\n\
         Arrival-Date: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\n\
         --F\r\nContent-Type: message/rfc822\r\n\r\n\
         Return-Path: <b-d1-2-00@bounces.example.org>\r\nFrom: news@example.org\r\n\
         Subject: La lettre\r\n\r\nbody\r\n--F--\r\n"
    )
}

proptest! {
    #[test]
    fn any_bytes_give_an_answer(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse(&bytes);
    }

    #[test]
    fn any_delivery_status_body_gives_an_answer(body in "[ -~\r\n\t]{0,1500}") {
        let message = format!(
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n\
             --B\r\nContent-Type: message/delivery-status\r\n\r\n{body}\r\n--B--\r\n"
        );
        let _ = parse(message.as_bytes());
    }
}
