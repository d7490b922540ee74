//! Links: `.md` paths become page URLs, anchors are queued for checking, empty-text links to
//! figures and tables get their label ("Hình 4.1") filled in later.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event};

use super::highlight::html_escape;
use super::{AnchorCheck, Renderer, placeholder};
use crate::content::SECTION_FILE;

/// Where a link in Markdown points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another site (`https:`, `mailto:`…), kept as written.
    External(String),
    /// A page of the handbook: its URL and an optional anchor.
    Page {
        /// Page URL.
        url: String,
        /// Anchor without `#`, possibly empty.
        anchor: String,
    },
    /// A file beside the content (a PDF, an image): its URL and its path on disk.
    Asset(String, PathBuf),
}

/// True when `dest` starts with a URL scheme such as `https:` or `mailto:`.
pub fn is_external(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.len() > 1 // not a Windows drive letter
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => dest.starts_with("//"),
    }
}

/// Joins `rel` to `dir` and folds `.` and `..` without touching the disk.
pub fn normalize_path(dir: &Path, rel: &str) -> PathBuf {
    let mut out = PathBuf::new();
    for comp in dir.join(rel.replace('\\', "/")).components() {
        match comp {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Decodes `%20`-style escapes that authors sometimes paste into paths.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

impl<'a> Renderer<'_, 'a> {
    /// Resolves a link destination written on this page.
    pub(super) fn resolve(&self, dest: &str) -> Result<LinkTarget, (String, String)> {
        if is_external(dest) {
            return Ok(LinkTarget::External(dest.to_owned()));
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, a.to_owned()),
            None => (dest, String::new()),
        };
        if path.is_empty() {
            return Ok(LinkTarget::Page {
                url: self.ctx.url.to_owned(),
                anchor,
            });
        }
        if path.starts_with('/') {
            let url = if path.ends_with('/')
                || path.rsplit('/').next().is_some_and(|l| l.contains('.'))
            {
                path.to_owned()
            } else {
                format!("{path}/")
            };
            return Ok(LinkTarget::Page { url, anchor });
        }
        let target = normalize_path(self.ctx.dir, &percent_decode(path));
        let as_page = if target.extension().is_some_and(|e| e == "md") {
            Some(target.clone())
        } else if path.ends_with('/') || target.is_dir() {
            Some(target.join(SECTION_FILE))
        } else {
            None
        };
        if let Some(page) = as_page {
            return match self.ctx.pages.get(&page) {
                Some(url) => Ok(LinkTarget::Page { url: url.clone(), anchor }),
                None => Err((
                    format!("liên kết tới trang không tồn tại: {path}"),
                    "đường dẫn tính từ thư mục của trang này; ví dụ ../chuong-5/_index.md (kiểm tra chính tả, dấu / và ..)".into(),
                )),
            };
        }
        match self.ctx.assets.get(&target) {
            Some(asset) => Ok(LinkTarget::Asset(asset.url.clone(), target)),
            None => Err((
                format!("liên kết tới tệp không tồn tại: {path}"),
                "đặt tệp cạnh trang và kiểm tra tên tệp (phân biệt chữ hoa, chữ thường)".into(),
            )),
        }
    }

    /// Emits a link, or reports why its destination is broken.
    pub(super) fn link(
        &mut self,
        dest: &CowStr<'a>,
        title: &CowStr<'a>,
        range: &Range<usize>,
        inner: &[(Event<'a>, Range<usize>)],
    ) {
        let (href, label) = match self.resolve(dest) {
            Ok(LinkTarget::External(url)) => (url, None),
            Ok(LinkTarget::Asset(url, path)) => {
                self.rendered.assets.push(path);
                (url, None)
            }
            Ok(LinkTarget::Page { url, anchor }) => {
                let (line, col) = self.line_col(range);
                self.rendered.anchor_checks.push(AnchorCheck {
                    url: url.clone(),
                    anchor: anchor.clone(),
                    line,
                    col,
                });
                let label = (inner.is_empty() && !anchor.is_empty())
                    .then(|| format!("{}{url}#{anchor}{}", placeholder::LABEL, placeholder::END));
                let href = if anchor.is_empty() {
                    url
                } else if url == self.ctx.url {
                    format!("#{anchor}")
                } else {
                    format!("{url}#{anchor}")
                };
                (href, label)
            }
            Err((message, help)) => {
                self.error(range, message, help);
                (dest.to_string(), None)
            }
        };
        let title_attr = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", html_escape(title))
        };
        let class = if is_external(&href) {
            " class=\"external\""
        } else {
            ""
        };
        self.out.push(Event::InlineHtml(
            format!("<a href=\"{}\"{title_attr}{class}>", html_escape(&href)).into(),
        ));
        match label {
            Some(label) => {
                self.out.push(Event::InlineHtml(label.into()));
            }
            None => self.run(inner),
        }
        self.out.push(Event::InlineHtml("</a>".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_external_but_drive_letters_are_not() {
        assert!(is_external("https://moit.gov.vn"));
        assert!(is_external("mailto:a@b.vn"));
        assert!(!is_external("../chuong-5/_index.md"));
        assert!(!is_external("C:\\x.md"));
    }

    #[test]
    fn parent_dirs_fold() {
        assert_eq!(
            normalize_path(Path::new("/c/phan-1/chuong-1"), "../chuong-2/_index.md"),
            PathBuf::from("/c/phan-1/chuong-2/_index.md")
        );
        assert_eq!(
            normalize_path(Path::new("/c/a"), "..\\b\\x.md"),
            PathBuf::from("/c/b/x.md")
        );
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("s%C6%A1%20do.svg"), "sơ do.svg");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
