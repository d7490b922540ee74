//! The theme's stylesheets minified with minify-html (its CSS minifier is lightningcss).

use std::sync::OnceLock;

fn config() -> &'static minify_html::Cfg {
    static CFG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CFG.get_or_init(|| minify_html::Cfg {
        minify_css: true,
        // The wrapper must come out whole to be taken off again.
        keep_closing_tags: true,
        ..minify_html::Cfg::new()
    })
}

/// Minifies a stylesheet of the theme. minify-html minifies CSS only inside `<style>`, so the
/// sheet goes into one and comes out of it; a sheet that could close that element early, or
/// that comes out otherwise than wrapped, is kept as it was.
pub fn minify_css(css: &str) -> String {
    const OPEN: &str = "<style>";
    const CLOSE: &str = "</style>";
    if css.to_ascii_lowercase().contains("</style") {
        return css.to_owned();
    }
    let out = minify_html::minify(format!("{OPEN}{css}{CLOSE}").as_bytes(), config());
    std::str::from_utf8(&out)
        .ok()
        .and_then(|s| s.strip_prefix(OPEN)?.strip_suffix(CLOSE))
        .map_or_else(|| css.to_owned(), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn stylesheets_lose_comments_and_spaces_but_not_rules() {
        let css = "/* màu chữ */\n.doc h2 {\n  color: #ff0000;\n  margin: 0px 0px;\n}\n\n\
                   @media (min-width: 48rem) {\n  .doc { font-family: \"Source Serif 4 VN\", serif; }\n}\n";
        let small = minify_css(css);
        assert!(small.len() < css.len() * 3 / 4, "{small}");
        assert!(!small.contains("màu chữ"), "{small}");
        assert!(small.contains("\"Source Serif 4 VN\""), "{small}");
        assert!(small.contains("@media"), "{small}");
        assert!(small.contains(".doc h2{"), "{small}");
    }

    #[test]
    fn a_sheet_that_would_close_the_wrapper_is_kept() {
        let css = ".a::after { content: \"</style>\" }";
        assert_eq!(minify_css(css), css);
    }
}
