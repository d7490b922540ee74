//! Build-time syntax highlighting of fenced code with syntect, into CSS classes (no inline
//! styles, so the theme's light and dark palettes and the print stylesheet can restyle it).

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Highlights `code` written in `lang` (a fence info string such as `rust` or `toml`); unknown
/// languages are escaped as plain text. Returns the whole `<pre><code>` element.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang
        .split([' ', ',', '{'])
        .next()
        .unwrap_or_default()
        .trim();
    let class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", html_escape(lang))
    };
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let Some(syntax) = syntax else {
        return format!("<pre><code{class}>{}</code></pre>", html_escape(code));
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre><code{class}>{}</code></pre>", html_escape(code));
        }
    }
    format!(
        "<pre class=\"highlight\"><code{class}>{}</code></pre>",
        generator.finalize()
    )
}

/// The stylesheet for highlighted code: a light palette, and a dark one under
/// `[data-theme="dark"]` so it follows the theme toggle.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    let dark_scoped: String = dark
        .lines()
        .map(|l| {
            if l.starts_with('.') {
                format!("[data-theme=\"dark\"] {l}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    format!("{light}\n{dark_scoped}")
}

/// Escapes text for HTML content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_escaped() {
        assert_eq!(
            highlight("<b>", "klingon"),
            "<pre><code class=\"language-klingon\">&lt;b&gt;</code></pre>"
        );
    }
}
