//! TOML front matter between `+++` lines at the top of each Markdown file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, from_toml_error};

/// The keys an author may set on a page or section. Anything else is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title (required).
    pub title: String,
    /// Position among siblings; lower first. Ties are broken by title in Vietnamese order.
    #[serde(default)]
    pub weight: i64,
    /// One-sentence summary for search engines, cards and the search index.
    #[serde(default)]
    pub description: String,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Overrides the URL segment taken from the file or folder name.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Date of the last real change, `YYYY-MM-DD`; else the last git commit date is used.
    pub updated: Option<String>,
    /// Sections only: `false` for parts that are not numbered (foreword, appendices).
    pub numbered: Option<bool>,
    /// Appends the glossary (from `content/thuat-ngu.toml`) after the body.
    #[serde(default)]
    pub glossary: bool,
}

/// A file split into its front matter and its Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    /// The TOML text between the fences.
    pub toml: &'a str,
    /// The Markdown after the closing fence.
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Splits `text` (already cleaned to LF) at its `+++` fences.
pub fn split<'a>(file: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(file, 1, 1, "thiếu phần khai báo (front matter) ở đầu tệp")
            .with_help("bắt đầu tệp bằng ba dòng:\n    +++\n    title = \"Tên trang\"\n    +++")
    };
    let rest = text.strip_prefix("+++\n").ok_or_else(missing)?;
    let end = if rest.starts_with("+++") {
        Some(0)
    } else {
        rest.find("\n+++").map(|i| i + 1)
    };
    let Some(end) = end else {
        return Err(Diagnostic::error(
            file,
            1,
            1,
            "phần khai báo mở bằng `+++` nhưng không có dòng `+++` đóng lại",
        )
        .with_help("thêm một dòng chỉ có `+++` sau các khóa title, weight…"));
    };
    let toml = &rest[..end];
    let after = &rest[end + 3..];
    let after_line = after.find('\n').map_or(after.len(), |i| i + 1);
    if !after[..after_line].trim().is_empty() {
        let (line, _) = crate::text::line_col(text, 4 + end);
        return Err(
            Diagnostic::error(file, line, 4, "có chữ ngay sau dòng `+++` đóng")
                .with_help("để dòng `+++` đứng một mình, nội dung bắt đầu từ dòng sau"),
        );
    }
    let body_offset = 4 + end + 3 + after_line;
    Ok(Split {
        toml,
        body: &text[body_offset..],
        body_offset,
    })
}

/// Parses the TOML of `split`; errors point at the right line of `file`.
pub fn parse(file: &Path, split: &Split<'_>) -> Result<FrontMatter, Diagnostic> {
    let fm: FrontMatter =
        toml::from_str(split.toml).map_err(|e| from_toml_error(file, split.toml, 1, &e))?;
    if fm.title.trim().is_empty() {
        return Err(Diagnostic::error(file, 2, 1, "`title` đang để trống")
            .with_help("đặt tiêu đề cho trang: title = \"Tên trang\""));
    }
    if let Some(updated) = &fm.updated
        && !is_iso_date(updated)
    {
        let offset = split.toml.find(updated.as_str()).unwrap_or(0);
        let (line, col) = crate::text::line_col(split.toml, offset);
        return Err(Diagnostic::error(
            file,
            line + 1,
            col,
            format!("ngày `{updated}` không đúng dạng"),
        )
        .with_help("viết ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ updated = \"2026-11-28\""));
    }
    Ok(fm)
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<FrontMatter, Diagnostic> {
        let file = Path::new("a.md");
        parse(file, &split(file, text)?)
    }

    #[test]
    fn parses_keys_and_body() {
        let text = "+++\ntitle = \"Chè\"\nweight = 2\n+++\n\n# Nội dung\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.body, "\n# Nội dung\n");
        assert_eq!(&text[s.body_offset..], s.body);
        assert_eq!(load(text).unwrap().weight, 2);
    }

    #[test]
    fn typo_key_is_an_error_at_its_line() {
        let err = load("+++\nweight = 1\ntittle = \"x\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert!(err.message.contains("tittle"));
    }

    #[test]
    fn missing_title_and_fences() {
        assert!(
            load("+++\nweight = 1\n+++\n")
                .unwrap_err()
                .message
                .contains("title")
        );
        assert_eq!(load("# no front matter").unwrap_err().line, 1);
        assert!(
            load("+++\ntitle = \"x\"\n")
                .unwrap_err()
                .message
                .contains("đóng")
        );
    }

    #[test]
    fn bad_date() {
        let err = load("+++\ntitle = \"x\"\nupdated = \"28/11/2026\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
