//! Problems found in an author's files, reported as `file:line:col: message` with what to do.
//!
//! Messages are in Vietnamese because the people who read them are the handbook's authors.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings do not (unless `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site is built, but something deserves the author's attention.
    Warning,
}

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the project root where possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `file:line:col`.
    pub fn error(
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line,
            col,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `file:line:col`.
    pub fn warning(
        file: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, col, message)
        }
    }

    /// An error at byte `offset` of `text`, the contents of `file`.
    pub fn error_at(file: &Path, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = crate::text::line_col(text, offset);
        Diagnostic::error(file, line, col, message)
    }

    /// Adds what the author should do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.col > 0 {
                write!(f, ":{}", self.col)?;
            }
        }
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(f, ": {label}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  → cách sửa: {help}")?;
        }
        Ok(())
    }
}

/// Every problem of one run, reported together.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    /// The problems, in the order found (sorted by file and line before printing).
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records many problems.
    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(more);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Sorts by file, line and column so reports read top to bottom, and drops exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.col, a.severity).cmp(&(&b.file, b.line, b.col, b.severity))
        });
        self.items.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

/// Turns a TOML error into a diagnostic at the right line of `file`. `line_offset` is the number
/// of lines before the TOML text inside the file (1 for front matter after the opening `+++`).
pub fn from_toml_error(
    file: &Path,
    toml_text: &str,
    line_offset: usize,
    err: &toml::de::Error,
) -> Diagnostic {
    let (line, col) = err
        .span()
        .map(|s| crate::text::line_col(toml_text, s.start))
        .unwrap_or((1, 0));
    let raw = err.message().trim().to_owned();
    let (message, help) = explain_toml(&raw);
    Diagnostic::error(file, line + line_offset, col, message).with_help(help)
}

fn explain_toml(raw: &str) -> (String, String) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default();
        let expected = rest
            .split_once("expected")
            .map(|(_, e)| e.trim())
            .unwrap_or_default();
        return (
            format!("khóa không hợp lệ `{key}`"),
            format!("sửa lỗi chính tả hoặc xóa khóa này; các khóa được phép: {expected}"),
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return (
            format!("thiếu khóa bắt buộc `{key}`"),
            format!("thêm dòng `{key} = \"...\"`"),
        );
    }
    (
        format!("cú pháp TOML không hợp lệ: {raw}"),
        "kiểm tra dấu ngoặc kép, dấu `=` và dấu ngoặc vuông trên dòng này".to_owned(),
    )
}
