use pulldown_cmark::{Options, Parser, html};

/// Markdown → HTML, then sanitized: an article body may come from anyone with write access to
/// the folder or the API, and it ends up in every reader's inbox.
pub fn render_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render_html;

    #[test]
    fn renders_headings_lists_and_keeps_typography() {
        let html = render_html("Texte « cité ».\n\n## Sous-titre\n\n- un\n- deux");
        assert!(html.contains("<p>Texte « cité ».</p>"), "{html}");
        assert!(html.contains("<h2>Sous-titre</h2>"));
        assert!(html.contains("<li>un</li>"));
    }

    #[test]
    fn strips_scripts_and_dangerous_links() {
        let html = render_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(
            !html.contains("<script") && !html.contains("javascript:") && !html.contains("onerror"),
            "{html}"
        );
    }
}
