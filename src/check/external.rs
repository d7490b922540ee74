//! `--external`: tries every link to another site over HTTP, a few at a time, with timeouts.
//!
//! ureq is a small blocking client; TLS through rustls, so nothing outside Rust needs to be
//! installed. A page that is gone (404, 410) is an error; anything that may pass by itself
//! (a timeout, a server error, a site refusing robots) is a warning.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::ids::ExternalLink;
use crate::diagnostics::Diagnostic;

/// Requests in flight at once.
const PARALLEL: usize = 8;
/// Longest wait for one URL, redirects included.
pub const TIMEOUT: Duration = Duration::from_secs(10);

enum Verdict {
    Fine,
    Gone(u16),
    Doubtful(String),
}

fn try_url(agent: &ureq::Agent, url: &str) -> Verdict {
    let status = match agent.head(url).call() {
        Ok(r) => r.status().as_u16(),
        Err(e) => return Verdict::Doubtful(e.to_string()),
    };
    // Some servers answer HEAD badly; ask for the page itself before judging.
    let status = if status >= 400 {
        match agent.get(url).call() {
            Ok(r) => r.status().as_u16(),
            Err(e) => return Verdict::Doubtful(e.to_string()),
        }
    } else {
        status
    };
    match status {
        200..=399 => Verdict::Fine,
        404 | 410 => Verdict::Gone(status),
        s => Verdict::Doubtful(format!("máy chủ trả mã {s}")),
    }
}

/// Checks the links; returns one problem per place a broken URL is written.
pub fn check(links: &[ExternalLink]) -> Vec<Diagnostic> {
    let mut by_url: BTreeMap<&str, Vec<&ExternalLink>> = BTreeMap::new();
    for l in links {
        by_url.entry(l.url.as_str()).or_default().push(l);
    }
    let urls: Vec<&str> = by_url.keys().copied().collect();
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .user_agent(concat!("sotay-check/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent: ureq::Agent = config.into();
    let next = AtomicUsize::new(0);
    let verdicts: Mutex<Vec<(usize, Verdict)>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(urls.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let v = try_url(&agent, url);
                    verdicts
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((i, v));
                }
            });
        }
    });
    let mut out = Vec::new();
    for (i, verdict) in verdicts.into_inner().unwrap_or_else(|e| e.into_inner()) {
        let url = urls[i];
        for place in &by_url[url] {
            match &verdict {
                Verdict::Fine => {}
                Verdict::Gone(status) => out.push(
                    Diagnostic::error(&place.file, place.line, place.col, format!("liên kết ngoài không còn tồn tại (mã {status}): {url}"))
                        .with_help("tìm địa chỉ mới của tài liệu (ví dụ trên trang của cơ quan ban hành) hoặc xóa liên kết"),
                ),
                Verdict::Doubtful(why) => out.push(
                    Diagnostic::warning(&place.file, place.line, place.col, format!("không mở được liên kết ngoài {url}: {why}"))
                        .with_help("mở thử địa chỉ trong trình duyệt; nếu trang đã đổi chỗ, sửa liên kết"),
                ),
            }
        }
    }
    out
}
