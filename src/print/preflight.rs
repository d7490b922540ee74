//! `sotay pdf --check`: inspects a PDF the way a print shop's preflight would, with poppler
//! (`pdfinfo -box`, `pdffonts`, `pdfimages -list`, `pdftotext`) and qpdf (bookmarks), and ends
//! with a line `N passed, N failed`.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use super::geometry::PT_PER_MM;
use super::tools::{self, PDFFONTS, PDFIMAGES, PDFINFO, PDFTOTEXT, QPDF, ToolError};
use super::{MIN_PPI, pdf::PAGE_MULTIPLE};

/// What the PDF is expected to be; unknown parts are checked loosely.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// Trim size in millimetres.
    pub trim_mm: Option<(f64, f64)>,
    /// Bleed in millimetres (3 when unknown).
    pub bleed_mm: Option<f64>,
    /// Font families the bundle declares; empty: only check that fonts are embedded.
    pub families: Vec<String>,
    /// Parts and chapters (`part`/`chapter`, title as in the bookmarks), in order.
    pub outline: Vec<(String, String)>,
    /// Vietnamese strings that must come out of the text layer unchanged.
    pub samples: Vec<String>,
}

impl Expectations {
    /// What the PDF of `bundle` must be.
    pub fn for_bundle(bundle: &super::Bundle, title: &str) -> Expectations {
        let g = &bundle.geometry;
        let mut samples = vec![title.to_owned()];
        samples.extend(bundle.outline.iter().map(|(_, t)| t.clone()));
        Expectations {
            trim_mm: Some((g.width, g.height)),
            bleed_mm: Some(g.bleed),
            families: bundle.families.clone(),
            outline: bundle.outline.clone(),
            samples,
        }
    }
}

/// The expectations for the project at `root`, and where its PDF is; `None` when the project
/// cannot be loaded (then a PDF given by path is checked loosely).
pub fn for_project(root: &Path) -> Option<(Expectations, std::path::PathBuf)> {
    let (site, _) = crate::build::assemble(root, false).ok()?;
    let bundle = super::bundle(&site, root, 0).ok()?;
    let pdf = super::pdf_path(&root.join(&site.config.output_dir), &site);
    Some((Expectations::for_bundle(&bundle, &site.config.title), pdf))
}

/// Loose expectations for a PDF outside any project: the font families declared by the
/// stylesheets beside it, if it sits in a bundle.
pub fn for_file(pdf: &Path) -> Expectations {
    let dir = pdf.parent().unwrap_or(Path::new("."));
    let mut css = String::new();
    for name in ["print.css", "math.css"] {
        css.push_str(&std::fs::read_to_string(dir.join(name)).unwrap_or_default());
    }
    Expectations {
        families: super::assets::font_families(&css),
        ..Expectations::default()
    }
}

/// The result of one check.
#[derive(Debug, Clone)]
pub struct Check {
    /// What was checked.
    pub name: String,
    /// Passed or not.
    pub passed: bool,
    /// A one-line summary.
    pub summary: String,
    /// Problems found, one per line (at most a few are shown).
    pub problems: Vec<String>,
}

/// Every check on one PDF.
#[derive(Debug, Clone)]
pub struct Report {
    /// The PDF.
    pub file: String,
    /// Its page count.
    pub pages: usize,
    /// The checks in order.
    pub checks: Vec<Check>,
}

impl Report {
    /// Checks that passed.
    pub fn passed(&self) -> usize {
        self.checks.iter().filter(|c| c.passed).count()
    }

    /// Checks that failed.
    pub fn failed(&self) -> usize {
        self.checks.len() - self.passed()
    }

    /// The check named `name`.
    pub fn get(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.name == name)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Kiểm tra trước khi in: {} ({} trang)",
            self.file, self.pages
        )?;
        for c in &self.checks {
            let mark = if c.passed { "✓" } else { "✗" };
            writeln!(f, "{mark} {}: {}", c.name, c.summary)?;
            for p in c.problems.iter().take(12) {
                writeln!(f, "    - {p}")?;
            }
            if c.problems.len() > 12 {
                writeln!(f, "    - … và {} chỗ khác", c.problems.len() - 12)?;
            }
        }
        writeln!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Names of the checks, as printed.
pub mod names {
    /// TrimBox and BleedBox.
    pub const BOXES: &str = "Khổ trang và lề xén";
    /// Fonts embedded.
    pub const EMBEDDED: &str = "Phông chữ được nhúng";
    /// Only bundled fonts.
    pub const FAMILIES: &str = "Chỉ dùng phông của bản in";
    /// Image resolution.
    pub const IMAGES: &str = "Độ phân giải hình";
    /// Page count.
    pub const PAGES: &str = "Số trang chia hết cho 4";
    /// Contents page numbers.
    pub const TOC: &str = "Số trang trong mục lục";
    /// Chapters on odd pages.
    pub const RECTO: &str = "Chương bắt đầu ở trang lẻ";
    /// Text extraction.
    pub const TEXT: &str = "Chữ tiếng Việt trích xuất được";
    /// Bookmarks.
    pub const BOOKMARKS: &str = "Dấu trang (bookmark)";
    /// Title, author, language.
    pub const METADATA: &str = "Thông tin tài liệu";
}

fn check(name: &str, problems: Vec<String>, ok: String, bad: String) -> Check {
    Check {
        name: name.to_owned(),
        passed: problems.is_empty(),
        summary: if problems.is_empty() { ok } else { bad },
        problems,
    }
}

/// Collapses white space and normalises to NFC, for comparing extracted text.
pub fn normalize(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A bookmark: title and 1-based page.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Nesting level, 1 for the top.
    pub level: usize,
    /// Title.
    pub title: String,
    /// Page it points to.
    pub page: usize,
}

/// Reads the bookmarks (outlines) with qpdf.
pub fn bookmarks(pdf: &str) -> Result<Vec<Bookmark>, ToolError> {
    let json = tools::stdout(QPDF, &["--json", "--json-key=outlines", pdf])?;
    let value: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    let mut out = Vec::new();
    fn walk(items: &serde_json::Value, level: usize, out: &mut Vec<Bookmark>) {
        for item in items.as_array().into_iter().flatten() {
            out.push(Bookmark {
                level,
                title: item["title"].as_str().unwrap_or_default().to_owned(),
                page: item["destpageposfrom1"].as_u64().unwrap_or(0) as usize,
            });
            walk(&item["kids"], level + 1, out);
        }
    }
    walk(&value["outlines"], 1, &mut out);
    Ok(out)
}

/// The text of every page (pdftotext, layout kept), index 0 = page 1.
fn page_texts(pdf: &str) -> Result<Vec<String>, ToolError> {
    let text = tools::stdout(PDFTOTEXT, &["-layout", "-enc", "UTF-8", pdf, "-"])?;
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Ok(pages)
}

/// Inspects `pdf`.
pub fn run(pdf: &Path, expect: &Expectations) -> Result<Report, ToolError> {
    let file = pdf.to_string_lossy().into_owned();
    let info = tools::stdout(PDFINFO, &[&file])?;
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim_start_matches(':').trim().to_owned())
            .unwrap_or_default()
    };
    let pages: usize = field("Pages").parse().unwrap_or(0);
    let texts = page_texts(&file)?;
    let marks = bookmarks(&file)?;
    let checks = vec![
        check_boxes(&file, pages, expect)?,
        check_embedded(&file)?,
        check_families(&file, expect)?,
        check_images(&file)?,
        check_pages(pages),
        check_toc(&file, &texts, &marks)?,
        check_recto(&marks, expect),
        check_text(&texts, &marks, expect),
        check_bookmarks(&marks, expect),
        check_metadata(&file, &field("Title"), &field("Author")),
    ];
    Ok(Report {
        file,
        pages,
        checks,
    })
}

fn parse_box(line: &str) -> Option<(String, [f64; 4])> {
    // "Page    1 TrimBox:       0.00     0.00   595.28   841.89"
    let rest = line.strip_prefix("Page")?.trim_start();
    let (_, rest) = rest.split_once(' ')?;
    let (name, numbers) = rest.trim_start().split_once(':')?;
    let v: Vec<f64> = numbers
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (v.len() == 4).then(|| (name.to_owned(), [v[0], v[1], v[2], v[3]]))
}

fn check_boxes(file: &str, pages: usize, expect: &Expectations) -> Result<Check, ToolError> {
    let last = pages.max(1).to_string();
    let text = tools::stdout(PDFINFO, &["-box", "-f", "1", "-l", &last, file])?;
    let mut per_page: HashMap<usize, HashMap<String, [f64; 4]>> = HashMap::new();
    for line in text.lines() {
        let page: Option<usize> = line
            .strip_prefix("Page")
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse().ok());
        if let (Some(page), Some((name, b))) = (page, parse_box(line)) {
            per_page.entry(page).or_default().insert(name, b);
        }
    }
    let bleed = expect.bleed_mm.unwrap_or(3.0) * PT_PER_MM;
    let mut problems = Vec::new();
    for page in 1..=pages {
        let boxes = per_page.get(&page);
        let get = |n: &str| boxes.and_then(|b| b.get(n)).copied();
        let (Some(media), Some(trim), Some(bleed_box)) =
            (get("MediaBox"), get("TrimBox"), get("BleedBox"))
        else {
            problems.push(format!(
                "trang {page}: thiếu MediaBox, TrimBox hoặc BleedBox"
            ));
            continue;
        };
        let (w, h) = (trim[2] - trim[0], trim[3] - trim[1]);
        if let Some((tw, th)) = expect.trim_mm
            && ((w - tw * PT_PER_MM).abs() > 1.0 || (h - th * PT_PER_MM).abs() > 1.0)
        {
            problems.push(format!(
                "trang {page}: TrimBox {:.1}×{:.1} mm, cần {tw}×{th} mm",
                w / PT_PER_MM,
                h / PT_PER_MM
            ));
        }
        let expected = [
            trim[0] - bleed,
            trim[1] - bleed,
            trim[2] + bleed,
            trim[3] + bleed,
        ];
        if expected
            .iter()
            .zip(bleed_box.iter())
            .any(|(e, b)| (e - b).abs() > 0.5)
        {
            problems.push(format!(
                "trang {page}: BleedBox không rộng hơn TrimBox đúng {:.1} mm mỗi cạnh",
                bleed / PT_PER_MM
            ));
        }
        let inside = media[0] <= bleed_box[0] + 0.01
            && media[1] <= bleed_box[1] + 0.01
            && media[2] >= bleed_box[2] - 0.01
            && media[3] >= bleed_box[3] - 0.01;
        if !inside {
            problems.push(format!("trang {page}: BleedBox vượt ra ngoài MediaBox"));
        }
    }
    let size = expect
        .trim_mm
        .map(|(w, h)| format!("{w}×{h} mm"))
        .unwrap_or_else(|| "như nhau".into());
    Ok(check(
        names::BOXES,
        problems,
        format!(
            "TrimBox {size}, BleedBox thêm {:.1} mm mỗi cạnh trên cả {pages} trang",
            bleed / PT_PER_MM
        ),
        "TrimBox/BleedBox sai".into(),
    ))
}

/// Rows of `pdffonts`: (name without subset prefix, type, embedded).
fn fonts(file: &str) -> Result<Vec<(String, String, bool)>, ToolError> {
    let text = tools::stdout(PDFFONTS, &[file])?;
    let mut rows = Vec::new();
    for line in text.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // name type [type2] encoding emb sub uni object ID: read from the right.
        if cols.len() < 7 {
            continue;
        }
        let n = cols.len();
        let emb = cols[n - 5] == "yes";
        let name = cols[0];
        let name = match name.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest,
            _ => name,
        };
        rows.push((name.to_owned(), cols[1..n - 6].join(" "), emb));
    }
    Ok(rows)
}

fn check_embedded(file: &str) -> Result<Check, ToolError> {
    let rows = fonts(file)?;
    let problems: Vec<String> = rows
        .iter()
        .filter(|(_, _, emb)| !emb)
        .map(|(n, t, _)| format!("{n} ({t}) không được nhúng"))
        .collect();
    Ok(check(
        names::EMBEDDED,
        problems,
        format!("cả {} phông đều được nhúng", rows.len()),
        "có phông chưa nhúng: máy in sẽ thay bằng phông khác".into(),
    ))
}

/// Letters and digits only, lowercase, NFC.
fn squash(s: &str) -> String {
    s.nfc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn check_families(file: &str, expect: &Expectations) -> Result<Check, ToolError> {
    let rows = fonts(file)?;
    if expect.families.is_empty() {
        return Ok(check(
            names::FAMILIES,
            vec!["không biết danh sách phông của bản in (không tìm thấy print.css)".into()],
            String::new(),
            "không kiểm tra được".into(),
        ));
    }
    let families: Vec<String> = expect.families.iter().map(|f| squash(f)).collect();
    let mut problems: Vec<String> = rows
        .iter()
        .filter(|(name, _, _)| {
            let n = squash(name);
            !families.iter().any(|f| n.starts_with(f.as_str()))
        })
        .map(|(n, _, _)| {
            format!("{n}: phông của máy, không phải của bản in (chữ nào đó thiếu trong phông của bản in)")
        })
        .collect();
    problems.dedup();
    Ok(check(
        names::FAMILIES,
        problems,
        format!("chỉ có {}", expect.families.join(", ")),
        "có phông thay thế: một số chữ thiếu trong phông của bản in".into(),
    ))
}

fn check_images(file: &str) -> Result<Check, ToolError> {
    let text = tools::stdout(PDFIMAGES, &["-list", file])?;
    let mut problems = Vec::new();
    let mut count = 0;
    for line in text.lines().skip(2) {
        let cols: Vec<&str> = line.split_whitespace().collect();
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        if cols.len() < 14 || cols[2] != "image" {
            continue;
        }
        count += 1;
        let x: f64 = cols[12].parse().unwrap_or(0.0);
        let y: f64 = cols[13].parse().unwrap_or(0.0);
        if x.min(y) + 0.5 < MIN_PPI {
            problems.push(format!(
                "trang {}: hình {}×{} điểm ảnh in ở {x:.0}×{y:.0} ppi",
                cols[0], cols[3], cols[4]
            ));
        }
    }
    Ok(check(
        names::IMAGES,
        problems,
        format!("{count} hình ảnh điểm, đều từ {MIN_PPI:.0} ppi trở lên (hình SVG là vector)"),
        format!("có hình dưới {MIN_PPI:.0} ppi: in ra sẽ mờ"),
    ))
}

fn check_pages(pages: usize) -> Check {
    let problems = if pages > 0 && pages.is_multiple_of(PAGE_MULTIPLE) {
        Vec::new()
    } else {
        vec![format!(
            "{pages} trang: cần thêm {} trang trắng",
            (PAGE_MULTIPLE - pages % PAGE_MULTIPLE) % PAGE_MULTIPLE
        )]
    };
    check(
        names::PAGES,
        problems,
        format!("{pages} trang"),
        format!("số trang không chia hết cho {PAGE_MULTIPLE} (đóng ghim giữa)"),
    )
}

/// Entries "title . . . . 12" read from the contents pages (titles may wrap over lines). The
/// contents run from the page titled "Mục lục" to the page before the next top-level bookmark
/// (the list of figures), or while pages keep having entries.
pub fn toc_entries(texts: &[String], marks: &[Bookmark]) -> Vec<(String, usize, usize)> {
    let mut entries = Vec::new();
    let Some(start) = texts
        .iter()
        .position(|t| t.lines().any(|l| l.trim() == "Mục lục"))
    else {
        return entries;
    };
    let end = marks
        .iter()
        .filter(|m| m.level == 1 && m.page > start + 1)
        .map(|m| m.page - 1)
        .min()
        .unwrap_or(texts.len())
        .min(texts.len());
    for (offset, text) in texts[start..end.max(start + 1)].iter().enumerate() {
        let mut pending = String::new();
        let mut found = false;
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line == "Mục lục" {
                continue;
            }
            match split_leader(line) {
                Some((title, page)) => {
                    let title = normalize(&format!("{pending} {title}"));
                    entries.push((title, page, start + offset + 1));
                    pending.clear();
                    found = true;
                }
                None => {
                    // A running head or page number line has no leader; a wrapped title does.
                    if line.chars().all(|c| c.is_ascii_digit()) {
                        continue;
                    }
                    pending.push(' ');
                    pending.push_str(line);
                }
            }
        }
        if !found && offset > 0 {
            break;
        }
    }
    entries
}

/// `Chương 1. Tên . . . . . 15` → ("Chương 1. Tên", 15).
fn split_leader(line: &str) -> Option<(String, usize)> {
    let digits = line.len() - line.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let page: usize = line[line.len() - digits..].parse().ok()?;
    let before = line[..line.len() - digits].trim_end();
    let title = before.trim_end_matches(['.', ' ', '\u{a0}']);
    // At least two leader dots separate the title from its number.
    let leader = &before[title.len()..];
    (leader.matches('.').count() >= 2).then(|| (title.trim().to_owned(), page))
}

/// A word on a page: left and right edge, text.
type Word = (f64, f64, String);

/// Text of pages `first..=last` rebuilt line by line from word positions (`pdftotext -bbox`):
/// words on the same baseline form one line whatever the gap between them, which keeps a page
/// number in its column on the line of its title.
fn lines_by_position(file: &str, first: usize, last: usize) -> Result<Vec<String>, ToolError> {
    let (f, l) = (first.to_string(), last.to_string());
    let xml = tools::stdout(PDFTOTEXT, &["-bbox", "-f", &f, "-l", &l, file, "-"])?;
    let mut pages = Vec::new();
    for page in xml.split("<page ").skip(1) {
        let mut words: Vec<(f64, f64, f64, String)> = Vec::new();
        for w in page.split("<word ").skip(1) {
            let attr = |name: &str| {
                w.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .and_then(|v| v.parse::<f64>().ok())
                    .unwrap_or(0.0)
            };
            let text = w
                .split_once('>')
                .and_then(|(_, r)| r.split("</word>").next())
                .unwrap_or_default();
            words.push((
                attr("yMax"),
                attr("xMin"),
                attr("xMax"),
                super::html::decode_entities(text),
            ));
        }
        words.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut lines: Vec<(f64, Vec<Word>)> = Vec::new();
        for (y, x0, x1, t) in words {
            match lines.last_mut() {
                Some((ly, ws)) if (y - *ly).abs() < 2.0 => ws.push((x0, x1, t)),
                _ => lines.push((y, vec![(x0, x1, t)])),
            }
        }
        let text: Vec<String> = lines
            .into_iter()
            .map(|(_, mut ws)| {
                ws.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut line = String::new();
                let mut end = f64::MAX;
                for (x0, x1, t) in ws {
                    // A wide gap before a word is a leader, even when no dot fitted in it.
                    if x0 - end > 20.0 {
                        line.push_str(" . . .");
                    }
                    if !line.is_empty() {
                        line.push(' ');
                    }
                    line.push_str(&t);
                    end = x1;
                }
                line
            })
            .collect();
        pages.push(text.join("\n"));
    }
    Ok(pages)
}

fn check_toc(file: &str, texts: &[String], marks: &[Bookmark]) -> Result<Check, ToolError> {
    // Find the contents pages in the plain text, then read them again by word position.
    let mut by_position = texts.to_vec();
    if let Some(start) = texts
        .iter()
        .position(|t| t.lines().any(|l| l.trim() == "Mục lục"))
    {
        let last = (start + 8).min(texts.len());
        for (i, page) in lines_by_position(file, start + 1, last)?
            .into_iter()
            .enumerate()
        {
            by_position[start + i] = page;
        }
    }
    let texts = &by_position;
    let entries = toc_entries(texts, marks);
    let mut problems = Vec::new();
    if entries.is_empty() {
        problems.push("không tìm thấy trang \"Mục lục\" có số trang (cần công cụ hỗ trợ target-counter, như WeasyPrint)".into());
    }
    for (title, page, toc_page) in &entries {
        let target = marks.iter().find(|m| normalize(&m.title) == *title);
        let real = match target {
            Some(m) => m.page,
            None => {
                problems.push(format!(
                    "mục lục trang {toc_page}: \"{title}\" không có dấu trang cùng tên"
                ));
                continue;
            }
        };
        if real != *page {
            problems.push(format!(
                "\"{title}\": mục lục ghi trang {page}, tiêu đề nằm ở trang {real}"
            ));
            continue;
        }
        let on_page = texts.get(real - 1).map(|t| squash(t)).unwrap_or_default();
        if !on_page.contains(&squash(title)) {
            problems.push(format!(
                "\"{title}\": không thấy tiêu đề trong chữ của trang {real}"
            ));
        }
    }
    Ok(check(
        names::TOC,
        problems,
        format!("{} mục đều trỏ đúng trang có tiêu đề", entries.len()),
        "mục lục không khớp với trang thật".into(),
    ))
}

/// Part and chapter bookmarks: the expected ones when known, else those named "Phần …" and
/// "Chương …".
fn openers<'a>(marks: &'a [Bookmark], expect: &Expectations) -> Vec<&'a Bookmark> {
    if expect.outline.is_empty() {
        return marks
            .iter()
            .filter(|m| m.title.starts_with("Chương ") || m.title.starts_with("Phần "))
            .collect();
    }
    expect
        .outline
        .iter()
        .filter_map(|(_, title)| {
            let t = normalize(title);
            marks.iter().find(|m| normalize(&m.title) == t)
        })
        .collect()
}

fn check_recto(marks: &[Bookmark], expect: &Expectations) -> Check {
    let openers = openers(marks, expect);
    let problems: Vec<String> = openers
        .iter()
        .filter(|m| m.page % 2 == 0)
        .map(|m| format!("\"{}\" bắt đầu ở trang chẵn {}", m.title, m.page))
        .collect();
    let none = openers.is_empty();
    let mut c = check(
        names::RECTO,
        problems,
        format!(
            "{} phần và chương đều bắt đầu ở trang lẻ (bên phải)",
            openers.len()
        ),
        "có chương bắt đầu ở trang chẵn (bên trái)".into(),
    );
    if none {
        c.passed = false;
        c.summary = "không tìm thấy dấu trang của phần, chương nào".into();
    }
    c
}

/// Letters only Vietnamese uses: at least one must come out of the text layer.
const VIETNAMESE_LETTERS: &str = "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ";

fn check_text(texts: &[String], marks: &[Bookmark], expect: &Expectations) -> Check {
    let all = normalize(&texts.join(" "));
    let mut problems = Vec::new();
    let mut tried = 0;
    for sample in &expect.samples {
        tried += 1;
        let s = normalize(sample);
        if !all.contains(&s) {
            problems.push(format!("không trích được \"{s}\""));
        }
    }
    // Every bookmark title must also be found on its own page.
    for m in marks.iter().filter(|m| m.page > 0) {
        tried += 1;
        // Compared without case, spaces and punctuation: a label may be set in capitals on its
        // own line ("CHƯƠNG 1" above the title), but every letter and mark must be there.
        let page = squash(&normalize(
            texts.get(m.page - 1).map(String::as_str).unwrap_or(""),
        ));
        let title = normalize(&m.title);
        if !page.contains(&squash(&title)) {
            problems.push(format!(
                "trang {}: không trích được tiêu đề \"{title}\"",
                m.page
            ));
        }
    }
    if !all.chars().any(|c| VIETNAMESE_LETTERS.contains(c)) {
        problems.push("không có chữ cái tiếng Việt nào trong lớp chữ của PDF".into());
    }
    check(
        names::TEXT,
        problems,
        format!("{tried} câu mẫu và tiêu đề trích ra đúng (NFC)"),
        "chữ trích ra bị sai: phông thiếu bảng ToUnicode hoặc chữ bị vỡ".into(),
    )
}

fn check_bookmarks(marks: &[Bookmark], expect: &Expectations) -> Check {
    let mut problems = Vec::new();
    if marks.is_empty() {
        problems.push("PDF không có dấu trang".into());
    }
    for (kind, title) in &expect.outline {
        let t = normalize(title);
        if !marks.iter().any(|m| normalize(&m.title) == t) {
            let what = if kind == "part" { "phần" } else { "chương" };
            problems.push(format!("thiếu dấu trang của {what} \"{t}\""));
        }
    }
    let top = marks.iter().filter(|m| m.level == 1).count();
    check(
        names::BOOKMARKS,
        problems,
        format!("{} dấu trang, {top} ở cấp đầu", marks.len()),
        "thiếu dấu trang".into(),
    )
}

fn check_metadata(file: &str, title: &str, author: &str) -> Check {
    let catalog = tools::stdout(QPDF, &["--show-object=trailer", file])
        .ok()
        .and_then(|t| {
            let root = t
                .split("/Root ")
                .nth(1)?
                .split(" R")
                .next()?
                .trim()
                .to_owned();
            let object = root.split_whitespace().next()?.to_owned();
            tools::stdout(QPDF, &[&format!("--show-object={object}"), file]).ok()
        })
        .unwrap_or_default();
    let lang = catalog
        .split("/Lang (")
        .nth(1)
        .and_then(|l| l.split(')').next())
        .unwrap_or_default()
        .to_owned();
    let mut problems = Vec::new();
    if title.is_empty() {
        problems.push("thiếu tên tài liệu (Title)".into());
    }
    if author.is_empty() {
        problems.push("thiếu tác giả (Author)".into());
    }
    if lang.is_empty() {
        problems.push("thiếu ngôn ngữ (Lang)".into());
    }
    check(
        names::METADATA,
        problems,
        format!("\"{title}\", {author}, ngôn ngữ {lang}"),
        "thiếu thông tin tài liệu".into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaders_and_wrapped_titles() {
        assert_eq!(
            split_leader("Chương 1. Sản xuất sạch hơn là gì? . . . . . . . 15"),
            Some(("Chương 1. Sản xuất sạch hơn là gì?".into(), 15))
        );
        assert_eq!(split_leader("Năm 2026"), None);
        let pages = vec![
            "Mục lục\n\nPhần I. Tổng quan . . . . . . 13\n    Chương 1. Một tiêu đề rất dài\n    tiếp tục ở dòng sau . . . . . . . . . 15\n\n 3\n".to_owned(),
            "Chương 1. Khác\nNội dung".to_owned(),
        ];
        assert_eq!(
            toc_entries(&pages, &[]),
            vec![
                ("Phần I. Tổng quan".to_owned(), 13, 1),
                (
                    "Chương 1. Một tiêu đề rất dài tiếp tục ở dòng sau".to_owned(),
                    15,
                    1
                )
            ]
        );
    }

    #[test]
    fn boxes_parse() {
        assert_eq!(
            parse_box("Page    1 TrimBox:       0.00     0.00   595.28   841.89"),
            Some(("TrimBox".into(), [0.0, 0.0, 595.28, 841.89]))
        );
    }

    #[test]
    fn report_ends_with_the_count_line() {
        let report = Report {
            file: "a.pdf".into(),
            pages: 4,
            checks: vec![check_pages(4), check_pages(6)],
        };
        let text = report.to_string();
        assert!(text.ends_with("1 passed, 1 failed\n"), "{text}");
        assert!(text.contains("cần thêm 2 trang trắng"));
    }
}
