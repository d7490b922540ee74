//! Checks on one document's Markdown that the build does not make: explicit ids given twice
//! (the renderer silently renames the second, so links to it land on the first), old URLs
//! (aliases) that cannot be written, and the external links to try with `--external`.

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::content::Document;
use crate::diagnostics::Diagnostic;
use crate::markdown::links::is_external;
use crate::text::fold::slugify;

/// A link to another site, where it is written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The URL.
    pub url: String,
    /// The file, relative to the root.
    pub file: std::path::PathBuf,
    /// Line.
    pub line: usize,
    /// Column.
    pub col: usize,
}

/// What one pass over a document's Markdown finds.
#[derive(Debug, Default)]
pub struct Scan {
    /// Problems.
    pub diagnostics: Vec<Diagnostic>,
    /// `http:` and `https:` links and images.
    pub external: Vec<ExternalLink>,
}

fn explicit_table_id(text: &str) -> Option<&str> {
    let open = text.rfind("{#")?;
    let rest = text[open + 2..].trim_end();
    rest.strip_suffix('}').map(str::trim)
}

/// Scans the body of `doc`.
pub fn scan(doc: &Document) -> Scan {
    let mut out = Scan::default();
    let body = doc.body();
    let at = |offset: usize| crate::text::line_col(&doc.text, doc.body_offset + offset);
    // id → (line, explicit?)
    let mut ids: HashMap<String, (usize, bool)> = HashMap::new();
    let mut heading: Option<(Option<String>, String, usize)> = None;
    let mut paragraph_start: Option<(usize, String)> = None;
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Parser::new_ext(body, crate::markdown::parser_options())
            .into_offset_iter()
            .collect();
    let mut record = |id: String, line: usize, explicit: bool, out: &mut Scan| {
        if let Some(&(first_line, first_explicit)) = ids.get(&id) {
            if explicit && first_explicit {
                out.diagnostics.push(
                    Diagnostic::error(&doc.source, line, 1, format!("mã mục {{#{id}}} đã dùng ở dòng {first_line} của trang này"))
                        .with_help("mỗi mã mục trong một trang phải khác nhau; đổi một trong hai mã (và các liên kết tới nó)"),
                );
            } else if explicit {
                out.diagnostics.push(
                    Diagnostic::warning(&doc.source, line, 1, format!("mã mục {{#{id}}} trùng với mã tự động của tiêu đề ở dòng {first_line}; liên kết #{id} sẽ dẫn tới tiêu đề đó"))
                        .with_help("chọn mã khác, hoặc đặt mã riêng cho tiêu đề ở dòng trước"),
                );
            }
            return;
        }
        ids.insert(id, (line, explicit));
    };
    for (i, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                    at(range.start).0,
                ));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text, line)) = heading.take() {
                    match explicit {
                        Some(id) => record(id, line, true, &mut out),
                        None => {
                            let slug = slugify(&text);
                            record(
                                if slug.is_empty() { "muc".into() } else { slug },
                                line,
                                false,
                                &mut out,
                            );
                        }
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text, _)) = heading.as_mut() {
                    text.push_str(t);
                }
                if let Some((_, text)) = paragraph_start.as_mut() {
                    text.push_str(t);
                }
            }
            Event::Start(Tag::Paragraph) => paragraph_start = Some((range.start, String::new())),
            Event::End(TagEnd::Paragraph) => {
                if let Some((start, text)) = paragraph_start.take() {
                    let before_table =
                        matches!(events.get(i + 1), Some((Event::Start(Tag::Table(_)), _)));
                    if before_table
                        && (text.starts_with("Bảng:") || text.starts_with("Bảng :"))
                        && let Some(id) = explicit_table_id(&text)
                    {
                        record(id.to_owned(), at(start).0, true, &mut out);
                    }
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if is_external(dest_url)
                    && (dest_url.starts_with("http://") || dest_url.starts_with("https://")) =>
            {
                let (line, col) = at(range.start);
                out.external.push(ExternalLink {
                    url: dest_url.to_string(),
                    file: doc.source.clone(),
                    line,
                    col,
                });
            }
            _ => {}
        }
    }
    out
}

/// Line of the front matter that mentions `needle` (for messages about front matter values).
fn front_line(doc: &Document, needle: &str) -> usize {
    doc.text[..doc.body_offset]
        .lines()
        .position(|l| l.contains(needle))
        .map_or(1, |i| i + 1)
}

/// Old URLs (aliases) that would leave the output folder, or land on a page or on another
/// alias — `sotay build` stops on them.
pub fn aliases(docs: &[Document]) -> Vec<Diagnostic> {
    let mut taken: HashMap<String, String> = docs
        .iter()
        .map(|d| {
            let rel = crate::output::page_path(std::path::Path::new(""), &d.url)
                .to_string_lossy()
                .replace('\\', "/");
            (rel, format!("trang {}", d.source.display()))
        })
        .collect();
    let mut out = Vec::new();
    for doc in docs {
        for alias in &doc.front.aliases {
            let line = front_line(doc, alias);
            match crate::output::sitemap::alias_path(alias) {
                None => out.push(
                    Diagnostic::error(&doc.source, line, 1, format!("địa chỉ cũ (alias) không dùng được: {alias}"))
                        .with_help("alias phải là một đường dẫn trong trang, ví dụ \"/cu/ten-trang/\", không chứa .. hay :"),
                ),
                Some(rel) => match taken.get(&rel) {
                    Some(owner) => out.push(
                        Diagnostic::error(&doc.source, line, 1, format!("địa chỉ cũ (alias) {alias} trùng với {owner}"))
                            .with_help("xóa alias này hoặc đổi thành địa chỉ khác"),
                    ),
                    None => {
                        taken.insert(rel, format!("alias của {}", doc.source.display()));
                    }
                },
            }
        }
    }
    out
}
