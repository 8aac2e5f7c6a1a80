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

/// What dkimpy says of this raw message: "pass" or "fail".
fn dkimpy(raw: &str) -> String {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), raw).unwrap();
    let output = Command::new(PYTHON)
        .arg(fixtures().join("verify.py"))
        .arg(file.path())
        .arg(fixtures().join("rsa-public.b64"))
        .arg("caravan._domainkey.caravan.test")
        .output()
        .expect("python3 runs (install python3-dkim: .ci/run does)");
    assert!(
        output.status.success(),
        "dkimpy failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

async fn issues_and_confirmations_carry_a_signature_dkimpy_verifies(db: Db) {
    let key = fixtures().join("rsa-private.pem").display().to_string();
    let app = TestApp::spawn_with(
        db,
        TestOptions {
            env: vec![
                ("CARAVAN_DKIM_SELECTOR", "caravan".to_owned()),
                ("CARAVAN_DKIM_KEY", key),
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
        .find(|(_, raw)| raw.contains("/subscriptions/confirm?"));
    let letter = files
        .iter()
        .find(|(name, _)| name.starts_with("20") && name.contains("-s"));
    for (name, raw) in [confirmation.unwrap(), letter.unwrap()] {
        assert!(
            raw.contains("DKIM-Signature: v=1; a=rsa-sha256; d=caravan.test; s=caravan;"),
            "{name}"
        );
        assert_eq!(dkimpy(raw), "pass", "{name}:\n{raw}");
    }
    // The check can fail: a subject changed on the way breaks the signature.
    let (_, raw) = letter.unwrap();
    let tampered = raw.replacen("Subject: ", "Subject: Re: ", 1);
    assert_eq!(dkimpy(&tampered), "fail");
}

both_databases!(issues_and_confirmations_carry_a_signature_dkimpy_verifies);
