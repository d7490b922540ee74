//! Pages that an author wrote but that will not appear in the handbook's navigation: Markdown
//! files sotay does not read (wrong extension), and pages left out because a section above
//! them is still a draft.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::content::{self, CONTENT_DIR, Content};
use crate::diagnostics::Diagnostic;

const MARKDOWN_EXTENSIONS: [&str; 5] = ["md", "markdown", "mdown", "mkd", "mkdn"];

/// Files that look like Markdown but are not read because of their extension (`.MD`,
/// `.markdown`…).
pub fn unread_markdown(content_dir: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file() || content::is_temporary_file(path) {
            continue;
        }
        let Some(ext) = path.extension().map(|e| e.to_string_lossy().into_owned()) else {
            continue;
        };
        if ext != "md" && MARKDOWN_EXTENSIONS.contains(&ext.to_lowercase().as_str()) {
            let rel = path.strip_prefix(content_dir).unwrap_or(path);
            out.push(
                Diagnostic::warning(
                    Path::new(CONTENT_DIR).join(rel),
                    1,
                    1,
                    format!("tệp .{ext} không được đưa vào sổ tay nên không có trong mục lục"),
                )
                .with_help("đổi đuôi tệp thành .md (chữ thường)"),
            );
        }
    }
    out
}

/// Pages not marked as drafts that the published handbook leaves out because a section above
/// them is a draft. `all` is the content loaded with drafts, `published` without.
pub fn hidden_by_draft(all: &Content, published: &Content) -> Vec<Diagnostic> {
    let shown: HashSet<&PathBuf> = published.docs.iter().map(|d| &d.source).collect();
    let mut out = Vec::new();
    for doc in &all.docs {
        if doc.front.draft || shown.contains(&doc.source) {
            continue;
        }
        let mut cur = doc.parent;
        while let Some(p) = cur {
            if all.docs[p].front.draft {
                out.push(
                    Diagnostic::warning(
                        &doc.source,
                        1,
                        1,
                        format!(
                            "trang không có trong mục lục vì mục chứa nó đang là bản nháp: {}",
                            all.docs[p].source.display()
                        ),
                    )
                    .with_help(format!(
                        "xóa dòng draft = true trong {} khi mục đã viết xong, hoặc thêm draft = true vào trang này cho rõ",
                        all.docs[p].source.display()
                    )),
                );
                break;
            }
            cur = all.docs[p].parent;
        }
    }
    out
}
