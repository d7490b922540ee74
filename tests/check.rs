//! End-to-end tests of `sotay check`: the real binary on fixture sites, a real HTTP server on
//! the loopback address for `--external`, and the handbook's own `content/`.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;

use common::*;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` with its size and modification time.
fn snapshot(dir: &Path) -> Vec<(String, u64, std::time::SystemTime)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .map(|e| {
            let m = e.metadata().unwrap();
            (
                e.path().display().to_string(),
                m.len(),
                m.modified().unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

/// The report line for `place` (`file:line`) must exist and contain `words`.
fn assert_reported(report: &str, place: &str, severity: &str, words: &str) {
    let found = report.lines().any(|l| {
        l.starts_with(place)
            && l[place.len()..].starts_with([':'])
            && l.contains(&format!("{severity}:"))
            && l.contains(words)
    });
    assert!(
        found,
        "expected “{place}: {severity}: …{words}…” in:\n{report}"
    );
}

#[test]
fn check_finds_each_class_of_problem_with_file_and_line() {
    let site = fixture("check-problems");
    let before = snapshot(site.path());
    let out = sotay(site.path(), &["check"]);
    let report = stdout(&out);
    assert!(
        !out.status.success(),
        "errors must fail the check:\n{report}"
    );
    assert_eq!(before, snapshot(site.path()), "check writes nothing");

    // Broken internal link, broken anchor, missing image.
    assert_reported(
        &report,
        "content/phan-1/lien-ket.md:6",
        "lỗi",
        "khong-co.md",
    );
    assert_reported(
        &report,
        "content/phan-1/lien-ket.md:8",
        "lỗi",
        "#khong-co-muc",
    );
    assert_reported(
        &report,
        "content/phan-1/lien-ket.md:10",
        "lỗi",
        "hinh-thieu.png",
    );
    // Duplicate URL (slug), duplicate explicit heading id, alias landing on a page.
    assert_reported(
        &report,
        "content/phan-1/trung-b.md:1",
        "lỗi",
        "/phan-1/trung/",
    );
    assert_reported(&report, "content/phan-1/dinh-dang.md:11", "lỗi", "{#muc-a}");
    assert_reported(
        &report,
        "content/phan-1/dinh-dang.md:4",
        "lỗi",
        "/phan-1/lien-ket/",
    );
    // Pages missing from the navigation.
    assert_reported(
        &report,
        "content/phan-1/Viet-Hoa.MD:1",
        "cảnh báo",
        "không có trong mục lục",
    );
    assert_reported(
        &report,
        "content/phan-2/trang.md:1",
        "cảnh báo",
        "content/phan-2/_index.md",
    );
    // Vietnamese text.
    assert_reported(&report, "content/phan-1/to-hop.md:6", "cảnh báo", "NFD");
    assert_reported(&report, "content/phan-1/tcvn.md:6", "lỗi", "TCVN3");
    assert_reported(&report, "content/phan-1/tcvn.md:6", "lỗi", "Giải");
    assert_reported(&report, "content/phan-1/vni.md:6", "lỗi", "VNI");
    assert_reported(&report, "content/phan-1/vni.md:6", "lỗi", "xuất");
    assert_reported(&report, "content/phan-1/tieng-viet.md:8", "cảnh báo", "hoà");
    assert_reported(
        &report,
        "content/phan-1/tieng-viet.md:10",
        "cảnh báo",
        "XYZW",
    );
    assert!(
        !report.contains("viết tắt UBND"),
        "UBND is in the glossary:\n{report}"
    );
    assert!(
        !report.contains("viết tắt SXSH"),
        "SXSH is in the glossary:\n{report}"
    );

    let summary = report.lines().last().unwrap();
    assert!(summary.starts_with("Đã kiểm tra"), "{summary}");
    let errors = report.lines().filter(|l| l.contains(": lỗi:")).count();
    let warnings = report.lines().filter(|l| l.contains(": cảnh báo:")).count();
    assert!(
        summary.contains(&format!("{errors} lỗi, {warnings} cảnh báo")),
        "summary counts what was listed: {summary}"
    );
    assert!(summary.contains("không đạt"));
}

#[test]
fn warnings_pass_unless_strict() {
    let site = fixture("check-warnings");
    let out = sotay(site.path(), &["check"]);
    let report = stdout(&out);
    assert!(out.status.success(), "warnings alone pass:\n{report}");
    assert_reported(&report, "content/phan-1/_index.md:5", "cảnh báo", "trộn");
    assert_reported(&report, "content/phan-1/_index.md:5", "cảnh báo", "ABCD");
    let strict = sotay(site.path(), &["check", "--strict"]);
    assert!(!strict.status.success(), "--strict fails on warnings");
    assert!(stdout(&strict).contains("--strict"));
}

#[test]
fn clean_site_passes_strict() {
    let site = fixture("check-clean");
    let out = sotay(site.path(), &["check", "--strict"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}{}", stderr(&out));
    assert_eq!(report.lines().count(), 1, "only the summary: {report}");
    assert!(report.contains("0 lỗi, 0 cảnh báo — đạt"), "{report}");
    assert!(!site.path().join("public").exists());
}

/// A tiny HTTP server on 127.0.0.1 answering 200 for `/ok` and 404 for anything else, for
/// a bounded number of connections.
fn serve_statuses(connections: usize) -> (u16, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let mut requests = Vec::new();
        for stream in listener.incoming().take(connections) {
            let mut stream = stream.unwrap();
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(5)))
                .unwrap();
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).into_owned();
            let line = request.lines().next().unwrap_or_default().to_owned();
            let status = if line.contains(" /ok ") {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            requests.push(line);
        }
        requests
    });
    (port, handle)
}

#[test]
fn external_links_are_tried_only_with_the_flag() {
    let site = fixture("check-clean");
    let (port, server) = serve_statuses(3);
    let page = site.path().join("content/phan-1/ngoai.md");
    std::fs::write(
        &page,
        format!(
            "+++\ntitle = \"Liên kết ngoài\"\n+++\n\nXem [trang còn](http://127.0.0.1:{port}/ok).\n\nXem [trang mất](http://127.0.0.1:{port}/gone).\n"
        ),
    )
    .unwrap();
    let offline = sotay(site.path(), &["check"]);
    assert!(offline.status.success(), "{}", stdout(&offline));

    let out = sotay(site.path(), &["check", "--external"]);
    let report = stdout(&out);
    assert!(!out.status.success(), "a gone page is an error:\n{report}");
    assert_reported(&report, "content/phan-1/ngoai.md:7", "lỗi", "404");
    assert!(!report.contains("/ok"), "the live link is fine:\n{report}");
    assert!(report.contains("2 liên kết ngoài"), "{report}");
    // HEAD /ok, HEAD /gone, then GET /gone before judging it.
    let requests = server.join().unwrap();
    assert_eq!(requests.len(), 3, "{requests:?}");
}

#[test]
fn check_of_the_real_handbook_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        root.join("content/_index.md").is_file(),
        "the handbook's content/ is missing from {}",
        root.display()
    );
    let out = sotay(root, &["check"]);
    let report = stdout(&out);
    assert!(
        out.status.success(),
        "sotay check on the handbook:\n{report}{}",
        stderr(&out)
    );
}
