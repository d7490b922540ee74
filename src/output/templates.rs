//! Tera templates: the theme's, overridden file by file by the site's own `templates/`.
//! Template errors are reported with the template file and line.

use std::path::{Path, PathBuf};

use tera::Tera;

use crate::diagnostics::Diagnostic;

/// Loaded templates and where each came from (for error messages).
pub struct Templates {
    /// The Tera instance.
    pub tera: Tera,
    sources: Vec<(String, PathBuf, String)>,
}

/// The templates every theme must provide.
pub const REQUIRED: [&str; 5] = [
    "base.html",
    "index.html",
    "section.html",
    "page.html",
    "404.html",
];

fn html_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let p = entry.path();
        if entry.file_type().is_file()
            && p.extension().is_some_and(|e| e == "html")
            && !crate::content::is_temporary_file(p)
            && let Ok(rel) = p.strip_prefix(dir)
        {
            files.push((rel.to_string_lossy().replace('\\', "/"), p.to_path_buf()));
        }
    }
    files
}

impl Templates {
    /// Loads `theme_dir/templates/*.html`, then `site_templates/*.html` over them.
    pub fn load(
        root: &Path,
        theme_dir: &Path,
        site_templates: &Path,
    ) -> Result<Templates, Diagnostic> {
        let mut chosen: std::collections::BTreeMap<String, PathBuf> =
            html_files(&theme_dir.join("templates"))
                .into_iter()
                .collect();
        chosen.extend(html_files(site_templates));
        for name in REQUIRED {
            if !chosen.contains_key(name) {
                return Err(Diagnostic::error(
                    theme_dir.join("templates").join(name),
                    0,
                    0,
                    format!("giao diện thiếu mẫu {name}"),
                )
                .with_help("kiểm tra tên giao diện (theme) trong sotay.toml và thư mục themes/"));
            }
        }
        let mut sources = Vec::new();
        for (name, path) in chosen {
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = std::fs::read(&path)
                .map_err(|e| Diagnostic::error(&shown, 0, 0, format!("không đọc được mẫu: {e}")))
                .and_then(|b| crate::content::decode_utf8(&shown, b))?;
            sources.push((name, shown, text));
        }
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html"]);
        tera.set_escape_fn(escape_html);
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, _, t)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(Templates {
                tera: Tera::default(),
                sources,
            }
            .explain(&e, None));
        }
        Ok(Templates { tera, sources })
    }

    /// Whether the theme (or the site) has template `name`.
    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(n, _, _)| n == name)
    }

    /// Renders `name` with `context` into `out`, as bytes: Tera's `render` would check the
    /// whole page again for UTF-8 to return a `String` (5 % of a 10,000-page build).
    pub fn render_to(
        &self,
        name: &str,
        context: &tera::Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.tera
            .render_to(name, context, out)
            .map_err(|e| self.explain(&e, Some(name)))
    }

    /// Renders `name` with `context`.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|e| self.explain(&e, Some(name)))
    }

    /// Turns a Tera error into a diagnostic naming the template file and line.
    fn explain(&self, err: &tera::Error, rendering: Option<&str>) -> Diagnostic {
        let mut chain = vec![err.to_string()];
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            chain.push(s.to_string());
            source = s.source();
        }
        let full = chain.join("\n");
        // The template named last in the chain is the one at fault (it may be a parent).
        let name = chain
            .iter()
            .rev()
            .find_map(|m| quoted(m, '\''))
            .or(rendering.map(str::to_owned))
            .unwrap_or_default();
        let (file, text) = self
            .sources
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, f, t)| (f.clone(), t.as_str()))
            .unwrap_or_else(|| (PathBuf::from(&name), ""));
        let (line, col) = parse_position(&full).unwrap_or_else(|| {
            // Render errors carry no position: find the variable or filter Tera names.
            chain
                .iter()
                .rev()
                .find_map(|m| quoted(m, '`'))
                .and_then(|needle| text.lines().position(|l| l.contains(needle.as_str())))
                .map_or((0, 0), |i| (i + 1, 0))
        });
        let message = chain
            .last()
            .cloned()
            .unwrap_or_default()
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        Diagnostic::error(file, line, col, format!("lỗi mẫu giao diện: {message}"))
            .with_help(format!("sửa mẫu; chi tiết từ Tera:\n{}", indent(&full)))
    }
}

/// Tera's own escaping also writes `/` as `&#x2F;`, which minify-html used to undo: every URL
/// in a page grew by 5 bytes per slash. These five characters are all that HTML text and
/// quoted attribute values need.
fn escape_html(text: &str) -> String {
    crate::markdown::highlight::html_escape(text)
}

fn quoted(message: &str, quote: char) -> Option<String> {
    let start = message.find(quote)? + 1;
    let end = start + message[start..].find(quote)?;
    Some(message[start..end].to_owned())
}

/// Finds a pest-style ` --> line:col` in a parse error.
fn parse_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escapes_markup_but_not_slashes() {
        assert_eq!(
            escape_html(r#"/a/b/?x=1&y="2" <b>'c'</b>"#),
            "/a/b/?x=1&amp;y=&quot;2&quot; &lt;b&gt;&#39;c&#39;&lt;/b&gt;"
        );
    }
}
