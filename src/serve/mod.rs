//! `sotay serve`: the authors' live preview.
//!
//! It builds the handbook into its own folder under the system's temporary folder (never into
//! `public/`, see [`folder`]), serves it over HTTP on the loopback address, watches `content/`,
//! the theme, `templates/`, `static/` and `sotay.toml` ([`watch`]), rebuilds what changed
//! ([`project`]) and tells the open tabs to reload, swap a stylesheet or show an error overlay
//! ([`live`], through a script that only `serve` injects). A mistake in a file never stops the
//! server: the last good pages stay served and the overlay and the terminal say what to fix.
//!
//! HTTP stack: **axum 0.8 on tokio**, with default features off (`http1` and `tokio` only).
//! Weighed against tiny_http (sync, but its chunked writer buffers, so server-sent events need
//! a raw socket, and it sees few releases) and against hyper alone (the same tokio underneath,
//! but SSE and routing by hand): axum is maintained by the tokio project, has server-sent events
//! built in ([`axum::response::sse`]), and costs about a minute of compile time on this 2-core
//! machine on top of a cold build — mostly tokio and hyper, which a blocking HTTP server would
//! save only by giving up the event stream. Server-sent events rather than WebSocket: one-way
//! is all live reload needs, browsers reconnect by themselves, and it is plain HTTP.

pub mod anchors;
pub mod folder;
pub mod http;
pub mod live;
pub mod project;
pub mod report;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use folder::ServeFolder;
use live::Live;
use project::{Change, Outcome, Project};

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 1111;

/// What `sotay serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Project root.
    pub root: PathBuf,
    /// Port; `None` tries 1111 and the next few if it is taken; `Some(0)` lets the system pick.
    pub port: Option<u16>,
    /// Address to listen on (loopback by default).
    pub bind: IpAddr,
    /// Open the preview in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
    /// Poll the files instead of waiting for the system's change events.
    pub poll: bool,
}

fn bind(options: &ServeOptions) -> Result<TcpListener, String> {
    let ports: Vec<u16> = match options.port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + 10).collect(),
    };
    let mut last = None;
    for port in &ports {
        match TcpListener::bind(SocketAddr::new(options.bind, *port)) {
            Ok(l) => return Ok(l),
            Err(e) => last = Some(e),
        }
    }
    let e = last.map(|e| e.to_string()).unwrap_or_default();
    Err(match options.port {
        Some(p) => format!(
            "không mở được cổng {p} trên {}: {e}\n  → cách sửa: chọn cổng khác, ví dụ sotay serve --port {}",
            options.bind,
            p.wrapping_add(1)
        ),
        None => format!(
            "các cổng {DEFAULT_PORT}–{} đều đang bận: {e}\n  → cách sửa: dừng bản sotay serve đang chạy, hoặc chọn cổng bằng --port",
            DEFAULT_PORT + 9
        ),
    })
}

fn list(paths: &[PathBuf], root: &Path) -> String {
    let mut shown: Vec<String> = paths
        .iter()
        .filter(|p| {
            !crate::content::is_temporary_file(p) && (p.exists() || p.extension().is_some())
        })
        .map(|p| {
            p.strip_prefix(root)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|s: &String| !s.is_empty())
        .collect();
    shown.dedup();
    match shown.len() {
        0 => String::new(),
        1..=3 => shown.join(", "),
        n => format!("{} và {} tệp khác", shown[..2].join(", "), n - 2),
    }
}

/// The terminal line for one rebuild, in Vietnamese, plus the problems.
pub fn describe(outcome: &Outcome, changed: &str, root: &Path) -> String {
    let ms = outcome.elapsed.as_millis();
    let what = if changed.is_empty() {
        String::new()
    } else {
        format!(" ({changed})")
    };
    let mut text = match &outcome.change {
        Change::Full { pages } => format!("Đã tạo lại toàn bộ {pages} trang{what} trong {ms} ms"),
        Change::Stylesheets => {
            format!("Đã thay bảng định kiểu CSS{what} trong {ms} ms, không tải lại trang")
        }
        Change::Pages { urls } if urls.len() == 1 => {
            format!("Đã cập nhật trang {}{what} trong {ms} ms", urls[0])
        }
        Change::Pages { urls } => format!("Đã cập nhật {} trang{what} trong {ms} ms", urls.len()),
        Change::Nothing => format!("Không có trang nào thay đổi{what} ({ms} ms)"),
        Change::Kept => {
            format!("Chưa cập nhật được{what}: vẫn hiển thị bản tốt gần nhất ({ms} ms)")
        }
    };
    for w in &outcome.warnings {
        text.push('\n');
        text.push_str(&w.to_string());
    }
    if !outcome.errors.is_empty() {
        text.push_str(&format!(
            "\n{} lỗi cần sửa (trình duyệt cũng hiện bảng báo lỗi):",
            outcome.errors.len()
        ));
        for e in &outcome.errors {
            text.push('\n');
            text.push_str(&report::terminal_text(root, e));
        }
    }
    text
}

/// Starts watching the folders `project` reads that are not watched yet, and those among
/// `changed` (made, deleted or made again); returns them.
fn watch_new_targets(
    project: &Project,
    watch: &mut watch::Watch,
    watched: &mut Vec<PathBuf>,
    changed: &[PathBuf],
) -> Vec<PathBuf> {
    let mut added = Vec::new();
    // A watched folder that was deleted is watched again when it comes back. It may come back
    // before this rebuild looks (deleted and made again within one batch of changes): the new
    // folder is another one under the same name, so a folder that itself changed is watched
    // anew, not taken for the one already watched.
    watched.retain(|p| p.exists() && !changed.contains(p));
    for (target, _) in project.watch_targets() {
        if !watched.contains(&target) && watch.add(&target).is_ok() {
            watched.push(target.clone());
            added.push(target);
        }
    }
    added
}

/// Runs one build of `project` (for the changes in `paths`). A bug in sotay (a panic) must not
/// end the rebuilds silently, with the author saving and nothing changing: it is shown like an
/// author's error, and the next save builds everything again.
fn build_guarded(
    project: &mut Project,
    paths: &[PathBuf],
    build: impl FnOnce(&mut Project) -> Outcome,
) -> Outcome {
    match catch_panic(|| build(project)) {
        Ok(outcome) => outcome,
        Err(cause) => project.recover_from_crash(&cause, paths),
    }
}

/// Runs `step`, turning a panic into its message.
fn catch_panic<T>(step: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "không rõ nguyên nhân".to_owned())
    })
}

fn open_browser(url: &str) {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if command
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_err()
    {
        eprintln!("Không mở được trình duyệt; hãy tự mở {url}");
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs the preview until Ctrl+C. Errors are only those that prevent serving at all (no
/// port, no temporary folder); mistakes in the handbook are shown, not returned.
pub fn run(options: ServeOptions) -> Result<(), String> {
    let root = options.root.canonicalize().map_err(|e| {
        format!(
            "không mở được thư mục dự án {}: {e}",
            options.root.display()
        )
    })?;
    let listener = bind(&options)?;
    let address = listener
        .local_addr()
        .map_err(|e| format!("không đọc được địa chỉ máy chủ: {e}"))?;
    let live = Arc::new(Live::new());
    live.set_loopback_only(options.bind.is_loopback());
    let folder = ServeFolder::create().map_err(|e| {
        format!(
            "không tạo được thư mục xem trước trong {}: {e}",
            std::env::temp_dir().display()
        )
    })?;
    let folder_base = folder.base().to_path_buf();
    let mut project = Project::new(root.clone(), options.drafts, folder, live.clone());

    let first = build_guarded(&mut project, &[], Project::build_all);
    let text = describe(&first, "", &root);
    let text = match first.change {
        Change::Kept => text.replacen(
            &text[..text.find('\n').unwrap_or(text.len())],
            "Chưa tạo được trang nào: sửa các lỗi dưới đây rồi lưu tệp, trang xem trước sẽ tự tải lại.",
            1,
        ),
        _ => text.replacen("Đã tạo lại toàn bộ", "Đã tạo", 1),
    };
    println!("{text}");
    let host = match address.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
        ip => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", address.port());
    // Watch before telling the address, so no save made after it can be missed.
    let mut watch = watch::Watch::start(&project.watch_targets(), options.poll)
        .map_err(|e| format!("không theo dõi được thư mục dự án: {e}"))?;
    println!("Xem trước tại {url}  — lưu tệp là trang tự cập nhật; nhấn Ctrl+C để dừng.");
    let _ = std::io::stdout().flush();
    std::thread::spawn(move || {
        let mut watched: Vec<PathBuf> = project
            .watch_targets()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        let mut had_errors = !first.errors.is_empty();
        loop {
            let idle = project.has_deferred_work().then_some(watch::IDLE);
            let paths = match watch.next(idle) {
                watch::Next::Stopped => break,
                watch::Next::Idle => {
                    let line = match catch_panic(|| project.do_deferred_work()) {
                        Ok(line) => line,
                        Err(cause) => {
                            let outcome = project.recover_from_crash(&cause, &[]);
                            Some(describe(&outcome, "", project.root()))
                        }
                    };
                    if let Some(line) = line {
                        println!("{line}");
                        let _ = std::io::stdout().flush();
                    }
                    continue;
                }
                watch::Next::Paths(paths) => paths,
            };
            // A folder made after startup (`templates/`) is watched before the build reads it:
            // a save made into it just after the build is then seen.
            watch_new_targets(&project, &mut watch, &mut watched, &paths);
            let mut outcome = build_guarded(&mut project, &paths, |p| p.apply(&paths));
            // A theme chosen in `sotay.toml` is known only after the build: watch it, then
            // build once more, so that nothing saved in it meanwhile is missed.
            let added = watch_new_targets(&project, &mut watch, &mut watched, &[]);
            if !added.is_empty() {
                outcome = build_guarded(&mut project, &added, |p| p.apply(&added));
            }
            let mut text = describe(&outcome, &list(&paths, project.root()), project.root());
            if had_errors && outcome.errors.is_empty() {
                text.push_str("\nĐã hết lỗi.");
            }
            had_errors = !outcome.errors.is_empty();
            println!("{text}");
            let _ = std::io::stdout().flush();
        }
    });

    if options.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("không khởi động được máy chủ: {e}"))?;
    let result = runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        tokio::select! {
            r = axum::serve(listener, http::router(live)) => r.map_err(|e| e.to_string()),
            _ = stop_signal() => Ok(()),
        }
    });
    runtime.shutdown_background();
    folder::remove_preview(&folder_base);
    println!("Đã dừng sotay serve.");
    result.map_err(|e| format!("máy chủ dừng vì lỗi: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(catch_panic(|| 7), Ok(7));
        let n = 1;
        assert_eq!(
            catch_panic(|| -> u8 { panic!("hỏng {n}") }),
            Err("hỏng 1".to_owned())
        );
        assert_eq!(
            catch_panic(|| -> u8 { panic!("hỏng") }),
            Err("hỏng".to_owned())
        );
        assert_eq!(
            catch_panic(|| -> u8 { std::panic::panic_any(3) }),
            Err("không rõ nguyên nhân".to_owned())
        );
    }
}
