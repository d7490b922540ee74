//! Bad input gives a clear error at the right `file:line`, a non-zero exit, and leaves the
//! previous output exactly as it was.

mod common;

use std::path::Path;

use common::*;

/// Builds once, breaks the site with `breakage`, rebuilds, and checks the message, the exit code
/// and that the previous output is untouched.
fn assert_rejected(breakage: impl FnOnce(&Path), expected_location: &str, expected_words: &str) {
    let site = fixture("basic");
    let public = build_ok(site.path());
    let index = public.join("phan-1/chuong-1/index.html");
    let before = std::fs::read(&index).unwrap();
    let marker = public.join("ghi-chu-cua-toi.txt");
    std::fs::write(&marker, "dữ liệu cũ").unwrap();
    breakage(site.path());
    let out = sotay(site.path(), &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success(), "build must fail");
    assert!(
        err.contains(expected_location),
        "expected {expected_location} in:\n{err}"
    );
    assert!(
        err.contains(expected_words),
        "expected «{expected_words}» in:\n{err}"
    );
    assert!(
        err.contains("cách sửa"),
        "every error says what to do:\n{err}"
    );
    assert_eq!(
        std::fs::read(&index).unwrap(),
        before,
        "previous output untouched"
    );
    assert!(marker.is_file(), "previous output folder kept as it was");
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, f(text)).unwrap();
}

#[test]
fn broken_toml_syntax() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t.replace("weight = 2", "weight = = 2")
            })
        },
        "content/phan-1/chuong-2/_index.md:3:",
        "TOML",
    );
}

#[test]
fn unknown_front_matter_key() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t.replace("weight = 2", "weight = 2\ntittle = \"x\"")
            })
        },
        "content/phan-1/chuong-2/_index.md:4:",
        "tittle",
    );
}

#[test]
fn missing_title() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t.replace("title = \"Chính sách\"\n", "")
            })
        },
        "content/phan-1/chuong-2/_index.md:",
        "title",
    );
}

#[test]
fn unknown_config_key() {
    assert_rejected(
        |r| edit(r, "sotay.toml", |t| t.replace("base_url", "base_ulr")),
        "sotay.toml:3:",
        "base_ulr",
    );
}

#[test]
fn link_to_missing_page() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t + "\nXem [chương ba](../chuong-3/_index.md).\n"
            })
        },
        "content/phan-1/chuong-2/_index.md:14:",
        "../chuong-3/_index.md",
    );
}

#[test]
fn link_to_missing_anchor() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t + "\nXem [mục](../chuong-1/_index.md#khong-co).\n"
            })
        },
        "content/phan-1/chuong-2/_index.md:14:",
        "#khong-co",
    );
}

#[test]
fn missing_image() {
    assert_rejected(
        |r| {
            edit(r, "content/phan-1/chuong-2/_index.md", |t| {
                t + "\n![Sơ đồ](khong-co.png)\n"
            })
        },
        "content/phan-1/chuong-2/_index.md:14:1",
        "khong-co.png",
    );
}

#[test]
fn template_error_names_template_and_line() {
    assert_rejected(
        |r| {
            std::fs::create_dir_all(r.join("templates")).unwrap();
            std::fs::write(
                r.join("templates/page.html"),
                "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.khong_co_truong_nay }}</p>\n{% endblock main %}\n",
            )
            .unwrap();
        },
        "templates/page.html:3",
        "khong_co_truong_nay",
    );
}

#[test]
fn template_syntax_error() {
    assert_rejected(
        |r| {
            std::fs::create_dir_all(r.join("templates")).unwrap();
            std::fs::write(r.join("templates/page.html"), "{% extends \"base.html\" %}\n\n{% block main %}{{ page.title }\n{% endblock main %}\n").unwrap();
        },
        "templates/page.html:3",
        "lỗi mẫu",
    );
}

#[test]
fn invalid_utf8_gives_byte_offset() {
    assert_rejected(
        |r| {
            let mut bytes = b"+++\ntitle = \"Latin-1\"\n+++\n\nS\xe1n xu\xe2t\n".to_vec();
            bytes.extend_from_slice(b"\n");
            std::fs::write(r.join("content/phu-luc/latin1.md"), bytes).unwrap();
        },
        "content/phu-luc/latin1.md:5:2",
        "byte 28",
    );
}

#[test]
fn all_problems_are_reported_together() {
    let site = fixture("basic");
    edit(site.path(), "content/phan-1/chuong-2/_index.md", |t| {
        t + "\n![x](a.png)\n\n[y](khong.md)\n"
    });
    edit(site.path(), "content/phu-luc/muc-01.md", |t| {
        t.replace("weight", "wieght")
    });
    let out = sotay(site.path(), &["build"]);
    let err = stderr(&out);
    assert!(!out.status.success());
    // A front-matter error stops loading, so the render errors of other files come in a later
    // run; both render errors of one file are reported together.
    assert!(err.contains("muc-01.md:3:"), "{err}");
    edit(site.path(), "content/phu-luc/muc-01.md", |t| {
        t.replace("wieght", "weight")
    });
    let err = stderr(&sotay(site.path(), &["build"]));
    assert!(err.contains("a.png") && err.contains("khong.md"), "{err}");
}

#[test]
fn refuses_to_clear_a_folder_it_did_not_create() {
    let site = fixture("basic");
    let foreign = site.path().join("public");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("tai-lieu-quan-trong.docx"), "x").unwrap();
    let out = sotay(site.path(), &["build"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("không do sotay tạo"),
        "{}",
        stderr(&out)
    );
    assert!(foreign.join("tai-lieu-quan-trong.docx").is_file());
}

#[test]
fn refuses_output_that_contains_the_project() {
    let site = fixture("basic");
    for target in [".", "content", ".."] {
        let out = sotay(
            site.path(),
            &[
                "build",
                "--output",
                &site.path().join(target).to_string_lossy(),
            ],
        );
        assert!(!out.status.success(), "output {target} must be refused");
    }
    assert!(site.path().join("content/_index.md").is_file());
    assert!(site.path().join("sotay.toml").is_file());
}
