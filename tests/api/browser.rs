//! A real headless Chromium driven over WebDriver (Debian's `chromium` and `chromedriver`).
//! Without them the browser tests are skipped, unless `CARAVAN_REQUIRE_BROWSER` is set (CI
//! sets it, so a missing browser fails there instead of passing quietly).
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tokio::process::{Child, Command};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

pub struct Browser {
    pub client: Client,
    _driver: Child,
    /// Chromium's own profile folder: also how its processes are found to be stopped.
    profile: tempfile::TempDir,
}

impl Drop for Browser {
    /// A test that panics never reaches `close`: stop this browser's processes anyway
    /// (chromedriver dies with its handle, but Chromium would outlive it).
    fn drop(&mut self) {
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(self.profile.path())
            .status();
    }
}

/// Widths of the screenshots: a phone and a laptop.
pub const WIDTHS: [u32; 2] = [375, 1280];

impl Browser {
    /// A fresh headless Chromium, or `None` (skip) when this machine has none.
    pub async fn start() -> Option<Browser> {
        if !std::path::Path::new(CHROMEDRIVER).exists() {
            assert!(
                std::env::var_os("CARAVAN_REQUIRE_BROWSER").is_none(),
                "CARAVAN_REQUIRE_BROWSER is set but {CHROMEDRIVER} is missing"
            );
            eprintln!("skipped: no {CHROMEDRIVER} (apt-get install chromium chromium-driver)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("chromedriver starts");
        let profile = tempfile::tempdir().unwrap();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".to_owned(),
            serde_json::json!({
                "binary": CHROMIUM,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,900",
                         "--lang=fr-FR", "--hide-scrollbars",
                         format!("--user-data-dir={}", profile.path().display())],
                "prefs": {"intl.accept_languages": "fr-FR,fr"}
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Some(Browser {
                        client,
                        _driver: driver,
                        profile,
                    });
                }
                Err(error) => last_error = Some(error),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not answer: {last_error:?}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// Checks what a reader with a screen reader or a keyboard needs: every visible form
    /// control has a label, takes the focus and shows it; and the text of every label,
    /// legend, hint and button has WCAG AA contrast (4.5:1) on its background. Answers the
    /// faults found, empty when none.
    pub async fn accessibility_faults(&self) -> Vec<String> {
        const SCRIPT: &str = r#"
            const faults = [];
            const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
            const lum = ([r, g, b]) => {
                const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
            };
            const background = (el) => {
                for (let e = el; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
                }
                return [255, 255, 255];
            };
            for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                if (el.closest('[aria-hidden=true]')) continue;
                const name = el.name + '=' + el.value;
                if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) faults.push('no label: ' + name);
                el.focus();
                const s = getComputedStyle(el);
                if (document.activeElement !== el) faults.push('no focus: ' + name);
                else if (s.outlineStyle === 'none' && s.boxShadow === 'none') faults.push('focus not shown: ' + name);
                el.blur();
            }
            for (const el of document.querySelectorAll('label, legend, .hint, .fine, button, p, h1, h2')) {
                if (!el.textContent.trim() || el.closest('[aria-hidden=true]')) continue;
                const l1 = lum(rgb(getComputedStyle(el).color));
                const l2 = lum(background(el));
                const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
                if (!(ratio >= 4.5)) faults.push('contrast ' + ratio.toFixed(2) + ': ' + el.textContent.trim().slice(0, 40));
            }
            return faults;
        "#;
        let found = self.client.execute(SCRIPT, vec![]).await.unwrap();
        serde_json::from_value(found).unwrap()
    }

    pub async fn body(&self) -> String {
        self.text("body").await
    }

    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits up to `seconds` for `css` to contain `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str, seconds: u64) {
        let deadline = std::time::Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && element.text().await.is_ok_and(|t| t.contains(text))
            {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{css} never showed {text:?}; page: {}",
                self.body().await
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The rendered width of an element, in CSS pixels.
    pub async fn width(&self, css: &str) -> f64 {
        self.client
            .execute(
                "return document.querySelector(arguments[0]).getBoundingClientRect().width;",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap()
            .as_f64()
            .unwrap()
    }

    /// Saves the page at each of [`WIDTHS`] under `target/screenshots/NAME-WIDTH.png`, and
    /// checks that nothing makes the page wider than the screen.
    pub async fn screenshots(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        for width in WIDTHS {
            self.client.set_window_size(width, 900).await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
            let overflow = self
                .client
                .execute(
                    "return document.documentElement.scrollWidth - window.innerWidth;",
                    vec![],
                )
                .await
                .unwrap()
                .as_f64()
                .unwrap();
            assert!(
                overflow <= 1.0,
                "{name} is {overflow}px wider than a {width}px screen"
            );
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
        }
        self.client.set_window_size(1280, 900).await.unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
