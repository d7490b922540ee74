//! Images beside a page: resolved to their public URL, checked to exist, and given width and
//! height so the page does not jump while they load.

use std::ops::Range;
use std::path::Path;

use super::Renderer;
use super::highlight::html_escape;
use super::links::{is_external, normalize_path};

/// Pixel size of an image file: SVG from its `width`/`height` or `viewBox`, raster formats from
/// their header.
pub fn image_size(path: &Path) -> Option<(u32, u32)> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        let text = std::fs::read_to_string(path).ok()?;
        return svg_size(&text);
    }
    let size = imagesize::size(path).ok()?;
    Some((size.width as u32, size.height as u32))
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let key = format!(" {name}=");
        let at = tag.find(&key)? + key.len();
        let quote = tag[at..].chars().next()?;
        let rest = &tag[at + 1..];
        Some(&rest[..rest.find(quote)?])
    };
    let length = |v: &str| -> Option<f64> {
        let v = v.trim();
        let num: String = v
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let n: f64 = num.parse().ok()?;
        match &v[num.len()..] {
            "" | "px" => Some(n),
            "mm" => Some(n * 96.0 / 25.4),
            "cm" => Some(n * 96.0 / 2.54),
            "pt" => Some(n * 96.0 / 72.0),
            "in" => Some(n * 96.0),
            _ => None,
        }
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(length),
        attr("height").and_then(length),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let vb: Vec<f64> = attr("viewBox")?
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    (vb.len() == 4).then(|| (vb[2].round() as u32, vb[3].round() as u32))
}

impl Renderer<'_, '_> {
    /// The `<img>` element for `dest`, or `None` after reporting a missing file.
    pub(super) fn image(&mut self, dest: &str, alt: &str, range: &Range<usize>) -> Option<String> {
        if is_external(dest) {
            let (line, col) = self.line_col(range);
            self.rendered.diagnostics.push(
                crate::diagnostics::Diagnostic::warning(self.ctx.source, line, col, format!("hình lấy từ trang web khác: {dest}"))
                    .with_help("tải hình về, đặt cạnh trang và dùng đường dẫn tương đối, để trang và bản in không phụ thuộc mạng"),
            );
            return Some(format!(
                "<img src=\"{}\" alt=\"{}\" loading=\"lazy\">",
                html_escape(dest),
                html_escape(alt)
            ));
        }
        let path = normalize_path(self.ctx.dir, dest);
        let Some(asset) = self.ctx.assets.get(&path) else {
            self.error(
                range,
                format!("không tìm thấy hình: {dest}"),
                "đặt tệp hình cạnh tệp .md và kiểm tra tên tệp (phân biệt chữ hoa, chữ thường)",
            );
            return None;
        };
        if alt.trim().is_empty() {
            let (line, col) = self.line_col(range);
            self.rendered.diagnostics.push(
                crate::diagnostics::Diagnostic::warning(
                    self.ctx.source,
                    line,
                    col,
                    format!("hình {dest} không có mô tả (alt)"),
                )
                .with_help("viết mô tả ngắn trong ngoặc vuông: ![Sơ đồ quy trình](hinh.svg)"),
            );
        }
        self.rendered.assets.push(path.clone());
        let size = image_size(&path)
            .map(|(w, h)| format!(" width=\"{w}\" height=\"{h}\""))
            .unwrap_or_default();
        Some(format!(
            "<img src=\"{}\" alt=\"{}\"{size} loading=\"lazy\" decoding=\"async\">",
            html_escape(&asset.url),
            html_escape(alt)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_from_attributes_or_viewbox() {
        assert_eq!(
            svg_size("<svg xmlns='x' width=\"700\" height=\"300px\">"),
            Some((700, 300))
        );
        assert_eq!(svg_size("<svg viewBox=\"0 0 640 480\">"), Some((640, 480)));
        assert_eq!(
            svg_size("<svg width=\"100%\" viewBox=\"0,0,10,20\">"),
            Some((10, 20))
        );
    }
}
