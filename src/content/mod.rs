//! Stage 1 of the pipeline: reads `content/` into documents (sections and pages) with their
//! front matter, URLs and order, plus the files beside them (images) and the glossary.

pub mod front_matter;
pub mod glossary;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::{clean_source, collate, fold::slugify};
pub use front_matter::FrontMatter;
pub use glossary::Term;

/// Name of the folder holding the handbook's Markdown.
pub const CONTENT_DIR: &str = "content";
/// The file that makes a folder a section.
pub const SECTION_FILE: &str = "_index.md";

/// Whether a document is a section (a folder with `_index.md`) or a single page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A part or chapter: a folder with `_index.md`; the home page is the root section.
    Section,
    /// Any other `.md` file.
    Page,
}

/// One Markdown file of the handbook.
#[derive(Debug, Clone)]
pub struct Document {
    /// Section or page.
    pub kind: Kind,
    /// Path relative to the project root, as shown in messages (`content/phan-1/_index.md`).
    pub source: PathBuf,
    /// The whole file, cleaned (LF line ends, NFC).
    pub text: String,
    /// Byte offset of the Markdown body inside `text`.
    pub body_offset: usize,
    /// Parsed front matter.
    pub front: FrontMatter,
    /// Public path, always starting and ending with `/`: `/phan-1/chuong-1/`.
    pub url: String,
    /// Index of the parent section in [`Content::docs`]; `None` for the home page.
    pub parent: Option<usize>,
    /// Children in reading order (sections only).
    pub children: Vec<usize>,
    /// Depth below the home page (home = 0, part = 1, chapter = 2…).
    pub depth: usize,
}

impl Document {
    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// Frees the Markdown once it is rendered: a build needs only the HTML
    /// from then on, and at 10,000 pages the sources are ~90 MB. Messages
    /// that need a line afterwards read the file again
    /// ([`Content::source_text`]).
    pub fn release_source(&mut self) {
        self.text = String::new();
        self.body_offset = 0;
    }
}

/// A non-Markdown file beside the content (an image), copied to the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path of the file on disk.
    pub path: PathBuf,
    /// Public path, e.g. `/phan-2/chuong-4/so-do.svg`.
    pub url: String,
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// All documents; index 0 is the home page.
    pub docs: Vec<Document>,
    /// Files beside the documents, keyed by their absolute path.
    pub assets: HashMap<PathBuf, Asset>,
    /// The glossary, in Vietnamese alphabetical order.
    pub glossary: Vec<Term>,
    /// Absolute path of the content folder.
    pub dir: PathBuf,
}

impl Content {
    /// Index of the document whose source is `source` (relative to the root).
    pub fn find_source(&self, source: &Path) -> Option<usize> {
        self.docs.iter().position(|d| d.source == source)
    }

    /// Documents in reading order: each section, then its children depth-first.
    pub fn reading_order(&self) -> Vec<usize> {
        reading_order(&self.docs)
    }

    /// Absolute path of a document's file.
    pub fn source_path(&self, doc: &Document) -> PathBuf {
        self.dir
            .join(doc.source.strip_prefix(CONTENT_DIR).unwrap_or(&doc.source))
    }

    /// A document's cleaned text: kept in memory, or read again from its
    /// file after [`Document::release_source`] (for a late message's line).
    pub fn source_text(&self, doc: &Document) -> String {
        if !doc.text.is_empty() {
            return doc.text.clone();
        }
        std::fs::read(self.source_path(doc))
            .ok()
            .and_then(|bytes| decode_utf8(&doc.source, bytes).ok())
            .unwrap_or_default()
    }
}

/// Decodes bytes as UTF-8 (cleaned, see [`clean_source`]), or explains where the first bad
/// byte is. Takes the bytes by value: valid text is kept in place, not copied.
pub fn decode_utf8(file: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    // simdutf8 checks a Vietnamese text many times faster than std, whose fast path is for
    // ASCII; std then finds where a bad file goes wrong.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: the bytes were just checked to be valid UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return Ok(clean_source(text));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(clean_source(text)),
        Err(e) => {
            let bytes = e.as_bytes();
            let offset = e.utf8_error().valid_up_to();
            let good = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, col) = crate::text::line_col(good, offset);
            Err(Diagnostic::error(
                file,
                line,
                col,
                format!("tệp không phải UTF-8: byte không hợp lệ 0x{:02X} ở vị trí byte {offset}", bytes[offset]),
            )
            .with_help("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (Notepad: Lưu thành… → Mã hóa: UTF-8)"))
        }
    }
}

/// True for files editors leave behind while saving (`.swp`, `~`, `#…#`, `.tmp`) and hidden files.
pub fn is_temporary_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || [
            ".swp",
            ".swx",
            ".swo",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn reading_order(docs: &[Document]) -> Vec<usize> {
    let mut order = Vec::with_capacity(docs.len());
    let mut stack = vec![0];
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(docs[i].children.iter().rev());
    }
    order
}

struct Loaded {
    rel_dir: PathBuf,
    kind: Kind,
    doc: Document,
}

/// Reads the content folder under `root`. `drafts` keeps pages marked `draft = true`.
pub fn load(root: &Path, drafts: bool) -> Result<Content, Diagnostics> {
    let (content, diags) = load_lenient(root, drafts);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(content)
    }
}

/// Like [`load`], but goes on past errors: a file that cannot be read or parsed is left out,
/// and everything found (errors and warnings) comes back beside what could be loaded.
/// `sotay check` reports every problem at once this way, and `sotay serve` keeps previewing
/// the rest of the handbook while one file is broken. When the content folder is missing the
/// content is empty (no documents at all).
pub fn load_lenient(root: &Path, drafts: bool) -> (Content, Diagnostics) {
    // Absolute and free of `.`/`..`, so that link targets resolved against it compare equal.
    let dir =
        std::fs::canonicalize(root.join(CONTENT_DIR)).unwrap_or_else(|_| root.join(CONTENT_DIR));
    let mut diags = Diagnostics::default();
    let mut md_files = Vec::new();
    let mut other_files = Vec::new();
    if !dir.is_dir() {
        return (Content::default(), Diagnostic::error(CONTENT_DIR, 0, 0, "không tìm thấy thư mục content/")
            .with_help("tạo thư mục content/ với tệp content/_index.md, hoặc dùng --root để chỉ tới dự án")
            .into());
    }
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    CONTENT_DIR,
                    0,
                    0,
                    format!("không đọc được thư mục: {e}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() || is_temporary_file(entry.path()) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(&dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        if rel.extension().is_some_and(|e| e == "md") {
            md_files.push(rel);
        } else {
            other_files.push(rel);
        }
    }

    let results: Vec<Result<Loaded, Diagnostic>> = md_files
        .par_iter()
        .map(|rel| read_document(&dir, rel))
        .collect();
    let mut loaded = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(l) => loaded.push(l),
            Err(d) => diags.push(d),
        }
    }
    let glossary = load_glossary(&dir, &mut diags);
    let mut content = assemble_tree(loaded, drafts, &mut diags);
    content.glossary = glossary;
    content.dir = dir.clone();
    collect_assets(&mut content, &dir, &other_files, &mut diags);
    (content, diags)
}

fn read_document(dir: &Path, rel: &Path) -> Result<Loaded, Diagnostic> {
    let shown = Path::new(CONTENT_DIR).join(rel);
    let bytes = std::fs::read(dir.join(rel))
        .map_err(|e| Diagnostic::error(&shown, 0, 0, format!("không đọc được tệp: {e}")))?;
    let text = decode_utf8(&shown, bytes)?;
    let split = front_matter::split(&shown, &text)?;
    let front = front_matter::parse(&shown, &split)?;
    let body_offset = split.body_offset;
    let is_section = rel.file_name().is_some_and(|n| n == SECTION_FILE);
    let rel_dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
    Ok(Loaded {
        rel_dir,
        kind: if is_section {
            Kind::Section
        } else {
            Kind::Page
        },
        doc: Document {
            kind: if is_section {
                Kind::Section
            } else {
                Kind::Page
            },
            source: shown,
            text,
            body_offset,
            front,
            url: String::new(),
            parent: None,
            children: Vec::new(),
            depth: 0,
        },
    })
}

fn load_glossary(dir: &Path, diags: &mut Diagnostics) -> Vec<Term> {
    let path = dir.join(glossary::GLOSSARY_FILE);
    let shown = Path::new(CONTENT_DIR).join(glossary::GLOSSARY_FILE);
    let Ok(bytes) = std::fs::read(&path) else {
        return Vec::new();
    };
    match decode_utf8(&shown, bytes).and_then(|text| glossary::parse(&shown, &text)) {
        Ok(terms) => terms,
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

/// Links sections and pages into a tree, computes URLs and sorts children.
fn assemble_tree(loaded: Vec<Loaded>, drafts: bool, diags: &mut Diagnostics) -> Content {
    // Section folders, keyed by their path inside content/ (hashed: at 10,000 pages a BTreeMap
    // spent 20 ms comparing paths component by component).
    let mut section_of_dir: HashMap<PathBuf, usize> = HashMap::new();
    let mut docs: Vec<Document> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    let (mut sections, pages): (Vec<_>, Vec<_>) =
        loaded.into_iter().partition(|l| l.kind == Kind::Section);
    sections.sort_by(|a, b| a.rel_dir.cmp(&b.rel_dir));
    if sections
        .first()
        .is_none_or(|s| !s.rel_dir.as_os_str().is_empty())
    {
        docs.push(synthetic_home());
        dirs.push(PathBuf::new());
        section_of_dir.insert(PathBuf::new(), 0);
    }
    for l in sections.into_iter().chain(pages) {
        dirs.push(l.rel_dir.clone());
        if l.kind == Kind::Section {
            section_of_dir.insert(l.rel_dir.clone(), docs.len());
        }
        docs.push(l.doc);
    }
    // Parent: for a section, the section of the nearest ancestor folder; for a page, of its folder.
    for i in 1..docs.len() {
        let mut dir = if docs[i].kind == Kind::Section {
            dirs[i].parent().map(Path::to_path_buf)
        } else {
            Some(dirs[i].clone())
        };
        let mut parent = None;
        while let Some(d) = dir {
            if let Some(&p) = section_of_dir.get(&d) {
                parent = Some(p);
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
        docs[i].parent = parent.or(Some(0));
        if docs[i].kind == Kind::Page && !section_of_dir.contains_key(&dirs[i]) {
            diags.push(
                Diagnostic::warning(
                    &docs[i].source,
                    0,
                    0,
                    "thư mục chứa trang này không có _index.md",
                )
                .with_help(
                    "tạo _index.md trong thư mục để nó thành một mục (phần, chương) có tiêu đề",
                ),
            );
        }
    }
    let excluded = excluded_drafts(&docs, drafts);
    let keep: Vec<usize> = (0..docs.len()).filter(|i| !excluded[*i]).collect();
    let mut remap = vec![usize::MAX; docs.len()];
    for (new, &old) in keep.iter().enumerate() {
        remap[old] = new;
    }
    let kept_dirs: Vec<PathBuf> = keep.iter().map(|&i| dirs[i].clone()).collect();
    let mut kept: Vec<Document> = docs
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !excluded[*i])
        .map(|(_, d)| d)
        .collect();
    for d in &mut kept {
        d.parent = d.parent.map(|p| remap[p]);
    }
    for i in 1..kept.len() {
        let p = kept[i].parent.unwrap_or(0);
        kept[p].children.push(i);
    }
    // Every page but the root is a child: the keys are made once each, on both threads.
    let keys: Vec<_> = kept
        .par_iter()
        .map(|d| (d.front.weight, collate::sort_key(&d.front.title)))
        .collect();
    for d in &mut kept {
        d.children.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    }
    assign_urls(&mut kept, &kept_dirs, diags);
    Content {
        docs: kept,
        ..Content::default()
    }
}

fn excluded_drafts(docs: &[Document], drafts: bool) -> Vec<bool> {
    let mut excluded = vec![false; docs.len()];
    if drafts {
        return excluded;
    }
    for (i, out) in excluded.iter_mut().enumerate() {
        let mut cur = Some(i);
        while let Some(c) = cur {
            if docs[c].front.draft {
                *out = true;
                break;
            }
            cur = docs[c].parent;
        }
    }
    excluded[0] = false;
    excluded
}

fn synthetic_home() -> Document {
    Document {
        kind: Kind::Section,
        source: Path::new(CONTENT_DIR).join(SECTION_FILE),
        text: String::new(),
        body_offset: 0,
        front: FrontMatter {
            title: String::new(),
            ..FrontMatter::default()
        },
        url: "/".into(),
        parent: None,
        children: Vec::new(),
        depth: 0,
    }
}

fn url_segment(doc: &Document, dir: &Path) -> String {
    if let Some(slug) = &doc.front.slug {
        return slugify(slug);
    }
    let name = match doc.kind {
        Kind::Section => dir.file_name(),
        Kind::Page => doc.source.file_stem(),
    };
    let from_name = name
        .map(|n| slugify(&n.to_string_lossy()))
        .unwrap_or_default();
    if from_name.is_empty() {
        slugify(&doc.front.title)
    } else {
        from_name
    }
}

fn assign_urls(docs: &mut [Document], dirs: &[PathBuf], diags: &mut Diagnostics) {
    let order = reading_order(docs);
    docs[0].url = "/".into();
    let mut seen: HashMap<String, usize> = HashMap::new();
    seen.insert("/".into(), 0);
    for &i in order.iter().skip(1) {
        let parent = docs[i].parent.unwrap_or(0);
        let segment = url_segment(&docs[i], &dirs[i]);
        docs[i].url = format!("{}{}/", docs[parent].url, segment);
        docs[i].depth = docs[parent].depth + 1;
        if let Some(&other) = seen.get(&docs[i].url) {
            diags.push(
                Diagnostic::error(
                    &docs[i].source,
                    1,
                    1,
                    format!(
                        "địa chỉ {} trùng với {}",
                        docs[i].url,
                        docs[other].source.display()
                    ),
                )
                .with_help("đổi tên tệp hoặc đặt `slug = \"...\"` khác nhau cho hai trang"),
            );
        } else {
            seen.insert(docs[i].url.clone(), i);
        }
    }
}

fn collect_assets(content: &mut Content, dir: &Path, files: &[PathBuf], diags: &mut Diagnostics) {
    let section_dirs: HashMap<PathBuf, usize> = content
        .docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == Kind::Section)
        .filter_map(|(i, d)| {
            let rel = d
                .source
                .strip_prefix(CONTENT_DIR)
                .ok()?
                .parent()?
                .to_path_buf();
            Some((rel, i))
        })
        .collect();
    for rel in files {
        if rel == Path::new(glossary::GLOSSARY_FILE) {
            continue;
        }
        // The nearest section folder gives the URL prefix; deeper folders become URL segments.
        let mut owner = rel.parent().map(Path::to_path_buf);
        let mut tail: Vec<String> = Vec::new();
        let file_name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut url_prefix = None;
        while let Some(d) = owner {
            if let Some(&s) = section_dirs.get(&d) {
                url_prefix = Some(content.docs[s].url.clone());
                break;
            }
            if let Some(n) = d.file_name() {
                tail.push(slugify(&n.to_string_lossy()));
            }
            owner = d.parent().map(Path::to_path_buf);
        }
        let Some(prefix) = url_prefix else {
            // Asset of an excluded (draft) section.
            continue;
        };
        tail.reverse();
        let mut url = prefix;
        for t in tail {
            url.push_str(&t);
            url.push('/');
        }
        url.push_str(&asset_file_name(&file_name));
        let path = dir.join(rel);
        if content.assets.values().any(|a| a.url == url) {
            diags.push(Diagnostic::warning(
                Path::new(CONTENT_DIR).join(rel),
                0,
                0,
                format!("tệp trùng địa chỉ {url} với tệp khác"),
            ));
        }
        content.assets.insert(path.clone(), Asset { path, url });
    }
}

/// URL-safe file name: slug of the stem plus the lowercased extension.
fn asset_file_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{}.{}", slugify(stem), ext.to_ascii_lowercase()),
        None => slugify(name),
    }
}
