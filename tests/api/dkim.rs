//! DKIM: with `CARAVAN_DKIM_SELECTOR` and `CARAVAN_DKIM_KEY` set, issues and confirmations are
//! signed, and dkimpy (an independent implementation) verifies the signature; a message
//! changed after signing fails.
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::delivery::deliver;
use crate::fan_out::readers_and_a_draft;
use crate::helpers::{Db, TestApp, TestOptions};

/// Debian's python3 (`.ci/run` installs python3-dkim for it), not a user's virtualenv.
const PYTHON: &str = "/usr/bin/python3";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dkim")
}

/// What dkimpy says of each signature of this raw message, in order: `(selector, "pass")`.
fn dkimpy(raw: &str) -> Vec<(String, String)> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), raw).unwrap();
    let key = |name: &str| fixtures().join(name).display().to_string();
    let output = Command::new(PYTHON)
        .arg(fixtures().join("verify.py"))
        .arg(file.path())
        .arg("caravan.test")
        .arg(format!("caravan=rsa:{}", key("rsa-public.b64")))
        .arg(format!("ed=ed25519:{}", key("ed25519-public.b64")))
        .output()
        .expect("python3 runs (install python3-dkim: .ci/run does)");
    assert!(
        output.status.success(),
        "dkimpy failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(selector, verdict)| (selector.to_owned(), verdict.to_owned()))
        .collect()
}

fn passes(selectors: &[&str]) -> Vec<(String, String)> {
    selectors
        .iter()
        .map(|s| (s.to_string(), "pass".to_owned()))
        .collect()
}

/// An app signing with `selectors` and `keys` (comma lists), its readers sent an issue; the
/// confirmation and the issue's first letter, raw.
async fn signed_mail(db: Db, selectors: &str, keys: &[&str]) -> (String, String) {
    let keys: Vec<String> = keys
        .iter()
        .map(|k| fixtures().join(k).display().to_string())
        .collect();
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![
                ("CARAVAN_DKIM_SELECTOR", selectors.to_owned()),
                ("CARAVAN_DKIM_KEY", keys.join(",")),
            ],
            ..Default::default()
        },
    )
    .await;
    let issue = readers_and_a_draft(&app).await;
    app.store.queue_issue(issue, None).await.unwrap();
    deliver(&app, issue).await;
    let files = app.outbox_files();
    let confirmation = files
        .iter()
        .find(|(_, raw)| raw.contains("/subscriptions/confirm?"))
        .unwrap();
    let letter = files
        .iter()
        .find(|(name, _)| name.starts_with("20") && name.contains("-s"))
        .unwrap();
    (confirmation.1.clone(), letter.1.clone())
}

async fn issues_and_confirmations_carry_a_signature_dkimpy_verifies(db: Db) {
    let (confirmation, letter) = signed_mail(db, "caravan", &["rsa-private.pem"]).await;
    for raw in [&confirmation, &letter] {
        assert!(raw.starts_with("DKIM-Signature: "), "{raw}");
        assert!(raw.contains("a=rsa-sha256") && raw.contains("d=caravan.test"));
        assert_eq!(dkimpy(raw), passes(&["caravan"]), "{raw}");
    }
    // The check can fail: a subject changed on the way breaks the signature.
    let tampered = letter.replacen("Subject: ", "Subject: Re: ", 1);
    assert_eq!(dkimpy(&tampered)[0].1, "fail");
    // The body's type is covered too (lettre's signer could not: it wrote it after signing).
    let signed = &letter[..letter.find("\r\n\r\n").unwrap()];
    assert!(
        signed.to_ascii_lowercase().contains("content-type"),
        "{signed}"
    );
    let tampered = letter.replacen("multipart/alternative", "multipart/mixed", 1);
    assert_eq!(dkimpy(&tampered)[0].1, "fail");
}

/// A PKCS#8 RSA key and an Ed25519 key (RFC 8463) together: two signatures, both verified.
async fn an_rsa_and_an_ed25519_key_give_two_signatures_both_verified(db: Db) {
    let (confirmation, letter) = signed_mail(
        db,
        "caravan,ed",
        &["rsa-private-pkcs8.pem", "ed25519-private.pem"],
    )
    .await;
    for raw in [&confirmation, &letter] {
        assert!(raw.contains("a=ed25519-sha256"), "{raw}");
        assert_eq!(dkimpy(raw), passes(&["caravan", "ed"]), "{raw}");
    }
    let tampered = letter.replacen("Subject: ", "Subject: Re: ", 1);
    let verdicts: Vec<String> = dkimpy(&tampered).into_iter().map(|(_, v)| v).collect();
    assert_eq!(verdicts, ["fail", "fail"]);
}

both_databases!(
    issues_and_confirmations_carry_a_signature_dkimpy_verifies,
    an_rsa_and_an_ed25519_key_give_two_signatures_both_verified,
);
