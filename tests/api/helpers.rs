use std::collections::HashMap;
use std::path::PathBuf;

use caravan::config::Settings;
use caravan::startup::{Application, Roles};
use caravan::store::Store;
use caravan::tokens::TokenSigner;
use secrecy::SecretString;

/// Generates `sqlite::NAME` and `postgres::NAME` tests from `async fn NAME(db: Db)`.
macro_rules! both_databases {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::helpers::Db::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    match crate::helpers::Db::postgres() {
                        Some(db) => super::$name(db).await,
                        None => eprintln!("skipped: CARAVAN_TEST_POSTGRES_URL is not set"),
                    }
                }
            )*
        }
    };
}

/// An HTTP client builder. The service's reqwest has TLS without a default crypto provider
/// (it is given its rustls configuration, on ring): the tests' clients take ring too.
pub fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// Which database a test runs on.
#[derive(Debug, Clone)]
pub enum Db {
    Sqlite,
    /// The server URL; each test creates its own database on it.
    Postgres(String),
}

impl Db {
    pub fn postgres() -> Option<Db> {
        std::env::var("CARAVAN_TEST_POSTGRES_URL")
            .ok()
            .filter(|url| !url.is_empty())
            .map(Db::Postgres)
    }

    /// A URL to a database no other test uses.
    pub async fn fresh_url(&self, dir: &std::path::Path) -> String {
        match self {
            Db::Sqlite => format!("sqlite://{}", dir.join("caravan.db").display()),
            Db::Postgres(server) => {
                use sqlx::Connection;
                let name = format!("caravan_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(server)
                    .await
                    .expect("CARAVAN_TEST_POSTGRES_URL must reach a PostgreSQL server");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&mut conn)
                    .await
                    .expect("cannot create a test database");
                let mut url = url::Url::parse(server).expect("a postgres:// URL");
                url.set_path(&name);
                url.to_string()
            }
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub store: Store,
    pub settings: Settings,
    pub outbox_dir: PathBuf,
    pub client: reqwest::Client,
    pub database_url: String,
    /// The bounce listener's port, when `CARAVAN_BOUNCE_LISTEN` is set.
    pub bounce_port: Option<u16>,
    _dir: tempfile::TempDir,
}

#[derive(Default)]
pub struct TestOptions {
    pub smtp_url: Option<String>,
    pub articles_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub workers: bool,
    /// More settings, as environment variables.
    pub env: Vec<(&'static str, String)>,
}

impl TestApp {
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, TestOptions::default()).await
    }

    pub async fn spawn_with(db: Db, options: TestOptions) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let database_url = match options.database_url {
            Some(url) => url,
            None => db.fresh_url(dir.path()).await,
        };
        let outbox_dir = dir.path().join("outbox");
        let mut vars: HashMap<&str, String> = HashMap::from([
            ("DATABASE_URL", database_url.clone()),
            ("CARAVAN_LISTEN", "127.0.0.1:0".to_owned()),
            ("CARAVAN_OUTBOX_DIR", outbox_dir.display().to_string()),
            (
                "CARAVAN_MAIL_FROM",
                "Caravan <news@caravan.test>".to_owned(),
            ),
            // Every test signs up from 127.0.0.1; the limit has its own test.
            ("CARAVAN_SIGNUP_RATE_LIMIT", "0".to_owned()),
        ]);
        // Each test syncs its own articles folder (none, unless the test gives one).
        let articles_dir = options
            .articles_dir
            .unwrap_or_else(|| dir.path().join("articles"));
        vars.insert("CARAVAN_ARTICLES_DIR", articles_dir.display().to_string());
        if let Some(smtp) = options.smtp_url {
            vars.insert("CARAVAN_SMTP_URL", smtp);
        }
        vars.extend(options.env);
        let settings = Settings::from_lookup(|name| vars.get(name).cloned()).unwrap();
        let app = Application::build(
            &settings,
            Roles {
                workers: options.workers,
                scheduler: false,
            },
        )
        .await
        .expect("the application builds");
        let address = format!("http://127.0.0.1:{}", app.port());
        let store = app.store().clone();
        let bounce_port = app.bounce_port();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            address,
            store,
            settings,
            outbox_dir,
            client: crate::helpers::client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            database_url,
            bounce_port,
            _dir: dir,
        }
    }

    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{}", self.address, path_and_query)
    }

    pub async fn get(&self, path_and_query: &str) -> reqwest::Response {
        self.client
            .get(self.url(path_and_query))
            .send()
            .await
            .unwrap()
    }

    pub async fn post_form(&self, pairs: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url("/subscriptions"))
            .form(pairs)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_json(&self, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url("/subscriptions"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The stored reader with this address; panics if there is none.
    pub async fn reader(&self, address: &str) -> caravan::store::Subscriber {
        let email = caravan::domain::SubscriberEmail::parse(address).unwrap();
        self.store
            .subscriber_by_email(&email)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no reader {address}"))
    }

    /// The signer the server uses: the secret it generated and kept in the database.
    pub async fn signer(&self) -> TokenSigner {
        let secret = self
            .store
            .setting_or_insert("secret", "unused-because-one-exists")
            .await
            .unwrap();
        TokenSigner::new(SecretString::from(secret))
    }

    /// Runs one SQL statement on the test's database (either backend); rows affected.
    pub async fn sql(&self, statement: &str) -> u64 {
        if self.database_url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
            let done = sqlx::query(statement).execute(&pool).await.unwrap();
            pool.close().await;
            done.rows_affected()
        } else {
            let pool = sqlx::PgPool::connect(&self.database_url).await.unwrap();
            let done = sqlx::query(statement).execute(&pool).await.unwrap();
            pool.close().await;
            done.rows_affected()
        }
    }

    /// Makes the database refuse every new row of `table`, as a full disk or a broken
    /// constraint would: a real error from the database, on either backend.
    pub async fn refuse_inserts(&self, table: &str) {
        if self.database_url.starts_with("sqlite:") {
            self.sql(&format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} \
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            ))
            .await;
        } else {
            self.sql(
                "CREATE OR REPLACE FUNCTION refuse_by_the_test() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$",
            )
            .await;
            self.sql(&format!(
                "CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} \
                 FOR EACH ROW EXECUTE FUNCTION refuse_by_the_test()"
            ))
            .await;
        }
    }

    /// One whole number read from the test's database (a `COUNT(*)`, a `SUM`…).
    pub async fn sql_number(&self, query: &str) -> i64 {
        if self.database_url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&self.database_url).await.unwrap();
            let n = sqlx::query_scalar(query).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        } else {
            let pool = sqlx::PgPool::connect(&self.database_url).await.unwrap();
            let n = sqlx::query_scalar(query).fetch_one(&pool).await.unwrap();
            pool.close().await;
            n
        }
    }

    /// Presses the button of the confirmation page a link leads to (only a POST confirms).
    pub async fn confirm(&self, link: &str) -> reqwest::Response {
        self.client.post(self.url(link)).send().await.unwrap()
    }

    /// Sends every due message in the outbox with the configured transport.
    pub async fn drain_outbox(&self) -> usize {
        let signer = self.signer().await;
        let sender =
            caravan::startup::outbox_sender(&self.settings, self.store.clone(), &signer).unwrap();
        let mut total = 0;
        loop {
            let sent = sender.deliver_next_batch().await.unwrap();
            if sent == 0 {
                return total;
            }
            total += sent;
        }
    }

    /// The `.eml` files the file transport wrote, oldest first.
    pub fn outbox_files(&self) -> Vec<(String, String)> {
        let Ok(entries) = std::fs::read_dir(&self.outbox_dir) else {
            return Vec::new();
        };
        let mut files: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".eml") && !name.starts_with('.'))
            .map(|name| {
                let raw = std::fs::read_to_string(self.outbox_dir.join(&name)).unwrap();
                (name, raw)
            })
            .collect();
        files.sort();
        files
    }

    /// Signs up `email` and returns the path and query of the confirmation link it was sent.
    pub async fn subscribe_and_get_link(&self, email: &str) -> String {
        let response = self
            .post_form(&[("email", email), ("name", "Aigerim")])
            .await;
        assert_eq!(response.status(), 200);
        self.drain_outbox().await;
        // The newest confirmation to this address (welcomes to earlier readers go out too).
        let (_, raw) = self
            .outbox_files()
            .into_iter()
            .rev()
            .find(|(_, raw)| {
                raw.contains(email) && text_part(raw).contains("/subscriptions/confirm?")
            })
            .expect("a confirmation was written");
        confirmation_path(&raw)
    }
}

/// A raw message's first recipient, decoded subject and text part.
pub fn to_subject_text(raw: &str) -> (String, String, String) {
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a parsable message");
    let to = message
        .to()
        .and_then(|to| to.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned();
    let subject = message.subject().unwrap_or_default().to_owned();
    let text = message
        .body_text(0)
        .map(|t| t.into_owned())
        .unwrap_or_default();
    (to, subject, text)
}

/// The decoded text part of a raw message.
pub fn text_part(raw: &str) -> String {
    let message = mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .expect("a parsable message");
    message.body_text(0).unwrap().into_owned()
}

/// The `token` parameter of a link's path and query.
pub fn token_in(link: &str) -> &str {
    let after = link.split("token=").nth(1).expect("a link with a token");
    after.split('&').next().unwrap_or(after)
}

/// The path and query of the confirmation link in a raw confirmation message.
pub fn confirmation_path(raw: &str) -> String {
    let text = text_part(raw);
    let start = text
        .find("/subscriptions/confirm?")
        .expect("a confirmation link");
    let end = text[start..]
        .find(char::is_whitespace)
        .map_or(text.len(), |n| start + n);
    text[start..end].to_owned()
}
