//! Sending from the command line, as a newcomer does it: import readers, build the digest,
//! `caravan issues send 1 --wait`, find one copy per reader in the outbox folder.
use crate::binary::{import_seeds, run};

fn out(output: &std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn readers_csv(dir: &std::path::Path, count: usize) {
    let mut csv = String::from("email,name,lang\n");
    for i in 0..count {
        let lang = if i % 3 == 0 { "en" } else { "fr" };
        csv.push_str(&format!("reader{i}@example.kz,Lecteur {i},{lang}\n"));
    }
    std::fs::write(dir.join("readers.csv"), csv).unwrap();
}

fn eml_files(dir: &std::path::Path) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(dir.join("outbox"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".eml") && !name.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn a_newcomer_sends_the_digest_and_watches_it_finish() {
    let dir = tempfile::tempdir().unwrap();
    assert!(import_seeds(dir.path()).status.success());
    readers_csv(dir.path(), 25);
    let imported = out(&run(dir.path(), &["subscribers", "import", "readers.csv"]));
    assert!(imported.starts_with("25 readers added"), "{imported}");
    out(&run(dir.path(), &["digest", "build"]));

    let sent = run(dir.path(), &["issues", "send", "1", "--wait"]);
    let stdout = out(&sent);
    assert!(stdout.starts_with("issue 1 queued\n"), "{stdout}");
    assert!(stdout.contains("Status: sent"), "{stdout}");
    assert!(
        stdout.contains("Deliveries: 25 (pending 0, retrying 0, sent 25, bounced 0"),
        "{stdout}"
    );
    assert!(stdout.contains("messages per second"), "{stdout}");
    let progress = String::from_utf8_lossy(&sent.stderr);
    assert!(
        progress.contains("issue 1: 25/25 done, sent"),
        "plain progress lines when not on a terminal: {progress}"
    );
    let files = eml_files(dir.path());
    assert_eq!(files.len(), 25, "{files:?}");
    let mut recipients: Vec<String> = files
        .iter()
        .map(|name| {
            let raw = std::fs::read_to_string(dir.path().join("outbox").join(name)).unwrap();
            let to = raw
                .lines()
                .find(|l| l.starts_with("To: "))
                .unwrap()
                .to_owned();
            assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
            to
        })
        .collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 25, "one copy per reader");

    let shown = out(&run(dir.path(), &["issues", "show", "1"]));
    assert!(
        shown.contains("Status: sent") && shown.contains("sent 25"),
        "{shown}"
    );
    let again = out(&run(dir.path(), &["issues", "send", "1", "--wait"]));
    assert!(again.contains("is sent: nothing to send"), "{again}");
    let cancel = out(&run(dir.path(), &["issues", "cancel", "1"]));
    assert!(cancel.contains("already sent: nothing to stop"), "{cancel}");
    assert_eq!(eml_files(dir.path()).len(), 25, "nothing was sent twice");
}

#[test]
fn an_issue_queued_for_later_can_be_cancelled_and_never_goes_out() {
    let dir = tempfile::tempdir().unwrap();
    assert!(import_seeds(dir.path()).status.success());
    readers_csv(dir.path(), 3);
    out(&run(dir.path(), &["subscribers", "import", "readers.csv"]));
    out(&run(dir.path(), &["digest", "build"]));

    // A proof copy first, sent at once, the issue untouched.
    let test = out(&run(
        dir.path(),
        &[
            "issues",
            "test",
            "1",
            "--to",
            "redaction@caravan.test",
            "--lang",
            "en",
        ],
    ));
    assert!(
        test.contains("1 test copy of issue 1 sent to redaction@caravan.test"),
        "{test}"
    );
    let files = eml_files(dir.path());
    assert_eq!(files.len(), 1);
    let raw = std::fs::read_to_string(dir.path().join("outbox").join(&files[0])).unwrap();
    assert!(raw.contains("Subject: [TEST]") && raw.contains("To: redaction@caravan.test"));
    let bad_to = run(
        dir.path(),
        &["issues", "test", "1", "--to", "not-an-address"],
    );
    assert!(!bad_to.status.success());
    assert!(String::from_utf8_lossy(&bad_to.stderr).contains("--to \"not-an-address\""));

    let bad = run(dir.path(), &["issues", "queue", "1", "--at", "next monday"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected a time such as"));

    let queued = out(&run(
        dir.path(),
        &["issues", "queue", "1", "--at", "2099-01-05T08:00:00+05:00"],
    ));
    assert!(
        queued.contains("queued for") && queued.contains("2099-01-05T03:00:00+00:00"),
        "{queued}"
    );
    let twice = out(&run(dir.path(), &["issues", "queue", "1"]));
    assert!(
        twice.contains("issue 1 is queued: nothing changed"),
        "{twice}"
    );
    let cancelled = out(&run(dir.path(), &["issues", "cancel", "1"]));
    assert!(
        cancelled.contains("issue 1 cancelled; 0 messages"),
        "{cancelled}"
    );
    let list = out(&run(dir.path(), &["issues", "list"]));
    assert!(list.contains("cancelled"), "{list}");
    assert_eq!(eml_files(dir.path()).len(), 1, "only the test copy");
    let unknown = run(dir.path(), &["issues", "cancel", "42"]);
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("there is no issue 42"));
}

#[test]
fn subscribers_import_names_every_bad_row_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("readers.csv"),
        "email,name,lang\nok@example.kz,Aïgerim,fr\nnot-an-address,,\nalso@example.kz,,de\n",
    )
    .unwrap();
    let output = run(dir.path(), &["subscribers", "import", "readers.csv"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3") && stderr.contains("not-an-address"),
        "{stderr}"
    );
    assert!(
        stderr.contains("line 4") && stderr.contains("expected fr or en"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing imported"), "{stderr}");
    // Fixed, the same file imports; run twice, it adds nobody twice.
    std::fs::write(
        dir.path().join("readers.csv"),
        "ok@example.kz,Aïgerim,fr\nalso@example.kz,,en\n",
    )
    .unwrap();
    let first = out(&run(dir.path(), &["subscribers", "import", "readers.csv"]));
    assert!(first.starts_with("2 readers added"), "{first}");
    let second = out(&run(dir.path(), &["subscribers", "import", "readers.csv"]));
    assert!(second.starts_with("0 readers added"), "{second}");
}

#[test]
fn an_api_token_is_printed_once_and_can_be_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let created = run(dir.path(), &["tokens", "create", "cms"]);
    let token = out(&created).trim().to_owned();
    assert!(token.starts_with("cvn_") && token.len() > 40, "{token}");
    assert!(String::from_utf8_lossy(&created.stderr).contains("shown once"));
    let twice = run(dir.path(), &["tokens", "create", "cms"]);
    assert!(!twice.status.success(), "a name is used once");
    let list = out(&run(dir.path(), &["tokens", "list"]));
    assert!(list.contains("cms") && list.contains("live"), "{list}");
    assert!(
        !list.contains(&token),
        "the token itself is never shown again"
    );
    for file in ["caravan.db", "caravan.db-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(
            !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
            "only the hash is stored ({file})"
        );
    }
    out(&run(dir.path(), &["tokens", "revoke", "cms"]));
    let list = out(&run(dir.path(), &["tokens", "list"]));
    assert!(list.contains("revoked"), "{list}");
}

#[test]
fn readers_are_listed_and_exported_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    readers_csv(dir.path(), 4);
    out(&run(dir.path(), &["subscribers", "import", "readers.csv"]));
    let list = out(&run(
        dir.path(),
        &["subscribers", "list", "--search", "reader2"],
    ));
    assert!(
        list.contains("reader2@example.kz") && list.contains("confirmed"),
        "{list}"
    );
    assert_eq!(list.lines().count(), 1, "{list}");
    let export = out(&run(dir.path(), &["subscribers", "export"]));
    let mut lines = export.lines();
    assert_eq!(
        lines.next(),
        Some("email,name,lang,status,created_at,confirmed_at,unsubscribed_at,topics")
    );
    assert_eq!(lines.count(), 4);
    for line in [
        "reader1@example.kz,Lecteur 1,fr,confirmed,",
        "reader3@example.kz,Lecteur 3,en,confirmed,",
    ] {
        assert!(export.contains(line), "{export}");
    }
    let bad = run(dir.path(), &["subscribers", "list", "--status", "gone"]);
    assert_eq!(bad.status.code(), Some(2), "clap names the possible values");
}

#[test]
fn accounts_are_added_with_an_argon2_hash_only() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let mut child = crate::binary::caravan(dir.path())
        .args([
            "users",
            "add",
            "Editor@Example.kz",
            "--role",
            "editor",
            "--password-stdin",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"une phrase de passe longue\n")
        .unwrap();
    let added = child.wait_with_output().unwrap();
    assert!(out(&added).contains("added"));

    let generated = out(&run(
        dir.path(),
        &["users", "add", "chef@example.kz", "--role", "admin"],
    ));
    let password = generated.lines().last().unwrap();
    assert!(
        password.len() >= 20,
        "a strong generated password: {generated}"
    );

    let again = run(
        dir.path(),
        &["users", "add", "editor@example.kz", "--role", "admin"],
    );
    assert!(
        !again.status.success(),
        "one account per address, whatever the case"
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has an account"));
    let bad_role = run(
        dir.path(),
        &["users", "add", "x@example.kz", "--role", "boss"],
    );
    assert_eq!(bad_role.status.code(), Some(2));

    let list = out(&run(dir.path(), &["users", "list"]));
    assert!(list.contains("editor") && list.contains("admin"), "{list}");
    for file in ["caravan.db", "caravan.db-wal"] {
        let bytes = std::fs::read(dir.path().join(file)).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("une phrase de passe longue") && !text.contains(password));
    }
    let db = std::fs::read(dir.path().join("caravan.db")).unwrap_or_default();
    let wal = std::fs::read(dir.path().join("caravan.db-wal")).unwrap_or_default();
    let stored = String::from_utf8_lossy(&db).into_owned() + &String::from_utf8_lossy(&wal);
    assert!(stored.contains("$argon2id$"), "hashes are stored");
}
