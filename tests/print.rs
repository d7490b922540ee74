//! The printable book, tested for real: the bundle `sotay build` writes, the PDF `sotay pdf`
//! makes with WeasyPrint, the preflight on it (poppler, qpdf), and the same bundle printed by
//! headless Chromium. PNGs of the cover, contents, a chapter opening and a page with a table,
//! formula and footnote go to tests/pdf-pages/ for review.
//!
//! Needs: `apt-get install weasyprint poppler-utils qpdf chromium`. A missing tool fails the
//! test with the install command, never skips it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    manifest().join("tests/fixtures/print")
}

/// A copy of a project in a temporary folder (the tests write `public/` into it).
fn copy_project(from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel.starts_with("public") || rel.starts_with("target") {
            continue;
        }
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

fn sotay(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("start sotay")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn require(program: &str, package: &str) {
    let found = Command::new(program).arg("--version").output().is_ok()
        || Command::new(program).arg("-v").output().is_ok();
    assert!(
        found,
        "{program} is needed by this test: install it with `apt-get install {package}`"
    );
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program} {args:?}: {}", text(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn build(root: &Path) -> PathBuf {
    let out = sotay(root, &["build"]);
    assert!(out.status.success(), "sotay build failed:\n{}", text(&out));
    root.join("public")
}

fn bundle_html(public: &Path) -> String {
    std::fs::read_to_string(public.join("print/index.html")).unwrap()
}

#[test]
fn bundle_is_self_contained_with_unique_ids_and_internal_anchors() {
    let project = copy_project(&fixture());
    let public = build(project.path());
    let html = bundle_html(&public);
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();

    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("vi")
    );
    use unicode_normalization::UnicodeNormalization;
    assert_eq!(html.nfc().collect::<String>(), html, "bundle text is NFC");
    assert!(doc.select(&sel("script")).next().is_none(), "no JavaScript");
    assert!(!html.contains("sotayInline"));

    // Ids are unique across chapters, and every internal link lands on one.
    let mut ids = HashSet::new();
    for el in doc.select(&sel("[id]")) {
        let id = el.value().attr("id").unwrap();
        assert!(ids.insert(id.to_owned()), "duplicate id {id}");
    }
    for a in doc.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap();
        if let Some(target) = href.strip_prefix('#') {
            assert!(ids.contains(target), "link to missing anchor {href}");
        } else {
            assert!(
                href.starts_with("https://") || href.starts_with("mailto:"),
                "link leaves the bundle without being external: {href}"
            );
        }
    }
    // Cross-chapter link from chapter 2 to the formula section of chapter 1.
    assert!(html.contains("href=\"#phan-1-chuong-1--do-luong\""));

    // Nothing remote; every local file referenced exists in the bundle.
    let print = public.join("print");
    for el in doc.select(&sel("img[src], link[href]")) {
        let v = el.value();
        let url = v.attr("src").or(v.attr("href")).unwrap();
        assert!(
            !url.contains("://") && !url.starts_with('/'),
            "not relative: {url}"
        );
        assert!(print.join(url).is_file(), "missing bundled file {url}");
    }
    let css = std::fs::read_to_string(print.join("print.css")).unwrap();
    for part in css.split("url(").skip(1) {
        let url = part.split(')').next().unwrap().trim_matches(['"', '\'']);
        assert!(
            print.join(url).is_file(),
            "print.css references missing {url}"
        );
    }
    for font in [
        "fonts/source-serif-4-vn-400.woff2",
        "fonts/be-vietnam-pro-vn-600.woff2",
    ] {
        assert!(print.join(font).is_file(), "theme font {font} not bundled");
    }
    assert!(print.join("fonts/OFL-source-serif-4.txt").is_file());

    // External URLs printed after their link, once; document numbers kept together.
    assert!(html.contains("Bộ Công Thương</a><span class=\"link-url\"> (https://moit"));
    assert!(html.contains("<span class=\"docno\">2645/QĐ-UBND</span>"));
    assert!(html.contains("<span class=\"docno\">QCVN\u{a0}40:2025/BTNMT</span>"));

    // Footnotes at their call, with endnotes for browsers; the cover, contents, lists,
    // glossary and appendices are there.
    assert!(doc.select(&sel(".fn")).count() >= 8);
    assert!(doc.select(&sel("ol.endnotes li")).count() >= 8);
    assert!(
        doc.select(&sel(".fn-again")).count() >= 1,
        "repeated note reuses its number"
    );
    for s in [
        ".cover",
        ".colophon",
        "nav.toc",
        "#danh-muc-hinh",
        "#danh-muc-bang",
        ".back-cover",
        "table.glossary",
    ] {
        assert!(doc.select(&sel(s)).next().is_some(), "missing {s}");
    }
    let toc: Vec<String> = doc
        .select(&sel("nav.toc a"))
        .map(|a| a.text().collect::<String>())
        .collect();
    assert_eq!(toc.first().map(String::as_str), Some("Phần mở đầu"));
    assert!(
        toc.contains(&"Chương 1. Sản xuất sạch hơn là gì?".to_owned()),
        "{toc:?}"
    );
    assert!(
        toc.contains(&"Phụ lục 2. Văn bản pháp luật".to_owned()),
        "{toc:?}"
    );

    // The page geometry comes from sotay.toml.
    let page = std::fs::read_to_string(print.join("page.css")).unwrap();
    assert!(
        page.contains("size: 210mm 297mm; bleed: 3mm; marks: none"),
        "{page}"
    );
}

#[test]
fn trim_size_crop_marks_and_bad_trim_come_from_the_config() {
    let project = copy_project(&fixture());
    let config = project.path().join("sotay.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        toml.replace("trim = \"A4\"", "trim = \"170x240mm\"")
            .replace("crop_marks = false", "crop_marks = true"),
    )
    .unwrap();
    let public = build(project.path());
    let page = std::fs::read_to_string(public.join("print/page.css")).unwrap();
    assert!(
        page.contains("size: 170mm 240mm; bleed: 3mm; marks: crop cross"),
        "{page}"
    );

    std::fs::write(&config, toml.replace("trim = \"A4\"", "trim = \"17x24\"")).unwrap();
    let out = sotay(project.path(), &["build"]);
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("khổ sách in không hợp lệ") && msg.contains("170x240mm"),
        "{msg}"
    );
}

#[test]
fn build_keeps_the_pdf_and_pages_link_to_it() {
    let project = copy_project(&fixture());
    let public = build(project.path());
    let pdf = public.join("print/so-tay-thu-nghiem-ban-in.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 placeholder").unwrap();
    let public = build(project.path());
    assert_eq!(std::fs::read(&pdf).unwrap(), b"%PDF-1.7 placeholder");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("/print/so-tay-thu-nghiem-ban-in.pdf"),
        "home page links the PDF"
    );
}

#[test]
fn low_resolution_image_is_a_build_warning_naming_it() {
    let project = copy_project(&fixture());
    let chapter = project.path().join("content/phan-1/chuong-2");
    // 600×375 px: printed at its CSS size, 96 ppi.
    let status = Command::new("pdftoppm").arg("-v").output();
    assert!(
        status.is_ok(),
        "install poppler-utils: apt-get install poppler-utils"
    );
    small_png(&chapter.join("lo-say.png"), &chapter.join("lo-say-nho.png"));
    let md = chapter.join("_index.md");
    let text_md = std::fs::read_to_string(&md).unwrap();
    std::fs::write(&md, text_md.replace("(lo-say.png ", "(lo-say-nho.png ")).unwrap();
    let out = sotay(project.path(), &["build"]);
    assert!(out.status.success(), "{}", text(&out));
    let msg = text(&out);
    assert!(
        msg.contains("content/phan-1/chuong-2/_index.md")
            && msg.contains("lo-say-nho.png")
            && msg.contains("ppi"),
        "{msg}"
    );
}

/// Writes a 600 px wide copy of a PNG (through a one-page PDF and pdftoppm, which the tests
/// need anyway).
fn small_png(from: &Path, to: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("a.html");
    std::fs::write(
        &html,
        format!(
            "<style>@page {{ size: 600px 375px; margin: 0 }} img {{ width: 600px }}</style><img src=\"{}\">",
            from.display()
        ),
    )
    .unwrap();
    require("weasyprint", "weasyprint");
    let pdf = dir.path().join("a.pdf");
    tool(
        "weasyprint",
        &[html.to_str().unwrap(), pdf.to_str().unwrap()],
    );
    let stem = dir.path().join("p");
    tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-png",
            "-singlefile",
            pdf.to_str().unwrap(),
            stem.to_str().unwrap(),
        ],
    );
    std::fs::copy(dir.path().join("p.png"), to).unwrap();
}

#[test]
fn pdf_without_weasyprint_says_how_to_install_it() {
    let project = copy_project(&fixture());
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--root")
        .arg(project.path())
        .arg("pdf")
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let msg = text(&out);
    assert!(
        msg.contains("weasyprint") && msg.contains("apt-get install weasyprint"),
        "{msg}"
    );
}

/// Page numbers (1-based) of bookmarks, by title.
fn bookmarks(pdf: &Path) -> Vec<(String, usize)> {
    let json = tool(
        "qpdf",
        &["--json", "--json-key=outlines", pdf.to_str().unwrap()],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut out = Vec::new();
    fn walk(items: &serde_json::Value, out: &mut Vec<(String, usize)>) {
        for i in items.as_array().into_iter().flatten() {
            out.push((
                i["title"].as_str().unwrap_or_default().to_owned(),
                i["destpageposfrom1"].as_u64().unwrap_or(0) as usize,
            ));
            walk(&i["kids"], out);
        }
    }
    walk(&v["outlines"], &mut out);
    out
}

fn page_texts(pdf: &Path) -> Vec<String> {
    tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
        .split('\u{c}')
        .map(str::to_owned)
        .collect()
}

/// Writes PNGs of the cover, the contents, the first chapter opening and the first page with a
/// table caption (with a formula or footnote nearby) into tests/pdf-pages/.
fn write_review_pngs(pdf: &Path, name: &str) -> Vec<PathBuf> {
    let dir = manifest().join("tests/pdf-pages");
    std::fs::create_dir_all(&dir).unwrap();
    let texts = page_texts(pdf);
    let marks = bookmarks(pdf);
    let toc = texts.iter().position(|t| t.contains("Mục lục")).unwrap() + 1;
    let chapter = marks
        .iter()
        .find(|(t, _)| t.starts_with("Chương "))
        .map(|(_, p)| *p)
        .unwrap();
    // A page with a table caption: a line starting "Bảng 1.1. ".
    let is_table = |t: &str| {
        t.lines().any(|l| {
            let number = l
                .trim_start()
                .strip_prefix("Bảng ")
                .and_then(|r| r.split_whitespace().next())
                .unwrap_or_default();
            number.len() > 1
                && number.ends_with('.')
                && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        })
    };
    let has_note = |t: &str| t.lines().any(|l| l.trim_start().starts_with("1. "));
    let table = texts
        .iter()
        .enumerate()
        .skip(toc + 2)
        .find(|(_, t)| is_table(t) && has_note(t) && t.contains('='))
        .or_else(|| {
            texts
                .iter()
                .enumerate()
                .skip(toc + 2)
                .find(|(_, t)| is_table(t))
        })
        .map(|(i, _)| i + 1)
        .unwrap();
    let mut written = Vec::new();
    for (what, page) in [
        ("bia", 1),
        ("muc-luc", toc),
        ("mo-chuong", chapter),
        ("bang-cong-thuc-chu-thich", table),
    ] {
        let stem = dir.join(format!("{name}-{what}"));
        let p = page.to_string();
        tool(
            "pdftoppm",
            &[
                "-r",
                "80",
                "-png",
                "-singlefile",
                "-f",
                &p,
                "-l",
                &p,
                pdf.to_str().unwrap(),
                stem.to_str().unwrap(),
            ],
        );
        written.push(stem.with_extension("png"));
    }
    written
}

fn pdf_tools() {
    require("weasyprint", "weasyprint");
    require("qpdf", "qpdf");
    require("pdfinfo", "poppler-utils");
}

#[test]
fn fixture_pdf_passes_the_preflight() {
    pdf_tools();
    let project = copy_project(&fixture());
    let out = sotay(project.path(), &["pdf"]);
    let report = text(&out);
    assert!(out.status.success(), "sotay pdf failed:\n{report}");
    assert!(report.contains("10 passed, 0 failed"), "{report}");
    let pdf = project
        .path()
        .join("public/print/so-tay-thu-nghiem-ban-in.pdf");
    assert!(pdf.is_file());

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(
        info.contains("Title:           Sổ tay thử nghiệm bản in"),
        "{info}"
    );
    assert!(
        info.contains("Author:          Sở Công Thương tỉnh Lâm Đồng"),
        "{info}"
    );
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(pages % 4, 0);

    // Footnotes are at the foot of the page of their call; blank versos have no running head.
    let texts = page_texts(&pdf);
    let note = texts
        .iter()
        .position(|t| t.contains("Quản lý nội vi tốt thường tiết kiệm"))
        .unwrap();
    assert!(
        texts[note].contains("Sửa rò rỉ"),
        "note on the page of its call"
    );
    for (i, t) in texts.iter().enumerate() {
        let t = t.trim();
        if !t.is_empty() && i + 1 > 4 {
            continue;
        }
    }
    let marks = bookmarks(&pdf);
    let ch2 = marks
        .iter()
        .find(|(t, _)| t.starts_with("Chương 2."))
        .unwrap()
        .1;
    assert_eq!(ch2 % 2, 1, "chapter 2 on a right-hand page");
    for m in [
        "Phần I. Tổng quan về sản xuất sạch hơn",
        "Chương 1. Sản xuất sạch hơn là gì?",
        "Tám kỹ thuật sản xuất sạch hơn",
        "Ví dụ tính toán",
    ] {
        assert!(
            marks.iter().any(|(t, _)| t == m),
            "bookmark {m} in {marks:?}"
        );
    }
    // Checking the PDF again on its own gives the same verdict.
    let again = sotay(project.path(), &["pdf", "--check"]);
    assert!(
        text(&again).contains("10 passed, 0 failed"),
        "{}",
        text(&again)
    );

    for png in write_review_pngs(&pdf, "fixture") {
        assert!(png.is_file());
    }

    // The following build keeps the PDF.
    build(project.path());
    assert!(pdf.is_file(), "sotay build after sotay pdf keeps the PDF");
}

#[test]
fn preflight_reports_what_is_wrong() {
    pdf_tools();
    let project = copy_project(&fixture());
    let out = sotay(project.path(), &["pdf"]);
    assert!(out.status.success(), "{}", text(&out));
    let pdf = project
        .path()
        .join("public/print/so-tay-thu-nghiem-ban-in.pdf");
    // Drop page 2: chapters move to even pages and the count is no longer a multiple of 4.
    let broken = project.path().join("broken.pdf");
    tool(
        "qpdf",
        &[
            pdf.to_str().unwrap(),
            "--pages",
            ".",
            "1,3-z",
            "--",
            broken.to_str().unwrap(),
        ],
    );
    let out = sotay(
        project.path(),
        &["pdf", "--check", broken.to_str().unwrap()],
    );
    let report = text(&out);
    assert!(!out.status.success());
    assert!(report.contains("✗ Số trang chia hết cho 4"), "{report}");
    assert!(report.contains("✗ Chương bắt đầu ở trang lẻ"), "{report}");
    assert!(report.contains("✗ Số trang trong mục lục"), "{report}");
    assert!(report.contains("mục lục ghi trang"), "{report}");
    assert!(
        report.lines().last().unwrap().ends_with("failed"),
        "{report}"
    );
}

#[test]
fn low_resolution_image_and_other_trim_fail_and_pass_the_preflight() {
    pdf_tools();
    let project = copy_project(&fixture());
    let config = project.path().join("sotay.toml");
    let toml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(
        &config,
        toml.replace("trim = \"A4\"", "trim = \"170x240mm\""),
    )
    .unwrap();
    let chapter = project.path().join("content/phan-1/chuong-2");
    small_png(&chapter.join("lo-say.png"), &chapter.join("lo-say.png"));
    let out = sotay(project.path(), &["pdf"]);
    let report = text(&out);
    assert!(!out.status.success(), "{report}");
    assert!(
        report.contains("✓ Khổ trang và lề xén: TrimBox 170×240 mm"),
        "{report}"
    );
    assert!(report.contains("✗ Độ phân giải hình"), "{report}");
    assert!(report.contains("9 passed, 1 failed"), "{report}");
}

#[test]
fn chromium_prints_the_same_bundle_with_page_numbers_and_endnotes() {
    require("chromium", "chromium");
    require("pdftotext", "poppler-utils");
    let project = copy_project(&fixture());
    let public = build(project.path());
    let profile = tempfile::tempdir().unwrap();
    let pdf = project.path().join("chromium.pdf");
    let url = format!("file://{}", public.join("print/index.html").display());
    let out = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(&url)
        .output()
        .expect("start chromium");
    assert!(pdf.is_file(), "chromium printed nothing: {}", text(&out));
    let texts = page_texts(&pdf);
    // Page numbers in the footer: the last non-empty line of most pages is its number.
    let numbered = texts
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            t.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim() == (i + 1).to_string())
        })
        .count();
    assert!(
        numbered * 2 > texts.len(),
        "page numbers on {numbered} of {} pages",
        texts.len()
    );
    // Footnotes become endnotes, each printed once.
    let all = texts.join("\n");
    let note = "Quản lý nội vi tốt thường tiết kiệm";
    assert_eq!(all.matches(note).count(), 1, "endnote printed once");
    // The contents list the chapters without page numbers (no target-counter in browsers).
    let toc = texts.iter().find(|t| t.contains("Mục lục")).unwrap();
    let line = toc
        .lines()
        .find(|l| l.contains("Chương 1. Sản xuất sạch hơn là gì?"))
        .unwrap();
    assert!(
        line.trim().ends_with('?'),
        "no page number in browsers: {line}"
    );
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in ["Phần I", "Chương 3"] {
        counts.insert(w, all.matches(w).count());
    }
    assert!(counts.values().all(|&c| c >= 1));
}

/// The repository's own handbook (content/ at the repo root; another project with
/// SOTAY_HANDBOOK=DIR). Fails until the writers' content builds cleanly.
#[test]
fn real_handbook_pdf_passes_the_preflight() {
    pdf_tools();
    let source = std::env::var_os("SOTAY_HANDBOOK")
        .map(PathBuf::from)
        .unwrap_or_else(manifest);
    assert!(
        source.join("content").is_dir() && source.join("sotay.toml").is_file(),
        "no handbook at {}: content/ and sotay.toml are needed (the writers' content)",
        source.display()
    );
    let project = tempfile::tempdir().unwrap();
    std::fs::copy(source.join("sotay.toml"), project.path().join("sotay.toml")).unwrap();
    copy_dir(&source.join("content"), &project.path().join("content"));
    let start = std::time::Instant::now();
    let out = sotay(project.path(), &["pdf"]);
    let report = text(&out);
    eprintln!(
        "{report}\nsotay pdf on the handbook: {:.1} s",
        start.elapsed().as_secs_f64()
    );
    let pdf = std::fs::read_dir(project.path().join("public/print"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"));
    if let Some(pdf) = &pdf {
        write_review_pngs(pdf, "so-tay");
    }
    assert!(out.status.success(), "{report}");
    assert!(report.contains(" passed, 0 failed"), "{report}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}
