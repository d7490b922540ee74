//! `sotay new <section/slug>`: creates a page with front matter, never overwriting.

use std::path::{Path, PathBuf};

use crate::content::{CONTENT_DIR, SECTION_FILE};
use crate::diagnostics::Diagnostic;
use crate::text::fold::slugify;

/// Creates `content/<section>/<slug>.md` and returns its path. The section folder must exist
/// (with its `_index.md`); an existing file is never touched.
pub fn create(root: &Path, spec: &str) -> Result<PathBuf, Diagnostic> {
    let spec = spec.trim().trim_matches('/').trim_end_matches(".md");
    let (section, name) = spec.rsplit_once('/').unwrap_or(("", spec));
    let slug = slugify(name);
    if slug.is_empty() || section.split('/').any(|s| s == ".." || s == ".") {
        return Err(
            Diagnostic::error(spec, 0, 0, "tên trang không hợp lệ").with_help(
                "dùng dạng mục/ten-trang, ví dụ: sotay new phan-3/chuong-7/thu-hoi-nuoc-ngung",
            ),
        );
    }
    let dir = root.join(CONTENT_DIR).join(section);
    if !dir.join(SECTION_FILE).is_file() {
        return Err(Diagnostic::error(
            Path::new(CONTENT_DIR).join(section),
            0,
            0,
            "mục (thư mục) này chưa có _index.md",
        )
        .with_help("kiểm tra tên mục; các mục là các thư mục trong content/ có tệp _index.md"));
    }
    let path = dir.join(format!("{slug}.md"));
    let shown = Path::new(CONTENT_DIR)
        .join(section)
        .join(format!("{slug}.md"));
    let title = {
        let words = name.replace(['-', '_'], " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    let text = format!(
        "+++\ntitle = \"{title}\"\nweight = 100\ndraft = true\n+++\n\nViết nội dung ở đây.\n"
    );
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                Diagnostic::error(&shown, 0, 0, "tệp đã tồn tại; sotay không ghi đè")
                    .with_help("chọn tên khác, hoặc mở tệp đó để sửa")
            } else {
                Diagnostic::error(&shown, 0, 0, format!("không tạo được tệp: {e}"))
            }
        })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostic::error(&shown, 0, 0, format!("không ghi được tệp: {e}")))?;
    Ok(shown)
}
