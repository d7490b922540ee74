//! End-to-end tests of `sotay serve` over real HTTP: the real binary serving a copy of a
//! fixture site on 127.0.0.1, files edited on disk, the event stream read as a browser would.
//! The browser itself (reload, stylesheet swap, overlay in headless Chromium) is tested by
//! `tests/browser/serve.test.mjs`, which `npm test` runs with the other browser tests.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::*;

/// Longest wait for anything the server should do; generous for a busy 2-core machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// A running `sotay serve`, stopped (with SIGTERM, so it cleans up) when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: Receiver<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sotay"))
            .arg("--root")
            .arg(root)
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start sotay serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        let line = server.wait_line(|l| l.starts_with("Xem trước tại http://"));
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server.port = port;
        server
    }

    /// Waits for a line of the terminal output matching `wanted`.
    fn wait_line(&self, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                if wanted(&line) {
                    return line;
                }
                seen.push(line);
            }
        }
        panic!("expected line not printed; got:\n{}", seen.join("\n"));
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    fn events(&self, page: &str, build: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__sotay/events?page={page}&build={build} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let head = events.line(PATIENCE).expect("event stream answers");
        assert!(head.contains("200"), "{head}");
        events
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<String> {
        self.headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
    }
}

/// One HTTP/1.1 request with the path sent exactly as given (no client-side clean-up).
fn request(port: u16, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status for {path}: {text:?}"));
    Response {
        status,
        headers: head.to_owned(),
        body: body.to_owned(),
    }
}

/// The server-sent events of one connection.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn line(&mut self, within: Duration) -> Option<String> {
        let deadline = Instant::now() + within;
        let mut line = String::new();
        while Instant::now() < deadline {
            match self.reader.read_line(&mut line) {
                Ok(0) => return None,
                Ok(_) if line.ends_with('\n') => return Some(line.trim_end().to_owned()),
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// The next event named `name` (others are skipped), as its data.
    fn next(&mut self, name: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        let mut event = String::new();
        let mut skipped = Vec::new();
        while Instant::now() < deadline {
            let Some(line) = self.line(deadline - Instant::now()) else {
                break;
            };
            // Chunked transfer: chunk sizes are lines of hex digits.
            if let Some(e) = line.strip_prefix("event: ") {
                event = e.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == name {
                    return data.to_owned();
                }
                skipped.push(format!("{event}: {data}"));
            }
        }
        panic!("no `{name}` event; got:\n{}", skipped.join("\n"));
    }
}

fn build_of(page: &str) -> String {
    let at = page.find("data-sotay-build=\"").expect("reload script") + 18;
    page[at..at + page[at..].find('"').unwrap()].to_owned()
}

fn chapter(site: &Path) -> PathBuf {
    site.join("content/phan-1/chuong-1/_index.md")
}

#[test]
fn serves_the_site_with_content_types_folders_and_404() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type").unwrap(),
        "text/html; charset=utf-8"
    );
    assert!(
        home.body.contains("/__sotay/live.js"),
        "serve injects its script"
    );

    let redirect = server.get("/phan-1/chuong-1");
    assert_eq!(redirect.status, 301);
    assert_eq!(redirect.header("location").unwrap(), "/phan-1/chuong-1/");
    let page = server.get("/phan-1/chuong-1/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Đà Lạt và Đơn Dương"));
    assert_eq!(server.get("/phan-1/chuong-1/index.html").status, 200);

    // Without minification Tera's escaping of `/` stays in the attribute.
    let unescaped = page.body.replace("&#x2F;", "/");
    let css = unescaped
        .split('"')
        .find(|s| s.starts_with("/static/style.") && s.ends_with(".css"))
        .expect("stylesheet link");
    let sheet = server.get(css);
    assert_eq!(sheet.status, 200);
    assert_eq!(
        sheet.header("content-type").unwrap(),
        "text/css; charset=utf-8"
    );
    let svg = server.get("/phan-1/chuong-1/so-do.svg");
    assert_eq!(svg.header("content-type").unwrap(), "image/svg+xml");
    let script = server.get("/__sotay/live.js");
    assert_eq!(
        script.header("content-type").unwrap(),
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("EventSource"));

    let missing = server.get("/khong-co-trang-nay/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Không tìm thấy trang"),
        "the site's 404 page"
    );
    assert_eq!(request(server.port, "HEAD", "/").status, 200);
    assert_eq!(request(server.port, "POST", "/").status, 405);
}

#[cfg(unix)]
#[test]
fn paths_out_of_the_site_are_refused() {
    let site = fixture("basic");
    // Symlinks that would lead out of the served folder, through the site's static/ folder.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "BÍ MẬT").unwrap();
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path().join("static/secret.txt"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path().join("static/ngoai")).unwrap();
    let server = Server::start(site.path(), &[]);
    for path in [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/phan-1/..%2f..%2f..%2fetc/passwd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/%5c..%5c..%5cetc/passwd",
        "/C:/Windows/win.ini",
        "//etc/passwd",
        "/%00",
        "/.sotay-output",
        "/secret.txt",
        "/ngoai/secret.txt",
    ] {
        let r = server.get(path);
        assert!(
            r.status == 400 || r.status == 404,
            "{path}: status {}",
            r.status
        );
        assert!(
            !r.body.contains("root:") && !r.body.contains("BÍ MẬT"),
            "{path} leaked"
        );
    }
}

#[test]
fn build_output_has_no_reload_script_and_serve_leaves_public_alone() {
    let site = fixture("basic");
    let public = build_ok(site.path());
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__sotay"),
                "{} has the live-reload script",
                entry.path().display()
            );
        }
    }
    let before: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    let pid;
    {
        let server = Server::start(site.path(), &[]);
        pid = server.child.id();
        std::fs::write(
            chapter(site.path()),
            std::fs::read_to_string(chapter(site.path())).unwrap() + "\nThêm.\n",
        )
        .unwrap();
        server.wait_line(|l| l.starts_with("Đã cập nhật"));
    }
    let after: Vec<_> = walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .map(|e| {
            (
                e.path().to_path_buf(),
                e.metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert_eq!(before, after, "serve never writes into public/");
    let leftovers: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("sotay-serve-{pid}-"))
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "serve removes its own folder when stopped"
    );
}

#[test]
fn an_edit_reloads_the_page_showing_it() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let page = server.get("/phan-1/chuong-1/");
    let mut events = server.events("/phan-1/chuong-1/", &build_of(&page.body));
    assert!(events.next("errors").contains("[]"));

    let file = chapter(site.path());
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\nĐoạn mới thêm khi đang xem.\n")).unwrap();
    let reload = events.next("reload");
    assert!(reload.contains("\"/phan-1/chuong-1/\""), "{reload}");
    let line = server.wait_line(|l| l.starts_with("Đã cập nhật"));
    assert!(
        line.contains("/phan-1/chuong-1/")
            && line.contains("content/phan-1/chuong-1/_index.md")
            && line.ends_with(" ms"),
        "{line}"
    );
    let fresh = server.get("/phan-1/chuong-1/");
    assert!(fresh.body.contains("Đoạn mới thêm khi đang xem."));

    // An atomic save: the editor writes a temporary file and renames it over the page.
    let tmp = file.with_file_name("_index.md.tmp");
    std::fs::write(&tmp, format!("{text}\nLưu kiểu nguyên khối.\n")).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    let reload = events.next("reload");
    assert!(reload.contains("\"/phan-1/chuong-1/\""), "{reload}");
    assert!(
        server
            .get("/phan-1/chuong-1/")
            .body
            .contains("Lưu kiểu nguyên khối.")
    );

    // A new title: the pages that show it (the part listing the chapter, the next chapter's
    // "previous" link, the navigation) are rendered again, the others are not.
    let renamed = text.replace(
        "title = \"Sản xuất sạch hơn là gì?\"",
        "title = \"Tiêu đề đã đổi\"",
    );
    std::fs::write(&file, renamed).unwrap();
    let reload = events.next("reload");
    for url in [
        "\"/phan-1/chuong-1/\"",
        "\"/phan-1/\"",
        "\"/phan-1/chuong-2/\"",
        "\"/\"",
    ] {
        assert!(reload.contains(url), "{url} in {reload}");
    }
    assert!(!reload.contains("\"/phu-luc/muc-05/\""), "{reload}");
    for url in ["/phan-1/", "/phan-1/chuong-2/", "/"] {
        assert!(
            server.get(url).body.contains("Tiêu đề đã đổi"),
            "{url} shows the new title"
        );
    }
    // Its navigation shows the parts only, as a full build would have it.
    assert!(
        !server
            .get("/phu-luc/muc-05/")
            .body
            .contains("Tiêu đề đã đổi")
    );
    assert!(
        !server
            .get("/phu-luc/muc-05/")
            .body
            .contains("Sản xuất sạch hơn là gì?")
    );
}

#[test]
fn mistakes_show_errors_and_keep_the_last_good_page() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut events = server.events("/phan-1/chuong-1/", "x.0");
    assert!(events.next("errors").contains("[]"));
    let file = chapter(site.path());
    let good = std::fs::read_to_string(&file).unwrap();

    std::fs::write(
        &file,
        good.replace("weight = 1\n", "weight = 1\ntittle = \"sai\"\n"),
    )
    .unwrap();
    let errors = events.next("errors");
    assert!(
        errors.contains("\"file\":\"content/phan-1/chuong-1/_index.md\""),
        "{errors}"
    );
    assert!(errors.contains("\"line\":4"), "{errors}");
    assert!(
        errors.contains("tittle = \\\"sai\\\""),
        "the offending line is shown: {errors}"
    );
    let kept = server.get("/phan-1/chuong-1/");
    assert_eq!(kept.status, 200);
    assert!(
        kept.body.contains("Đà Lạt và Đơn Dương"),
        "the last good page is served"
    );
    server.wait_line(|l| l.contains("tittle"));

    std::fs::write(&file, &good).unwrap();
    assert_eq!(events.next("errors"), "{\"errors\":[]}");

    // A broken link: reported, and fixed again.
    std::fs::write(&file, format!("{good}\n[hỏng](khong-co.md)\n")).unwrap();
    let errors = events.next("errors");
    assert!(errors.contains("khong-co.md"), "{errors}");
    std::fs::write(&file, &good).unwrap();
    assert_eq!(events.next("errors"), "{\"errors\":[]}");

    // A template error: every page needs it, so all stay as they were.
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("page.html"),
        "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}",
    )
    .unwrap();
    let errors = events.next("errors");
    assert!(errors.contains("templates/page.html"), "{errors}");
    assert_eq!(server.get("/phan-1/chuong-1/").status, 200);
    std::fs::remove_file(templates.join("page.html")).unwrap();
    assert_eq!(events.next("errors"), "{\"errors\":[]}");
}

#[test]
fn folders_made_again_after_startup_are_watched() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut events = server.events("/", "x.0");
    assert!(events.next("errors").contains("[]"));
    let templates = site.path().join("templates");
    let broken = "{% extends \"base.html\" %}{% block main %}{% if %}{% endblock main %}";
    // Twice: the second `templates/` is a new folder under the same name.
    for round in 1..=2 {
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(templates.join("page.html"), broken).unwrap();
        let errors = events.next("errors");
        assert!(
            errors.contains("templates/page.html"),
            "round {round}: {errors}"
        );
        // Saved again, still broken, then mended: each save is seen.
        std::fs::write(templates.join("page.html"), format!("{broken}\n")).unwrap();
        server.wait_line(|l| l.starts_with("Chưa cập nhật được (templates/page.html)"));
        std::fs::remove_file(templates.join("page.html")).unwrap();
        assert_eq!(events.next("errors"), "{\"errors\":[]}", "round {round}");
        std::fs::remove_dir(&templates).unwrap();
        server.wait_line(|l| l.starts_with("Không có trang nào thay đổi"));
    }
}

/// The text of a page's `<body>`, without any whitespace (minified and plain HTML differ there).
fn body_text(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let body = scraper::Selector::parse("body").unwrap();
    doc.select(&body)
        .flat_map(|b| b.text())
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[test]
fn pages_updated_in_place_match_a_full_build() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut events = server.events("/", "x.0");
    events.next("errors");
    // A figure added before the chapter's figure renumbers it (and the references to it); a new
    // title for chapter 2 changes the navigation, the part page and its neighbours.
    let file = chapter(site.path());
    let text = std::fs::read_to_string(&file).unwrap();
    let body_at = text.find("Mở đầu chương.").unwrap();
    std::fs::write(
        &file,
        format!(
            "{}![Hình mới](so-do.svg \"Hình thêm vào đầu chương\")\n\n{}",
            &text[..body_at],
            &text[body_at..]
        ),
    )
    .unwrap();
    server.wait_line(|l| l.starts_with("Đã cập nhật") && !l.contains("bản in"));
    let second = site.path().join("content/phan-1/chuong-2/_index.md");
    let text2 = std::fs::read_to_string(&second).unwrap();
    let title_line = text2.lines().find(|l| l.starts_with("title = ")).unwrap();
    std::fs::write(
        &second,
        text2.replacen(title_line, "title = \"Chính sách mới\"", 1),
    )
    .unwrap();
    server.wait_line(|l| l.starts_with("Đã cập nhật") && !l.contains("bản in"));
    // The print bundle (the whole book) follows once the files are quiet.
    server.wait_line(|l| l.starts_with("Đã cập nhật bản in /print/"));

    let out = tempfile::tempdir().unwrap();
    let built = sotay(
        site.path(),
        &[
            "build",
            "--output",
            out.path().join("site").to_str().unwrap(),
        ],
    );
    assert!(built.status.success(), "{}", stderr(&built));
    let public = out.path().join("site");
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if entry.file_name() != "index.html" {
            continue;
        }
        let rel = entry
            .path()
            .parent()
            .unwrap()
            .strip_prefix(&public)
            .unwrap();
        let url = format!("/{}", rel.to_string_lossy())
            .trim_end_matches('/')
            .to_owned()
            + "/";
        let expected = body_text(&std::fs::read_to_string(entry.path()).unwrap());
        let served = server.get(&url);
        if expected.contains("Trangđãchuyểntới") {
            continue; // an alias redirect page
        }
        assert_eq!(served.status, 200, "{url}");
        assert_eq!(
            body_text(&served.body),
            expected,
            "{url} differs from a full build"
        );
        compared += 1;
    }
    assert!(compared >= 15, "compared {compared} pages");
    assert!(
        body_text(&server.get("/phan-1/chuong-1/").body).contains("Hình1.2."),
        "the chapter's old figure is now the second"
    );
}
