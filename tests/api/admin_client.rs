//! An editor's browser, without the browser: a cookie jar, the login form, and forms sent
//! with the CSRF token of the page they came from.
use caravan::passwords::hash_password;
use reqwest::StatusCode;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "correct horse battery staple";

/// An account made the way `caravan users add` makes it.
pub async fn account(app: &TestApp, email: &str, role: &str) -> i64 {
    let hash = hash_password(PASSWORD.to_owned()).await.unwrap();
    let email = caravan::domain::SubscriberEmail::parse(email).unwrap();
    app.store
        .create_user(
            &email,
            role.parse().expect("editor or admin"),
            &hash,
            &caravan::store::Actor::Cli,
        )
        .await
        .unwrap()
        .expect("a new account")
}

pub struct AdminClient {
    pub client: reqwest::Client,
    base: String,
    /// The CSRF token of the last page read.
    pub csrf: String,
}

/// The value of the first `name="csrf"` field of a page.
pub fn csrf_of(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let end = html[at..].find('"')? + at;
    Some(html[at..end].to_owned())
}

impl AdminClient {
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn new(app: &TestApp) -> Self {
        Self {
            client: crate::helpers::client_builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            base: app.address.clone(),
            csrf: String::new(),
        }
    }

    /// Signs in through the login form; panics unless it leads to the dashboard.
    pub async fn signed_in(app: &TestApp, email: &str) -> Self {
        let mut client = Self::new(app);
        let response = client.login(email, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "sign-in of {email}"
        );
        let (status, _) = client.page("/admin").await;
        assert_eq!(status, StatusCode::OK);
        client
    }

    pub async fn login(&mut self, email: &str, password: &str) -> reqwest::Response {
        let (status, page) = self.page("/admin/login").await;
        assert_eq!(status, StatusCode::OK);
        let csrf = csrf_of(&page).expect("the login form has a CSRF token");
        self.client
            .post(format!("{}/admin/login", self.base))
            .form(&[("email", email), ("password", password), ("csrf", &csrf)])
            .send()
            .await
            .unwrap()
    }

    /// GETs a page and keeps its CSRF token for the next form.
    pub async fn page(&mut self, path: &str) -> (StatusCode, String) {
        let response = self.get(path).await;
        let status = response.status();
        let body = response.text().await.unwrap();
        if let Some(csrf) = csrf_of(&body) {
            self.csrf = csrf;
        }
        (status, body)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap()
    }

    /// POSTs a form with the CSRF token of the last page read.
    pub async fn submit(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut fields = fields.to_vec();
        fields.push(("csrf", &self.csrf));
        self.post_raw(path, &fields).await
    }

    /// POSTs exactly these fields (no CSRF token added).
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap()
    }
}

/// Where a redirect points.
pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}
