//! Problems shown the same way in the browser overlay and in the terminal: file, line,
//! message, what to do, and the offending source lines.

use std::path::{Path, PathBuf};

use super::live::{ExcerptLine, OverlayItem};
use crate::diagnostics::Diagnostic;

/// Lines shown before and after the offending one.
const CONTEXT: usize = 2;

fn source_path(root: &Path, file: &Path) -> PathBuf {
    if file.is_absolute() {
        file.to_path_buf()
    } else {
        root.join(file)
    }
}

/// The lines around line `line` (1-based) of `file`; empty when the line is unknown or the
/// file cannot be read.
pub fn excerpt(root: &Path, file: &Path, line: usize) -> Vec<ExcerptLine> {
    if line == 0 {
        return Vec::new();
    }
    let Ok(bytes) = std::fs::read(source_path(root, file)) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let first = line.saturating_sub(CONTEXT).max(1);
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .skip(first - 1)
        .take(line + CONTEXT + 1 - first)
        .map(|(number, l)| ExcerptLine {
            number,
            // NFC: files saved decomposed (NFD) would show their marks beside the letters.
            text: crate::text::to_nfc(l.trim_end_matches('\r')).into_owned(),
            marked: number == line,
        })
        .collect()
}

/// The overlay's view of one problem.
pub fn overlay_item(root: &Path, d: &Diagnostic) -> OverlayItem {
    OverlayItem {
        file: d.file.display().to_string(),
        line: d.line,
        col: d.col,
        message: d.message.clone(),
        help: d.help.clone().unwrap_or_default(),
        excerpt: excerpt(root, &d.file, d.line),
    }
}

/// The terminal's view of one problem: the usual `file:line:col: lỗi: …` text followed by the
/// source lines, the offending one marked with `>`.
pub fn terminal_text(root: &Path, d: &Diagnostic) -> String {
    let mut out = d.to_string();
    for l in excerpt(root, &d.file, d.line) {
        let mark = if l.marked { '>' } else { ' ' };
        out.push_str(&format!("\n  {mark} {:>4} | {}", l.number, l.text));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_marks_the_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "1\n2\n3\n4\n5\n6\n").unwrap();
        let lines = excerpt(dir.path(), Path::new("a.md"), 2);
        let numbers: Vec<usize> = lines.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [1, 2, 3, 4]);
        assert!(lines[1].marked && !lines[0].marked);
        let d = Diagnostic::error("a.md", 5, 1, "sai");
        let text = terminal_text(dir.path(), &d);
        assert!(text.contains(">    5 | 5"), "{text}");
    }
}
