//! A real Postfix for the tests: a private instance (its own configuration, queue and log in
//! a temporary folder, listening on a loopback port), so that bounces are the ones Postfix
//! writes itself. Needs Debian's `postfix` package and root (as `.ci/run` has); elsewhere the
//! tests that use it say so and skip, unless `CARAVAN_REQUIRE_POSTFIX=1`.
use std::path::{Path, PathBuf};
use std::process::Command;

const POSTFIX: &str = "/usr/sbin/postfix";

pub struct Postfix {
    pub port: u16,
    conf: PathBuf,
    dir: tempfile::TempDir,
}

/// A loopback port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postfix {
    /// Starts an instance that delivers `local_domain` itself (every mailbox there unknown,
    /// so each message bounces with a DSN Postfix writes) and sends each domain of `routes`
    /// to its loopback port. `None` (after saying why) where Postfix cannot run.
    pub fn start(local_domain: &str, routes: &[(&str, u16)]) -> Option<Postfix> {
        let required = std::env::var("CARAVAN_REQUIRE_POSTFIX").is_ok_and(|v| v == "1");
        if !Path::new(POSTFIX).exists() || !is_root() {
            assert!(
                !required,
                "CARAVAN_REQUIRE_POSTFIX=1 but Postfix cannot run here (needs the postfix package and root)"
            );
            eprintln!("skipped: Postfix is not installed or this is not root");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // The postfix user walks into the queue: the folder must be open to it.
        run("chmod", &["755", &root.display().to_string()]);
        let conf = root.join("conf");
        for sub in ["conf", "queue", "data"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        run(
            "chown",
            &["postfix", &root.join("data").display().to_string()],
        );
        let port = free_port();
        let transport: Vec<String> = routes
            .iter()
            .map(|(domain, port)| format!("{domain}=smtp:[127.0.0.1]:{port}"))
            .collect();
        let root = root.display();
        std::fs::write(
            conf.join("main.cf"),
            format!(
                "compatibility_level = 3.6\n\
                 queue_directory = {root}/queue\ndata_directory = {root}/data\n\
                 mail_owner = postfix\nsetgid_group = postdrop\n\
                 inet_interfaces = 127.0.0.1\ninet_protocols = ipv4\n\
                 myhostname = relay.caravan.test\nmydomain = caravan.test\n\
                 mydestination = {local_domain}\nlocal_recipient_maps =\n\
                 alias_maps =\nalias_database =\nmynetworks = 127.0.0.0/8\n\
                 smtpd_relay_restrictions = permit_mynetworks, reject\n\
                 transport_maps = inline:{{ {} }}\nrelayhost =\n\
                 smtp_dns_support_level = disabled\n\
                 maillog_file_prefixes = {root}\nmaillog_file = {root}/maillog\n\
                 queue_run_delay = 1s\nminimal_backoff_time = 1s\nmaximal_backoff_time = 2s\n\
                 smtp_tls_security_level = none\nsmtpd_tls_security_level = none\nbiff = no\n",
                transport.join(", ")
            ),
        )
        .unwrap();
        std::fs::write(conf.join("master.cf"), master_cf(port)).unwrap();
        let started = Command::new(POSTFIX)
            .args(["-c", &conf.display().to_string(), "start"])
            .status()
            .unwrap();
        let postfix = Postfix { port, conf, dir };
        assert!(
            started.success(),
            "Postfix did not start: {}",
            postfix.log()
        );
        Some(postfix)
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Postfix's own log, for a failing test's message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("maillog")).unwrap_or_default()
    }
}

impl Drop for Postfix {
    fn drop(&mut self) {
        let _ = Command::new(POSTFIX)
            .args(["-c", &self.conf.display().to_string(), "abort"])
            .status();
    }
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status().unwrap();
    assert!(status.success(), "{program} {args:?}");
}

/// The services a relay needs, none chrooted (the queue folder holds no copy of /etc).
fn master_cf(port: u16) -> String {
    format!(
        "127.0.0.1:{port} inet n - n - - smtpd\n\
         pickup unix n - n 60 1 pickup\ncleanup unix n - n - 0 cleanup\n\
         qmgr unix n - n 300 1 qmgr\nrewrite unix - - n - - trivial-rewrite\n\
         bounce unix - - n - 0 bounce\ndefer unix - - n - 0 bounce\n\
         trace unix - - n - 0 bounce\nverify unix - - n - 1 verify\n\
         flush unix n - n 1000? 0 flush\nproxymap unix - - n - - proxymap\n\
         smtp unix - - n - - smtp\nrelay unix - - n - - smtp\n\
         showq unix n - n - - showq\nerror unix - - n - - error\n\
         retry unix - - n - - error\ndiscard unix - - n - - discard\n\
         local unix - n n - - local\nanvil unix - - n - 1 anvil\n\
         scache unix - - n - 1 scache\npostlog unix-dgram n - n - 1 postlogd\n"
    )
}
