//! The HTTP side of the preview: serves the built site from the preview folder and nothing
//! else, plus the live-reload script and its event stream.
//!
//! A request path is decoded once and then judged on its decoded segments: `..`, `.`, a
//! backslash, a drive letter or a NUL anywhere is a 400, hidden files are a 404, and the file
//! found is resolved through symlinks and must still lie inside the served folder.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};

use super::live::{Live, PREFIX};

/// The browser side of live reload.
pub const LIVE_JS: &str = include_str!("live.js");

/// Content hash of [`LIVE_JS`]: pages ask for `live.js?v=<hash>`, which the browser may keep, so
/// a reload after an edit does not wait for the script again.
pub fn live_js_version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| crate::output::assets::content_hash(LIVE_JS.as_bytes()))
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the served folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here.
    Redirect(String),
    /// Nothing there (or something outside the served folder).
    NotFound,
    /// A path that tries to leave the folder or cannot be a file name.
    BadRequest,
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Maps the path of a request (still percent-encoded) to a file of `root`.
pub fn resolve(root: &Path, raw_path: &str) -> Resolved {
    if raw_path.contains('\\') || !raw_path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let Some(decoded) = percent_decode(raw_path) else {
        return Resolved::BadRequest;
    };
    let mut path = root.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "."
            || segment == ".."
            || segment.contains(['\\', '\0', ':'])
            || Path::new(segment).is_absolute()
        {
            return Resolved::BadRequest;
        }
        if segment.starts_with('.') {
            // Markers and half-written files of the preview folder.
            return Resolved::NotFound;
        }
        path.push(segment);
    }
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let inside = |p: &Path| -> Option<PathBuf> {
        let real = p.canonicalize().ok()?;
        real.starts_with(&root).then_some(real)
    };
    let Some(real) = inside(&path) else {
        return Resolved::NotFound;
    };
    if real.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{raw_path}/"));
        }
        return match inside(&real.join("index.html")) {
            Some(index) if index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// The `Content-Type` of a file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// The router of the preview server.
pub fn router(live: Arc<Live>) -> Router {
    Router::new().fallback(handle).with_state(live)
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_owned(),
    )
        .into_response()
}

/// Host names a loopback-only preview answers to; anything else is a DNS-rebinding attempt.
fn host_allowed(headers: &HeaderMap, live: &Live) -> bool {
    if !live.loopback_only() {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return true;
    };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(n, _)| n),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn handle(
    State(live): State<Arc<Live>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "Chỉ hỗ trợ GET và HEAD.");
    }
    if !host_allowed(&headers, &live) {
        return plain(StatusCode::FORBIDDEN, "Tên máy không được phép.");
    }
    let path = uri.path();
    if let Some(own) = path.strip_prefix(PREFIX) {
        return match own {
            "live.js" => {
                let current =
                    query_value(uri.query().unwrap_or_default(), "v") == live_js_version();
                let cache = if current {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                };
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, cache),
                    ],
                    LIVE_JS,
                )
                    .into_response()
            }
            "events" => events(&live, uri.query().unwrap_or_default()).into_response(),
            _ => plain(StatusCode::NOT_FOUND, "Không có."),
        };
    }
    let Some(root) = live.served() else {
        return waiting_page(&live);
    };
    match resolve(&root, path) {
        Resolved::BadRequest => plain(StatusCode::BAD_REQUEST, "Đường dẫn không hợp lệ."),
        Resolved::Redirect(to) => {
            let location = match uri.query() {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::File(file) => file_response(StatusCode::OK, &file, path).await,
        Resolved::NotFound => {
            let page = root.join("404.html");
            if page.is_file() {
                file_response(StatusCode::NOT_FOUND, &page, path).await
            } else {
                plain(StatusCode::NOT_FOUND, "Không tìm thấy trang.")
            }
        }
    }
}

/// True for theme assets whose name carries their content hash (`style.1a2b3c4d5e.css`): their
/// content never changes under that name, so the browser may keep them, and a reload after an
/// edit fetches only the page itself.
pub fn is_hashed_asset(request_path: &str) -> bool {
    if !request_path.starts_with("/static/") {
        return false;
    }
    let name = request_path.rsplit('/').next().unwrap_or_default();
    name.split('.').any(|part| {
        part.len() == 10
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// What every address shows until a first build succeeds: the overlay says what to fix, and
/// the page reloads by itself once the build works.
fn waiting_page(live: &Live) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>sotay serve: chưa tạo được trang</title></head>\n<body><main><h1>Chưa tạo được trang nào</h1><p>Sửa lỗi được báo trong cửa sổ lệnh (và trên trang này), rồi lưu tệp: trang sẽ tự tải lại.</p></main>{}</body></html>\n",
        live.snippet(0)
    );
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response()
}

async fn file_response(status: StatusCode, file: &Path, request_path: &str) -> Response {
    let cache = if status == StatusCode::OK && is_hashed_asset(request_path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    match tokio::fs::read(file).await {
        Ok(bytes) => Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, content_type(file))
            .header(header::CACHE_CONTROL, cache)
            .header("x-content-type-options", "nosniff")
            .body(Body::from(bytes))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        // Replaced between resolving and reading: the browser will be told to reload anyway.
        Err(_) => plain(StatusCode::NOT_FOUND, "Không tìm thấy trang."),
    }
}

fn query_value(query: &str, key: &str) -> String {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .and_then(|(_, v)| percent_decode(&v.replace('+', " ")))
        .unwrap_or_default()
}

fn events(live: &Live, query: &str) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let page = query_value(query, "page");
    let build = query_value(query, "build");
    let (first, receiver) = live.connect(&page, &build);
    let to_event = |m: super::live::Message| Event::default().event(m.event).data(m.data);
    let first: Vec<Result<Event, Infallible>> = first
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let e = to_event(m);
            // Reconnect quickly after `sotay serve` was restarted.
            Ok(if i == 0 {
                e.retry(Duration::from_millis(500))
            } else {
                e
            })
        })
        .collect();
    let rest = stream::unfold(receiver, move |mut receiver| async move {
        match receiver.recv().await {
            Ok(m) => Some((Ok(to_event(m)), receiver)),
            Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                // Too far behind to know what changed: reload to be safe.
                let m = super::live::Message {
                    event: "reload",
                    data: "{\"generation\":0,\"all\":true,\"urls\":[]}".into(),
                };
                Some((Ok(to_event(m)), receiver))
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => None,
        }
    });
    Sse::new(stream::iter(first).chain(rest))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("site/a")).unwrap();
        std::fs::write(dir.path().join("site/a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("site/index.html"), "home").unwrap();
        std::fs::write(dir.path().join("site/.sotay-output"), "").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn escapes_are_refused() {
        let dir = site();
        let root = dir.path().join("site");
        for bad in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/a/..%5csecret.txt",
            "/..\\secret.txt",
            "/C:/Windows",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(&root, bad), Resolved::BadRequest, "{bad}");
        }
        assert_eq!(resolve(&root, "/.sotay-output"), Resolved::NotFound);
        // An absolute path after the leading slash stays inside the folder.
        assert_eq!(resolve(&root, "//etc/passwd"), Resolved::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_not_followed() {
        let dir = site();
        let root = dir.path().join("site");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/link.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn folders_serve_their_index_and_gain_a_slash() {
        let dir = site();
        let root = dir.path().join("site");
        assert_eq!(resolve(&root, "/a"), Resolved::Redirect("/a/".into()));
        assert!(matches!(resolve(&root, "/a/"), Resolved::File(p) if p.ends_with("a/index.html")));
        assert!(matches!(resolve(&root, "/"), Resolved::File(p) if p.ends_with("site/index.html")));
        assert_eq!(resolve(&root, "/b/"), Resolved::NotFound);
    }

    #[test]
    fn only_hashed_theme_assets_are_cached() {
        assert!(is_hashed_asset("/static/style.ec19f96255.css"));
        assert!(is_hashed_asset(
            "/static/fonts/be-vietnam-pro-400.0123456789.woff2"
        ));
        assert!(!is_hashed_asset("/static/style.css"));
        assert!(!is_hashed_asset("/phan-1/chuong-1/"));
        assert!(!is_hashed_asset("/favicon.ico"));
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("s.1a.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("f.woff2")), "font/woff2");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
