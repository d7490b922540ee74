//! `sotay check`: reports every problem of the handbook at once, without building or writing
//! anything.
//!
//! It loads and renders the content as a build would (every broken internal link or anchor,
//! missing image, duplicate URL comes from there), then adds what a build does not look at:
//! explicit ids given twice on a page ([`ids`]), aliases, pages missing from the navigation
//! ([`navigation`]), the Vietnamese text ([`vietnamese`]: normalization, legacy encodings,
//! tone placement, abbreviations missing from the glossary) and, with `--external`, links to
//! other sites ([`external`]). Errors and warnings are told apart; `--strict` counts warnings as
//! errors.

pub mod external;
pub mod ids;
pub mod navigation;
pub mod vietnamese;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, CONTENT_DIR, glossary};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::templates::Templates;

/// What to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Project root.
    pub root: PathBuf,
    /// Also try links to other sites.
    pub external: bool,
    /// Count warnings as errors.
    pub strict: bool,
}

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Every problem, sorted by file and line.
    pub diagnostics: Diagnostics,
    /// Pages checked.
    pub pages: usize,
    /// External links tried (0 without `--external`).
    pub external_links: usize,
    /// Whether warnings count as errors.
    pub strict: bool,
}

impl CheckReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.error_count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.items.len() - self.errors()
    }

    /// True when the check fails: errors, or warnings under `--strict`.
    pub fn failed(&self) -> bool {
        self.errors() > 0 || (self.strict && self.warnings() > 0)
    }

    /// The closing line.
    pub fn summary(&self) -> String {
        let external = if self.external_links > 0 {
            format!(", {} liên kết ngoài", self.external_links)
        } else {
            String::new()
        };
        let verdict = if !self.failed() {
            "đạt".to_owned()
        } else if self.errors() == 0 {
            "không đạt (--strict: cảnh báo được tính là lỗi)".to_owned()
        } else {
            "không đạt".to_owned()
        };
        format!(
            "Đã kiểm tra {} trang{external}: {} lỗi, {} cảnh báo — {verdict}.",
            self.pages,
            self.errors(),
            self.warnings()
        )
    }
}

/// Markdown files of the content folder (drafts included), relative to the root.
fn markdown_files(content_dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "md")
                && !content::is_temporary_file(e.path())
        })
        .filter_map(|e| {
            e.path()
                .strip_prefix(content_dir)
                .ok()
                .map(|r| Path::new(CONTENT_DIR).join(r))
        })
        .collect()
}

/// Lints the raw bytes of one file: encoding and normalization.
fn lint_bytes(file: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let mut out = vietnamese::normalization(file, text);
            out.extend(vietnamese::legacy_encoding(file, text, false));
            out
        }
        // Not UTF-8 (loading already says so): an 8-bit legacy file read byte for byte as
        // Latin-1 tells which encoding it is in.
        Err(_) => {
            let latin1: String = bytes.iter().map(|&b| b as char).collect();
            vietnamese::legacy_encoding(file, &latin1, true)
        }
    }
}

/// Runs every check.
pub fn check(options: &CheckOptions) -> CheckReport {
    let root = &options.root;
    let mut diags = Diagnostics::default();
    let config = match Config::load(root) {
        Ok(c) => Some(c),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let (mut content, load_diags) = content::load_lenient(root, false);
    diags.extend(load_diags.items);
    let mut report = CheckReport {
        pages: content.docs.len(),
        strict: options.strict,
        ..CheckReport::default()
    };
    if let Some(config) = &config {
        let theme = crate::output::theme_dir(root, &config.theme);
        if let Err(d) = Templates::load(root, &theme, &root.join("templates")) {
            diags.push(d);
        }
    }
    let content_dir = root.join(CONTENT_DIR);
    if content.docs.is_empty() {
        diags.sort();
        report.diagnostics = diags;
        return report;
    }

    // Text of every Markdown file, drafts too, read from the raw bytes.
    let mut files = markdown_files(&content_dir);
    files.push(Path::new(CONTENT_DIR).join(glossary::GLOSSARY_FILE));
    for file in &files {
        if let Ok(bytes) = std::fs::read(root.join(file)) {
            diags.extend(lint_bytes(file, &bytes));
        }
    }
    diags.extend(navigation::unread_markdown(&content_dir));
    let (all, _) = content::load_lenient(root, true);
    diags.extend(navigation::hidden_by_draft(&all, &content));
    diags.extend(ids::aliases(&content.docs));

    let known = vietnamese::known_abbreviations(&content.glossary);
    let mut external = Vec::new();
    for doc in content.docs.iter().filter(|d| !d.text.is_empty()) {
        let scan = ids::scan(doc);
        diags.extend(scan.diagnostics);
        external.extend(scan.external);
        diags.extend(vietnamese::tone_placement(&doc.source, &doc.text));
        diags.extend(vietnamese::abbreviations(
            &doc.source,
            &doc.text,
            doc.body_offset,
            &known,
        ));
    }

    // Links, anchors and images, as the build checks them.
    let rendered = crate::build::render_all(&mut content, false);
    let config = config.unwrap_or_else(|| {
        Config::parse(Path::new("sotay.toml"), "title = \"sotay\"").expect("fallback config")
    });
    match crate::site::assemble(config, content, rendered, &HashMap::new()) {
        Ok((_, d)) | Err(d) => diags.extend(d.items),
    }

    if options.external {
        let mut urls: Vec<&str> = external.iter().map(|l| l.url.as_str()).collect();
        urls.sort_unstable();
        urls.dedup();
        report.external_links = urls.len();
        diags.extend(external::check(&external));
    }
    diags.sort();
    report.diagnostics = diags;
    report
}
