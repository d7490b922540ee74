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
///
/// Every selector of each palette is scoped (the light one to `:root:not([data-theme="dark"])`)
/// so that no rule of one palette leaks into the other, code blocks take the palette's own
/// background, and every token colour is pulled towards the text colour until it reaches WCAG
/// AA contrast (4.5:1) on that background: syntect's bundled themes fall short (grey comments
/// at 2.6:1).
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let light = css_for_theme_with_class_style(&themes.themes["InspiredGitHub"], CLASS_STYLE)
        .unwrap_or_default();
    let dark = css_for_theme_with_class_style(&themes.themes["base16-ocean.dark"], CLASS_STYLE)
        .unwrap_or_default();
    format!(
        "{}\n{}",
        scoped_palette(&light, ":root:not([data-theme=\"dark\"])"),
        scoped_palette(&dark, "[data-theme=\"dark\"]")
    )
}

/// Minimum contrast of token colours against the code background (WCAG AA, normal text).
const MIN_CONTRAST: f64 = 4.5;

/// Scopes one syntect stylesheet under `scope` and fixes its token contrast.
fn scoped_palette(css: &str, scope: &str) -> String {
    let background = palette_color(css, "background-color").unwrap_or((255, 255, 255));
    let foreground = palette_color(css, "color").unwrap_or((0, 0, 0));
    let mut out = format!(
        "{scope} pre.highlight {{ background-color: {}; color: {}; }}\n",
        hex(background),
        hex(foreground)
    );
    for line in css.lines() {
        let trimmed = line.trim();
        if let Some(selectors) = trimmed.strip_suffix('{') {
            let scoped: Vec<String> = selectors
                .split(',')
                .map(|sel| format!("{scope} {}", sel.trim()))
                .collect();
            out.push_str(&scoped.join(", "));
            out.push_str(" {\n");
        } else if let Some(value) = trimmed.strip_prefix("color:") {
            match parse_hex(value.trim().trim_end_matches(';')) {
                Some(c) => out.push_str(&format!(
                    " color: {};\n",
                    hex(with_contrast(c, foreground, background))
                )),
                None => out.push_str(&format!("{line}\n")),
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The palette's own `.hl-code` colour for `property` (its text or background).
fn palette_color(css: &str, property: &str) -> Option<(u8, u8, u8)> {
    let block = css.split(".hl-code {").nth(1)?.split('}').next()?;
    block.lines().find_map(|l| {
        let value = l.trim().strip_prefix(property)?.strip_prefix(':')?;
        parse_hex(value.trim().trim_end_matches(';'))
    })
}

fn parse_hex(text: &str) -> Option<(u8, u8, u8)> {
    let h = text.strip_prefix('#')?;
    let h: String = match h.len() {
        3 => h.chars().flat_map(|c| [c, c]).collect(),
        6 | 8 => h[..6].to_owned(),
        _ => return None,
    };
    let n = u32::from_str_radix(&h, 16).ok()?;
    Some(((n >> 16) as u8, (n >> 8) as u8, n as u8))
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// WCAG contrast ratio of two colours.
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color` mixed towards `toward` (the palette's text colour, or black or white if that is
/// itself too faint) just enough to reach [`MIN_CONTRAST`] on `background`, keeping as much of
/// the hue as it can.
fn with_contrast(
    color: (u8, u8, u8),
    toward: (u8, u8, u8),
    background: (u8, u8, u8),
) -> (u8, u8, u8) {
    let target = if contrast(toward, background) >= MIN_CONTRAST {
        toward
    } else if luminance(background) > 0.5 {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    };
    let mix = |t: f64| {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        (
            m(color.0, target.0),
            m(color.1, target.1),
            m(color.2, target.2),
        )
    };
    (0..=20)
        .map(|step| mix(f64::from(step) / 20.0))
        .find(|&c| contrast(c, background) >= MIN_CONTRAST)
        .unwrap_or(target)
}

/// Escapes text for HTML content and attribute values (quoted with either quote).
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML content and attribute values.
pub fn escape_html_into(out: &mut String, text: &str) {
    let pushed: Result<(), std::convert::Infallible> = escape_html_with(text, |run| {
        out.push_str(run);
        Ok(())
    });
    let Ok(()) = pushed;
}

/// Hands `put` the runs of `text` and, between them, the escapes of `&<>"'`, in order: runs
/// between the five characters are copied whole, not char by char.
pub fn escape_html_with<E>(
    text: &str,
    mut put: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut rest = text;
    while let Some(i) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        put(&rest[..i])?;
        put(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[i + 1..];
    }
    put(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_only() {
        assert_eq!(
            html_escape("a<b>&\"c'đ/ ạ"),
            "a&lt;b&gt;&amp;&quot;c&#39;đ/ ạ"
        );
        assert_eq!(html_escape(""), "");
        assert_eq!(html_escape("<<"), "&lt;&lt;");
    }

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = highlight("fn main() {}\n", "rust");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn palettes_are_scoped_and_readable() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("[data-theme=\"dark\"] pre.highlight")
            .unwrap();
        for (part, scope) in [
            (light, ":root:not([data-theme=\"dark\"])"),
            (dark, "[data-theme=\"dark\"]"),
        ] {
            for line in part.lines().filter(|l| l.trim_end().ends_with('{')) {
                for sel in line.trim_end_matches('{').split(',') {
                    assert!(sel.trim().starts_with(scope), "unscoped selector: {sel}");
                }
            }
        }
        // Every token colour reaches AA on its palette's background.
        for (part, bg) in [(light, (255, 255, 255)), (dark, (0x2b, 0x30, 0x3b))] {
            for value in part
                .lines()
                .filter_map(|l| l.trim().strip_prefix("color: "))
            {
                let c = parse_hex(value.trim_end_matches(';')).unwrap();
                assert!(contrast(c, bg) >= MIN_CONTRAST, "{value} on {}", hex(bg));
            }
        }
    }

    #[test]
    fn contrast_fix_keeps_good_colours() {
        let white = (255, 255, 255);
        assert_eq!(
            with_contrast((0x18, 0x36, 0x91), (0x32, 0x32, 0x32), white),
            (0x18, 0x36, 0x91)
        );
        let grey = with_contrast((0x96, 0x98, 0x96), (0x32, 0x32, 0x32), white);
        assert!(contrast(grey, white) >= MIN_CONTRAST);
    }

    #[test]
    fn unknown_language_is_escaped() {
        assert_eq!(
            highlight("<b>", "klingon"),
            "<pre><code class=\"language-klingon\">&lt;b&gt;</code></pre>"
        );
    }
}
