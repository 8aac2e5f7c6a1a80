//! `caravan serve` as a child process whose JSON logs go to a file, for the tests that read
//! what the service logged (privacy, the cause of a 500).
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::binary::caravan;

pub struct LoggedServer {
    child: Child,
    log_path: PathBuf,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl LoggedServer {
    /// Starts `caravan serve --no-scheduler` in `dir` on a free port with JSON logs and the
    /// variables in `env`, and waits until `/health` answers.
    pub async fn start(dir: &Path, database_url: &str, env: &[(&str, &str)]) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // A file, not a pipe: a pipe nobody reads until the end would fill and block the server.
        let log_path = dir.join("caravan.log");
        let child = caravan(dir)
            .args(["serve", "--no-scheduler"])
            .env("DATABASE_URL", database_url)
            .env("CARAVAN_LISTEN", format!("127.0.0.1:{port}"))
            .env("CARAVAN_LOG_FORMAT", "json")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while reqwest::get(format!("{base}/health")).await.is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "serve did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            child,
            log_path,
            base,
        }
    }

    /// Stops the server with SIGTERM, checks that it exited by itself, and returns its log.
    pub fn stop(mut self) -> String {
        let stopped = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(stopped.success());
        assert!(
            self.child.wait().unwrap().code().is_some(),
            "serve exited on SIGTERM"
        );
        std::fs::read_to_string(&self.log_path).unwrap()
    }
}
