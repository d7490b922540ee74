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
        let mut tera = new_tera();
        let raw: Vec<(&str, &str)> = sources
            .iter()
            .map(|(n, _, t)| (n.as_str(), t.as_str()))
            .collect();
        if let Err(e) = tera.add_raw_templates(raw) {
            return Err(Templates {
                tera: Tera::new(),
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
        let place = ErrorPlace::of(err);
        let name = Some(place.template)
            .filter(|n| !n.is_empty())
            .or_else(|| rendering.map(str::to_owned))
            .unwrap_or_default();
        let file = self
            .sources
            .iter()
            .find(|(n, _, _)| *n == name)
            .map_or_else(|| PathBuf::from(&name), |(_, f, _)| f.clone());
        Diagnostic::error(
            file,
            place.line,
            place.col,
            format!("lỗi mẫu giao diện: {}", place.message),
        )
        .with_help(format!(
            "sửa mẫu; chi tiết từ Tera:\n{}",
            indent(&place.report)
        ))
    }
}

/// Where a Tera error is and what it says.
pub struct ErrorPlace {
    /// The template's name (empty when Tera gives none).
    pub template: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub col: usize,
    /// The message alone.
    pub message: String,
    /// Tera's whole report, with the line and a caret under the place.
    pub report: String,
}

impl ErrorPlace {
    /// Reads the place from the error; checks across templates (blocks, components) come as
    /// a message holding Tera's report, whose ` --> name:line:col` names the place.
    pub fn of(err: &tera::Error) -> ErrorPlace {
        let mut report = err.to_string();
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            report.push('\n');
            report.push_str(&s.to_string());
            source = s.source();
        }
        match err.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => ErrorPlace {
                template: r.filename().to_owned(),
                line: r.span().start_line,
                // Tera's columns count from 0.
                col: r.span().start_col + 1,
                message: r.message().to_owned(),
                report,
            },
            _ => {
                let (template, line, col) = locus(&report).unwrap_or_default();
                let first = report.lines().next().unwrap_or_default();
                ErrorPlace {
                    template,
                    line,
                    col,
                    message: first.trim_start_matches("error: ").to_owned(),
                    report,
                }
            }
        }
    }
}

/// A Tera instance that escapes `.html` templates with [`escape_html`].
pub fn new_tera() -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    tera.set_escape_fn(escape_html);
    tera
}

/// Escapes the five characters HTML text and quoted attribute values need (never `/`, which
/// Tera 1 wrote as `&#x2F;`), copying the runs between them whole: Tera's default writes a
/// byte at a time.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::markdown::highlight::escape_html_with(text, |run| out.write_all(run.as_bytes()))
}

/// The first ` --> name:line:col` of a Tera report.
fn locus(report: &str) -> Option<(String, usize, usize)> {
    let at = report.find("--> ")? + 4;
    let rest = report[at..].lines().next()?;
    let (rest, col) = rest.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name.to_owned(), line.parse().ok()?, col.parse().ok()?))
}

/// `text` indented under a diagnostic's help line.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("      {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn locus_is_read_from_a_report() {
        let report =
            "error: Block `x` is not defined in any parent template\n --> section.html:3:4\n  |";
        assert_eq!(
            super::locus(report),
            Some(("section.html".to_owned(), 3, 4))
        );
        assert_eq!(super::locus("no place"), None);
    }

    #[test]
    fn escapes_markup_but_not_slashes() {
        let mut out = Vec::new();
        escape_html(r#"/a/b/?x=1&y="2" <b>'c'</b>"#, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "/a/b/?x=1&amp;y=&quot;2&quot; &lt;b&gt;&#39;c&#39;&lt;/b&gt;"
        );
    }
}
