//! End-to-end tests of `sotay build` on fixture sites: the produced HTML is parsed, not grepped.

mod common;

use std::path::Path;

use common::*;
use scraper::{Html, Selector};

#[test]
fn slugs_come_from_file_names_and_fold_vietnamese() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    // "Sổ tay Đà Lạt.md" → /phu-luc/so-tay-da-lat/ (đ folded to d, not dropped).
    assert!(public.join("phu-luc/so-tay-da-lat/index.html").is_file());
    let doc = page(&public, "/phan-1/chuong-1/");
    let ids = attrs(&doc, "article h2", "id");
    assert_eq!(
        ids,
        ["da-lat-va-don-duong", "da-lat-va-don-duong-1"],
        "ASCII-folded, unique heading ids"
    );
    assert_eq!(
        attrs(&doc, "article h3", "id"),
        ["muc-con"],
        "explicit {{#id}} wins"
    );
    assert_eq!(attrs(&doc, "article h3", "class"), ["noi-bat"]);
}

#[test]
fn siblings_are_ordered_by_weight_then_vietnamese_alphabet() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "/phu-luc/");
    let titles = texts(&doc, ".section-children li a");
    let expected = [
        "Tên tệp tiếng Việt", // weight 1
        "an toàn",
        "ăn uống",
        "ân nghĩa",
        "ba",
        "bà",
        "bả",
        "bã",
        "bá",
        "bạ",
        "dầu mỏ",
        "đất đai",
        "Ôm",
        "Ơn",
    ];
    assert_eq!(titles, expected);
}

#[test]
fn links_between_markdown_files_become_urls_and_numbers_fill_in() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "/phan-1/chuong-1/");
    let hrefs = attrs(&doc, "article p a", "href");
    assert!(
        hrefs.contains(&"/phan-1/chuong-2/#bang-chi-phi".to_owned()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"#hinh-so-do".to_owned()));
    let link_texts = texts(&doc, "article p a");
    assert!(
        link_texts.contains(&"Bảng\u{a0}2.1".to_owned()),
        "cross-page table reference: {link_texts:?}"
    );
    assert!(link_texts.contains(&"Hình\u{a0}1.1".to_owned()));
    assert!(link_texts.contains(&"Bảng\u{a0}1.1".to_owned()));
    assert_eq!(
        texts(&doc, "figure.figure figcaption .caption-number"),
        ["Hình 1.1."]
    );
    assert_eq!(
        texts(&doc, "figure.table-figure figcaption .caption-number"),
        ["Bảng 1.1."]
    );
    let ch2 = page(&public, "/phan-1/chuong-2/");
    assert_eq!(
        texts(&ch2, "figure.table-figure .caption-number"),
        ["Bảng 2.1."],
        "numbering restarts per chapter"
    );
    assert_eq!(texts(&ch2, "figure.figure .caption-number"), ["Hình 2.1."]);
    assert_eq!(attrs(&doc, "a.external", "href"), ["https://moit.gov.vn"]);
}

#[test]
fn callouts_footnotes_and_gfm_extensions() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "/phan-1/chuong-1/");
    assert_eq!(texts(&doc, ".callout-note .callout-title"), ["Ghi chú"]);
    assert_eq!(texts(&doc, ".callout-warning .callout-title"), ["Cảnh báo"]);
    assert_eq!(attrs(&doc, "sup.footnote-ref a", "href"), ["#fn-nguon"]);
    assert_eq!(attrs(&doc, "section.footnotes li", "id"), ["fn-nguon"]);
    assert_eq!(
        attrs(&doc, "section.footnotes a.footnote-back", "href"),
        ["#fnref-nguon"]
    );
    assert_eq!(texts(&doc, "dl dt"), ["Thuật ngữ"]);
    assert_eq!(attrs(&doc, "input[type=checkbox]", "type").len(), 2);
    assert_eq!(texts(&doc, "del"), ["gạch bỏ"]);
    let code = Selector::parse("pre code.language-python span").unwrap();
    assert!(
        doc.select(&code).next().is_some(),
        "code is highlighted into spans"
    );
    assert!(
        attrs(&doc, "pre *", "style").is_empty(),
        "no inline styles in code"
    );
}

#[test]
fn images_are_copied_with_their_size() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "/phan-1/chuong-1/");
    assert_eq!(attrs(&doc, "figure img", "width"), ["400"]);
    assert_eq!(attrs(&doc, "figure img", "height"), ["200"]);
    let src = attrs(&doc, "figure img", "src").remove(0);
    assert!(
        public.join(src.trim_start_matches('/')).is_file(),
        "{src} copied"
    );
}

#[test]
fn math_is_rendered_at_build_time() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let doc = page(&public, "/phan-1/chuong-1/");
    let math = texts(&doc, ".math");
    assert_eq!(math.len(), 2);
    assert!(
        math.iter().all(|m| !m.contains("\\frac")),
        "TeX commands are rendered, not printed: {math:?}"
    );
}

#[test]
fn inline_scripts_keep_working() {
    // Pages are no longer minified as a whole (only the navigation is), but the script must
    // still come out as written.
    let site = fixture("basic");
    let public = build_ok(site.path());
    let text = std::fs::read_to_string(public.join("phan-1/chuong-1/index.html")).unwrap();
    let doc = Html::parse_document(&text);
    let scripts: Vec<String> = doc
        .select(&Selector::parse("article .content script").unwrap())
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts.len(), 1);
    // Run the inline script for real: it must still parse and compute.
    let program = format!(
        "var window = {{}}; {}; if (window.sotayInline !== 2) process.exit(3);",
        scripts[0]
    );
    let status = std::process::Command::new("node")
        .args(["-e", &program])
        .status()
        .expect("node is needed for this test: apt-get install nodejs");
    assert!(status.success(), "inline script broken: {}", scripts[0]);
}

#[test]
fn site_files_and_hashed_assets() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    for f in ["index.html", "404.html", "sitemap.xml", "robots.txt"] {
        assert!(public.join(f).is_file(), "{f}");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/phan-1/chuong-1/</loc>"));
    let home = page(&public, "/");
    let css = attrs(&home, "link[rel=stylesheet]", "href");
    assert!(
        css.iter().any(|h| h.starts_with("/static/style.")
            && h.ends_with(".css")
            && h.len() > "/static/style.css".len()),
        "{css:?}"
    );
    for href in css {
        assert!(public.join(href.trim_start_matches('/')).is_file());
    }
    assert_eq!(attrs(&home, "html", "lang"), ["vi"]);
    // Alias pages redirect to the new URL.
    let alias = std::fs::read_to_string(public.join("cu/chuong-mot/index.html")).unwrap();
    assert!(alias.contains("url=/phan-1/chuong-1/"));
}

#[test]
fn drafts_only_with_flag() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    assert!(!public.join("phu-luc/nhap/index.html").exists());
    let out = sotay(site.path(), &["build", "--drafts"]);
    assert!(out.status.success());
    assert!(site.path().join("public/phu-luc/nhap/index.html").is_file());
}

#[test]
fn template_override_replaces_theme_file() {
    let site = fixture("basic");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/override"),
        site.path(),
    );
    let public = build_ok(site.path());
    let doc = page(&public, "/phu-luc/muc-01/");
    assert_eq!(texts(&doc, "article.override-marker h1").len(), 1);
}

#[test]
fn nfd_source_is_normalized_to_nfc() {
    let site = fixture("basic");
    let nfd = "+++\ntitle = \"Ho\u{300}a\"\n+++\n\nNu\u{31b}o\u{31b}\u{301}c tha\u{309}i.\n";
    std::fs::write(site.path().join("content/phu-luc/nfd.md"), nfd).unwrap();
    let public = build_ok(site.path());
    let doc = page(&public, "/phu-luc/nfd/");
    assert_eq!(texts(&doc, "article p:not(.page-meta)")[0], "Nước thải.");
    assert_eq!(texts(&doc, "article h1")[0], "Hòa");
}

#[test]
fn navigation_does_not_copy_the_whole_tree_into_each_page() {
    let site = fixture("basic");
    // 10 parts × 20 pages: a page shows every part, plus the pages of its own part only.
    for p in 0..10 {
        let dir = site.path().join(format!("content/lon-{p:02}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("_index.md"),
            format!("+++\ntitle = \"Phần lớn {p}\"\nweight = {}\n+++\n", 20 + p),
        )
        .unwrap();
        for i in 0..20 {
            std::fs::write(
                dir.join(format!("trang-{i:02}.md")),
                format!("+++\ntitle = \"Trang {i}\"\nweight = {i}\n+++\n\nNội dung.\n"),
            )
            .unwrap();
        }
    }
    let public = build_ok(site.path());
    let doc = page(&public, "/lon-03/trang-05/");
    let links = attrs(&doc, "nav.sidebar a", "href").len();
    assert!(
        links < 40,
        "{links} navigation links: the nav must grow with depth, not with the page count"
    );
    assert!(attrs(&doc, "nav.sidebar a[aria-current=page]", "href") == ["/lon-03/trang-05/"]);
}

#[test]
fn new_page_is_created_once() {
    let site = fixture("basic");
    let out = sotay(site.path(), &["new", "phan-1/chuong-2/giai-phap-moi"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = site.path().join("content/phan-1/chuong-2/giai-phap-moi.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("+++\ntitle = \"Giai phap moi\""));
    std::fs::write(&path, "+++\ntitle = \"Đã sửa\"\n+++\n").unwrap();
    let again = sotay(site.path(), &["new", "phan-1/chuong-2/giai-phap-moi"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("đã tồn tại"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "+++\ntitle = \"Đã sửa\"\n+++\n",
        "never overwritten"
    );
}

#[test]
fn version_flag() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sotay"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn last_updated_comes_from_front_matter_or_git() {
    let site = fixture("basic");
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(site.path())
            .args(args)
            .env("GIT_AUTHOR_DATE", "2024-03-05T10:00:00")
            .env("GIT_COMMITTER_DATE", "2024-03-05T10:00:00")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .status()
            .expect("git is needed for this test: apt-get install git");
        assert!(ok.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "init"]);
    std::fs::write(
        site.path().join("content/phu-luc/muc-02.md"),
        "+++\ntitle = \"Có ngày\"\nupdated = \"2026-11-28\"\n+++\n\nNội dung.\n",
    )
    .unwrap();
    let public = build_ok(site.path());
    let from_git = page(&public, "/phan-1/chuong-1/");
    assert_eq!(attrs(&from_git, "time", "datetime"), ["2024-03-05"]);
    let from_front_matter = page(&public, "/phu-luc/muc-02/");
    assert_eq!(
        attrs(&from_front_matter, "time", "datetime"),
        ["2026-11-28"]
    );
}
