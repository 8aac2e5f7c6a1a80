use super::*;
use std::collections::HashMap;

fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Settings::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_match_the_design() {
    let s = settings(&[]).unwrap();
    assert_eq!(s.database_url, "sqlite://caravan.db");
    assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(s.base_url.as_str(), "http://localhost:8080/");
    assert!(s.smtp_url.is_none() && s.secret.is_none() && s.dkim.is_none());
    assert_eq!(s.mail_from.email.to_string(), "newsletter@localhost");
    assert_eq!(s.timezone, chrono_tz::Asia::Almaty);
    assert_eq!(s.digest_mode, DigestMode::Review);
    assert_eq!(s.send_rate, 0);
    assert_eq!(s.send_concurrency, 8);
    assert_eq!(s.send_lease, chrono::Duration::seconds(60));
    assert_eq!(s.articles_dir, PathBuf::from("articles"));
}

#[test]
fn each_bad_value_names_its_variable() {
    let cases = [
        ("CARAVAN_LISTEN", "abc"),
        ("DATABASE_URL", "mysql://x"),
        ("CARAVAN_BASE_URL", "localhost"),
        ("CARAVAN_SMTP_URL", "http://mail"),
        ("CARAVAN_MAIL_FROM", "not a mailbox"),
        ("CARAVAN_SECRET", "short"),
        ("CARAVAN_DIGEST_CRON", "0 8 * * Mon"),
        ("CARAVAN_TIMEZONE", "Mars/Olympus"),
        ("CARAVAN_DIGEST_MODE", "sometimes"),
        ("CARAVAN_SEND_RATE", "-1"),
        ("CARAVAN_SEND_CONCURRENCY", "0"),
        ("CARAVAN_SEND_LEASE", "1"),
        ("CARAVAN_DKIM_KEY", "key-without-selector"),
        ("CARAVAN_METRICS_TOKEN", "short"),
        ("CARAVAN_TRUSTED_PROXIES", "10.0.0.1, proxy.local"),
        ("CARAVAN_SIGNUP_RATE_LIMIT", "lots"),
    ];
    for (var, value) in cases {
        let err = settings(&[(var, value)]).unwrap_err();
        let line = err.to_string();
        let named = if var == "CARAVAN_DKIM_KEY" {
            "CARAVAN_DKIM_SELECTOR"
        } else {
            var
        };
        assert!(line.starts_with(&format!("{named}: expected ")), "{line}");
        assert!(!line.contains('\n'), "{line}");
    }
}

#[test]
fn listen_error_reads_as_the_issue_says() {
    let err = settings(&[("CARAVAN_LISTEN", "abc")]).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"CARAVAN_LISTEN: expected host:port, got "abc""#
    );
}

#[test]
fn credentials_never_appear_in_errors() {
    let err = settings(&[("DATABASE_URL", "mysql://bob:hunter2@db/x")]).unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = settings(&[("CARAVAN_SECRET", "hunter2")]).unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
    let err = settings(&[("CARAVAN_METRICS_TOKEN", "hunter2")]).unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[test]
fn trusted_proxies_are_a_list_of_addresses() {
    let s = settings(&[("CARAVAN_TRUSTED_PROXIES", "127.0.0.1, ::1")]).unwrap();
    assert_eq!(s.trusted_proxies.len(), 2);
    assert!(settings(&[]).unwrap().trusted_proxies.is_empty());
}

#[test]
fn smtp_urls_of_every_documented_form_are_accepted() {
    for url in [
        "smtp://user:pass@mail.example.org:587?tls=required",
        "smtps://user:pass@mail.example.org:465",
        "smtp://127.0.0.1:2525",
    ] {
        assert!(settings(&[("CARAVAN_SMTP_URL", url)]).is_ok(), "{url}");
    }
}

#[test]
fn the_bounce_settings_name_their_variable_when_wrong() {
    let s = settings(&[
        ("CARAVAN_BOUNCE_DOMAIN", "@Bounces.Example.org"),
        ("CARAVAN_BOUNCE_LISTEN", "127.0.0.1:2526"),
    ])
    .unwrap();
    assert_eq!(s.bounces.domain.as_deref(), Some("bounces.example.org"));
    assert_eq!(s.bounces.listen, Some("127.0.0.1:2526".parse().unwrap()));
    assert_eq!(settings(&[]).unwrap().bounces.domain, None);
    for (var, vars) in [
        (
            "CARAVAN_BOUNCE_DOMAIN",
            vec![("CARAVAN_BOUNCE_DOMAIN", "not a domain")],
        ),
        (
            "CARAVAN_BOUNCE_DOMAIN",
            vec![("CARAVAN_BOUNCE_DOMAIN", "localhost")],
        ),
        (
            "CARAVAN_BOUNCE_LISTEN",
            vec![
                ("CARAVAN_BOUNCE_DOMAIN", "b.example.org"),
                ("CARAVAN_BOUNCE_LISTEN", "port 25"),
            ],
        ),
        // A listener without a domain could not tell a genuine return path.
        (
            "CARAVAN_BOUNCE_DOMAIN",
            vec![("CARAVAN_BOUNCE_LISTEN", "127.0.0.1:2526")],
        ),
    ] {
        let err = settings(&vars).unwrap_err().to_string();
        assert!(err.starts_with(var), "{vars:?}: {err}");
    }
}

#[test]
fn the_give_up_time_reads_units_and_refuses_nonsense() {
    assert_eq!(
        settings(&[]).unwrap().send_give_up_after,
        chrono::Duration::days(3)
    );
    for (raw, seconds) in [
        ("90m", 5400),
        ("12h", 43_200),
        ("5d", 432_000),
        ("120s", 120),
    ] {
        let s = settings(&[("CARAVAN_SEND_GIVE_UP_AFTER", raw)]).unwrap();
        assert_eq!(s.send_give_up_after.num_seconds(), seconds, "{raw}");
    }
    for raw in ["3", "0d", "31d", "10s", "soon", "-1h"] {
        let err = settings(&[("CARAVAN_SEND_GIVE_UP_AFTER", raw)])
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("CARAVAN_SEND_GIVE_UP_AFTER"),
            "{raw}: {err}"
        );
    }
}

#[test]
fn a_dkim_key_that_cannot_sign_is_refused_at_start_without_showing_it() {
    let pem = "-----BEGIN RSA PRIVATE KEY-----\nnot a key\n-----END RSA PRIVATE KEY-----";
    for key in [pem, "not-base64!", "/no/such/dkim.key"] {
        let err = settings(&[("CARAVAN_DKIM_SELECTOR", "s1"), ("CARAVAN_DKIM_KEY", key)])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("CARAVAN_DKIM_KEY: expected "), "{err}");
        assert!(
            !err.contains("not a key") && !err.contains("base64!"),
            "never printed: {err}"
        );
    }
    // An Ed25519 seed (32 bytes, base64) is a valid key.
    let seed = "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=";
    let ok = settings(&[("CARAVAN_DKIM_SELECTOR", "s1"), ("CARAVAN_DKIM_KEY", seed)]);
    assert!(ok.is_ok(), "{:?}", ok.err());
    // So are PKCS#8 files, RSA and Ed25519, two at once with two selectors.
    let fixture = |name: &str| format!("{}/tests/fixtures/dkim/{name}", env!("CARGO_MANIFEST_DIR"));
    let both = format!(
        "{},{}",
        fixture("rsa-private-pkcs8.pem"),
        fixture("ed25519-private.pem")
    );
    let ok = settings(&[
        ("CARAVAN_DKIM_SELECTOR", "rsa,ed"),
        ("CARAVAN_DKIM_KEY", &both),
    ]);
    assert!(ok.is_ok(), "{:?}", ok.err());
    // Two keys need two selectors.
    let err = settings(&[
        ("CARAVAN_DKIM_SELECTOR", "rsa"),
        ("CARAVAN_DKIM_KEY", &both),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.contains("as many keys as selectors"), "{err}");
}

#[test]
fn the_safeguards_have_their_defaults_and_name_their_variable() {
    let s = settings(&[]).unwrap();
    let g = &s.safeguards;
    assert_eq!(g.dev_mailbox, DevMailbox::Auto);
    assert!(g.secret_previous.is_empty() && !g.require_2fa);
    assert_eq!(
        (g.confirmations_per_hour, g.pending_days, g.outbox_keep_days),
        (1000, 30, 30)
    );
    for (var, value) in [
        ("CARAVAN_DEV_MAILBOX", "yes"),
        ("CARAVAN_SECRET_PREVIOUS", "short"),
        ("CARAVAN_CONFIRMATIONS_PER_HOUR", "0"),
        ("CARAVAN_PENDING_DAYS", "-3"),
        ("CARAVAN_OUTBOX_KEEP_DAYS", "forever"),
        ("CARAVAN_REQUIRE_2FA", "true"),
    ] {
        let line = settings(&[(var, value)]).unwrap_err().to_string();
        assert!(line.starts_with(&format!("{var}: expected ")), "{line}");
    }
    // A short previous secret is refused without being printed.
    let line = settings(&[("CARAVAN_SECRET_PREVIOUS", "hunter2")])
        .unwrap_err()
        .to_string();
    assert!(!line.contains("hunter2"), "{line}");
}

#[test]
fn the_mailbox_is_served_only_where_a_developer_is() {
    let at = |listen: &str, base: &str, mode: &str| {
        let s = settings(&[
            ("CARAVAN_LISTEN", listen),
            ("CARAVAN_BASE_URL", base),
            ("CARAVAN_DEV_MAILBOX", mode),
            ("CARAVAN_SECRET", &"s".repeat(32)),
        ])
        .unwrap();
        s.safeguards.dev_mailbox.serves(s.listen, &s.base_url)
    };
    assert!(at("127.0.0.1:8080", "http://localhost:8080", "auto"));
    assert!(at("[::1]:8080", "http://localhost:8080", "auto"));
    assert!(!at("0.0.0.0:8080", "http://localhost:8080", "auto"));
    assert!(!at("127.0.0.1:8080", "https://news.example.org", "auto"));
    assert!(at("0.0.0.0:8080", "https://news.example.org", "on"));
    assert!(!at("127.0.0.1:8080", "http://localhost:8080", "off"));
}

#[test]
fn an_https_base_url_needs_its_own_secret() {
    let line = settings(&[("CARAVAN_BASE_URL", "https://news.example.org")])
        .unwrap_err()
        .to_string();
    assert!(line.starts_with("CARAVAN_SECRET: expected "), "{line}");
    assert!(line.contains("https"), "{line}");
    assert!(
        settings(&[
            ("CARAVAN_BASE_URL", "https://news.example.org"),
            ("CARAVAN_SECRET", &"s".repeat(32)),
        ])
        .is_ok()
    );
}

#[test]
fn relay_credentials_need_tls_unless_the_relay_is_on_loopback() {
    let relay = |url: &str| settings(&[("CARAVAN_SMTP_URL", url)]);
    let line = relay("smtp://user:secret-pw@relay.example.org:25")
        .unwrap_err()
        .to_string();
    assert!(line.starts_with("CARAVAN_SMTP_URL: expected "), "{line}");
    assert!(line.contains("tls=required"), "{line}");
    assert!(!line.contains("secret-pw"), "{line}");
    assert!(relay("smtp://user:pw@relay.example.org:587?tls=opportunistic").is_err());
    assert!(relay("smtp://user:pw@relay.example.org:587?tls=required").is_ok());
    assert!(relay("smtps://user:pw@relay.example.org").is_ok());
    assert!(relay("smtp://user:pw@127.0.0.1:2525").is_ok());
    assert!(relay("smtp://user:pw@localhost:2525").is_ok());
    // Without credentials there is nothing to read on the wire.
    assert!(relay("smtp://relay.example.org:25").is_ok());
}
