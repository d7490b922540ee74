//! `sotay pdf`: renders the bundle with WeasyPrint into `public/print/<slug>.pdf`, padded with
//! blank pages to a multiple of four (saddle stitching), then rebuilds the site so every page
//! links to the PDF.
//!
//! Padding without a second layout pass: the PDF's bundle ends with exactly one blank page before
//! the back cover; qpdf then repeats (or drops) that page, keeping bookmarks, links, metadata
//! and page boxes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::tools::{self, QPDF, ToolError, WEASYPRINT};
use crate::build::{self, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Pages are padded to a multiple of this (saddle stitching folds sheets of four pages).
pub const PAGE_MULTIPLE: usize = 4;

/// What `sotay pdf` made.
#[derive(Debug)]
pub struct PdfReport {
    /// The PDF in the output folder.
    pub path: PathBuf,
    /// Pages after padding.
    pub pages: usize,
    /// Blank pages added (or -1 when the spare blank page was dropped).
    pub padding: isize,
    /// Time spent in WeasyPrint.
    pub render_time: Duration,
    /// Whole command.
    pub elapsed: Duration,
    /// Warnings of the build and of WeasyPrint.
    pub warnings: Diagnostics,
    /// What the preflight should find in it.
    pub expectations: super::preflight::Expectations,
}

fn tool_error(e: ToolError) -> Diagnostics {
    let message = e.to_string();
    let (message, help) = match message.split_once("\n  → cách sửa: ") {
        Some((m, h)) => (m.to_owned(), Some(h.to_owned())),
        None => (message, None),
    };
    let mut d = Diagnostic::error("sotay pdf", 0, 0, message);
    if let Some(h) = help {
        d = d.with_help(h);
    }
    d.into()
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostic::error(path, 0, 0, format!("không ghi được tệp: {e}"))
        .with_help("kiểm tra quyền ghi và dung lượng đĩa")
        .into()
}

/// A scratch folder beside the output folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        if self.0.join(crate::output::dir::MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// Which pages to keep so that the PDF has a multiple of [`PAGE_MULTIPLE`] pages: `pages` is
/// the rendered count, whose second-to-last page is the spare blank page. Returns the qpdf page
/// list and how many blank pages were added (−1: the spare was dropped).
pub fn padding_plan(pages: usize) -> (String, isize) {
    if pages < 3 {
        return ("1-z".into(), 0);
    }
    let content = pages - 2;
    let spare = pages - 1;
    let copies = (PAGE_MULTIPLE - (content + 1) % PAGE_MULTIPLE) % PAGE_MULTIPLE;
    let mut list = format!("1-{content}");
    for _ in 0..copies {
        list.push_str(&format!(",{spare}"));
    }
    list.push_str(&format!(",{pages}"));
    (list, copies as isize - 1)
}

/// Number of pages of a PDF.
pub fn page_count(pdf: &Path) -> Result<usize, ToolError> {
    let out = tools::stdout(QPDF, &["--show-npages", &pdf.to_string_lossy()])?;
    Ok(out.trim().parse().unwrap_or(0))
}

/// WeasyPrint's messages worth showing an author (missing images or fonts, broken anchors).
fn weasyprint_warnings(stderr: &str) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for line in stderr.lines() {
        let line = line.trim();
        if line.is_empty() || !(line.starts_with("ERROR") || line.starts_with("WARNING")) {
            continue;
        }
        diags.push(
            Diagnostic::warning("sotay pdf", 0, 0, format!("WeasyPrint: {line}")).with_help(
                "thường do tệp hình hoặc phông chữ của bản in; xem public/print/index.html",
            ),
        );
    }
    diags
}

/// Renders `html` (a bundle's `index.html`) into `pdf` with WeasyPrint.
pub fn render(html: &Path, pdf: &Path) -> Result<(Duration, Diagnostics), Diagnostics> {
    let start = Instant::now();
    let args = [html.as_os_str(), pdf.as_os_str()];
    let output = tools::run(WEASYPRINT, &args, html.parent()).map_err(tool_error)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    Ok((start.elapsed(), weasyprint_warnings(&stderr)))
}

/// `sotay pdf`: builds the site, renders and pads the PDF, puts it into the output folder and
/// rebuilds so the pages link to it.
pub fn make(root: &Path, drafts: bool) -> Result<PdfReport, Diagnostics> {
    let start = Instant::now();
    if !tools::available(WEASYPRINT) {
        return Err(tool_error(ToolError::Missing(WEASYPRINT)));
    }
    if !tools::available(QPDF) {
        return Err(tool_error(ToolError::Missing(QPDF)));
    }
    let options = BuildOptions {
        root: root.to_path_buf(),
        drafts,
        ..BuildOptions::default()
    };
    // First build: a fresh site and output folder (also proves the content builds).
    let first = build::build(&options)?;
    let mut warnings = first.warnings;
    let (site, _) = build::assemble(root, drafts)?;
    let out = first.output;

    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let scratch = Scratch(out.with_file_name(format!(".{name}.sotay-pdf")));
    if scratch.0.exists() {
        if !scratch.0.join(crate::output::dir::MARKER).is_file() {
            return Err(Diagnostic::error(
                &scratch.0,
                0,
                0,
                "thư mục tạm đã tồn tại và không do sotay tạo",
            )
            .with_help("xóa hoặc đổi tên thư mục đó rồi chạy lại")
            .into());
        }
        std::fs::remove_dir_all(&scratch.0).map_err(|e| io_error(&scratch.0, e))?;
    }
    std::fs::create_dir_all(&scratch.0).map_err(|e| io_error(&scratch.0, e))?;
    std::fs::write(scratch.0.join(crate::output::dir::MARKER), "sotay pdf\n")
        .map_err(|e| io_error(&scratch.0, e))?;

    let bundle = super::bundle(&site, root, 1)?;
    let expectations = super::preflight::Expectations::for_bundle(&bundle, &site.config.title);
    super::write_files(&bundle, &scratch.0)?;
    let html = scratch.0.join(super::INDEX);
    let rendered = scratch.0.join("rendered.pdf");
    let (render_time, weasy_warnings) = render(&html, &rendered)?;
    warnings.extend(weasy_warnings.items);

    let pages = page_count(&rendered).map_err(tool_error)?;
    let (list, padding) = padding_plan(pages);
    let padded = scratch.0.join("padded.pdf");
    tools::stdout(
        QPDF,
        &[
            &rendered.to_string_lossy(),
            "--pages",
            ".",
            &list,
            "--",
            &padded.to_string_lossy(),
        ],
    )
    .map_err(tool_error)?;
    let final_pages = page_count(&padded).map_err(tool_error)?;

    let target = super::pdf_path(&out, &site);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    std::fs::copy(&padded, &target).map_err(|e| io_error(&target, e))?;
    // Second build: every page now links to the PDF, and the build carries it over.
    let second = build::build(&options)?;
    let path = super::pdf_path(&second.output, &site);
    Ok(PdfReport {
        path,
        pages: final_pages,
        padding,
        render_time,
        elapsed: start.elapsed(),
        warnings,
        expectations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_keeps_the_back_cover_last() {
        // 30 pages rendered: 28 of content, the spare blank (29), the back cover (30).
        assert_eq!(padding_plan(30), ("1-28,29,29,29,30".into(), 2));
        assert_eq!(padding_plan(32), ("1-30,31,32".into(), 0));
        assert_eq!(padding_plan(33), ("1-31,33".into(), -1));
        assert_eq!(padding_plan(31), ("1-29,30,30,31".into(), 1));
    }
}
