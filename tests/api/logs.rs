//! Logs as JSON lines (`CARAVAN_LOG_FORMAT=json`): every line written while a request is
//! handled carries that request's id, including the lines of the database calls it makes.
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::binary::caravan;

fn http(port: u16, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
}

#[test]
fn every_line_of_a_request_carries_its_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = caravan(dir.path())
        .args(["serve", "--no-scheduler"])
        .env("CARAVAN_LISTEN", format!("127.0.0.1:{port}"))
        .env("CARAVAN_LOG_FORMAT", "json")
        // sqlx logs each query at debug: lines written inside the request by other crates.
        .env("RUST_LOG", "info,sqlx=debug")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !std::net::TcpStream::connect(("127.0.0.1", port)).is_ok_and(|_| {
        http(
            port,
            "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .starts_with("HTTP/1.1 200")
    }) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let answer = http(
        port,
        "GET /archive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    let logs = String::from_utf8_lossy(&output.stderr);

    let lines: Vec<serde_json::Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    // The lines of the archive request: those inside its span.
    let of_request: Vec<&serde_json::Value> = lines
        .iter()
        .filter(|l| {
            l["spans"]
                .as_array()
                .is_some_and(|spans| spans.iter().any(|s| s["http.route"] == "/archive"))
        })
        .collect();
    assert!(
        of_request.len() >= 2,
        "the request and its queries logged: {logs}"
    );
    let ids: std::collections::HashSet<String> = of_request
        .iter()
        .map(|l| {
            l["spans"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|s| s["request_id"].as_str())
                .unwrap_or_else(|| panic!("no request id: {l}"))
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one request, one id: {ids:?}");
    assert!(
        of_request.iter().any(|l| l["status"] == 200),
        "the closing line has the status"
    );
}
