//! Whether a request for a story link is a person's click. Mail security gateways, chat
//! apps' link previews and mail clients' prefetching fetch links nobody clicked; those that
//! say what they are (by method, header or user agent) are left out of the counts.
use actix_web::http::{Method, header::HeaderMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visitor {
    Person,
    /// A HEAD request, a prefetch, a preview or a known scanner.
    Robot,
}

/// Words of user agents that fetch links by themselves (compared in lower case): crawlers,
/// link previews of chat apps, mail security gateways, scripts.
const ROBOT_AGENTS: &[&str] = &[
    "bot",
    "spider",
    "crawl",
    "slurp",
    "preview",
    "scan",
    "facebookexternalhit",
    "whatsapp",
    "google-safety",
    "barracuda",
    "proofpoint",
    "mimecast",
    "symantec",
    "messagelabs",
    "trendmicro",
    "trend micro",
    "zscaler",
    "forcepoint",
    "fortiguard",
    "sophos",
    "ironport",
    "urldefense",
    "safelinks",
    "ms-office",
    "microsoft office",
    "headlesschrome",
    "phantomjs",
    "python",
    "curl/",
    "wget",
    "go-http-client",
    "java/",
    "okhttp",
    "libwww",
    "httpclient",
    "axios",
    "node-fetch",
];

/// Headers with which browsers and clients announce a fetch nobody asked for.
const PREFETCH_HEADERS: &[&str] = &["purpose", "sec-purpose", "x-purpose", "x-moz"];

pub fn visitor(method: &Method, headers: &HeaderMap) -> Visitor {
    if method == Method::HEAD {
        return Visitor::Robot;
    }
    let announced = PREFETCH_HEADERS.iter().any(|name| {
        headers.get(*name).is_some_and(|v| {
            let v = v.to_str().unwrap_or_default().to_ascii_lowercase();
            v.contains("prefetch") || v.contains("preview") || v.contains("prerender")
        })
    });
    let agent = headers
        .get(actix_web::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    // Browsers always say who they are; a request without a user agent is a program's.
    let robot_agent = agent.trim().is_empty() || ROBOT_AGENTS.iter().any(|w| agent.contains(w));
    match announced || robot_agent {
        true => Visitor::Robot,
        false => Visitor::Person,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    const FIREFOX: &str = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0";
    const SAFARI: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) \
                          AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

    #[test]
    fn browsers_are_people() {
        for agent in [FIREFOX, SAFARI] {
            let h = headers(&[("user-agent", agent)]);
            assert_eq!(visitor(&Method::GET, &h), Visitor::Person, "{agent}");
        }
    }

    #[test]
    fn head_requests_prefetches_and_scanners_are_robots() {
        let browser = headers(&[("user-agent", FIREFOX)]);
        assert_eq!(visitor(&Method::HEAD, &browser), Visitor::Robot);
        for (name, value) in [
            ("purpose", "prefetch"),
            ("sec-purpose", "prefetch;prerender"),
            ("x-moz", "prefetch"),
        ] {
            let h = headers(&[("user-agent", FIREFOX), (name, value)]);
            assert_eq!(visitor(&Method::GET, &h), Visitor::Robot, "{name}: {value}");
        }
        for agent in [
            "",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "TelegramBot (like TwitterBot)",
            "WhatsApp/2.23.20.0",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0 Safari/537.36",
            "python-requests/2.32.3",
            "curl/8.5.0",
            "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
            "Barracuda Sentinel (EE)",
        ] {
            let h = match agent {
                "" => headers(&[]),
                a => headers(&[("user-agent", a)]),
            };
            assert_eq!(visitor(&Method::GET, &h), Visitor::Robot, "{agent:?}");
        }
    }
}
