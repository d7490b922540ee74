//! What the open browser tabs are told: which pages changed (reload them), which stylesheets
//! changed (swap them in place), and which errors to show in the overlay.
//!
//! Every build that reaches the browser has a generation number. Pages carry the generation
//! they were rendered in (in the injected script tag) and the script sends it back when it
//! connects, so a tab that missed a change — it loaded just before the rebuild, it was in the
//! background, or `sotay serve` was restarted — reloads as soon as it connects.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::broadcast;

/// URL under which the preview's own files live; no page of a site can have it (slugs are
/// `[a-z0-9-]` only).
pub const PREFIX: &str = "/__sotay/";

/// One problem as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverlayItem {
    /// File, relative to the project when possible.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
    /// The lines around the problem.
    pub excerpt: Vec<ExcerptLine>,
}

/// One source line of an excerpt.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ExcerptLine {
    /// 1-based line number.
    pub number: usize,
    /// The text of the line.
    pub text: String,
    /// True for the line the problem is on.
    pub marked: bool,
}

/// A message to the open tabs, already in the form sent over the wire.
#[derive(Debug, Clone)]
pub struct Message {
    /// SSE event name: `hello`, `reload`, `css` or `errors`.
    pub event: &'static str,
    /// JSON data.
    pub data: String,
}

#[derive(Debug, Default)]
struct State {
    generation: u64,
    full_generation: u64,
    changed_at: HashMap<String, u64>,
    errors: Vec<OverlayItem>,
    served: Option<PathBuf>,
}

/// Shared between the rebuild thread and the HTTP server.
#[derive(Debug)]
pub struct Live {
    instance: String,
    loopback_only: AtomicBool,
    state: Mutex<State>,
    sender: broadcast::Sender<Message>,
}

#[derive(Serialize)]
struct Reload<'a> {
    generation: u64,
    all: bool,
    urls: &'a [String],
}

#[derive(Serialize)]
struct Css<'a> {
    generation: u64,
    swaps: &'a [(String, String)],
}

#[derive(Serialize)]
struct Errors<'a> {
    errors: &'a [OverlayItem],
}

#[derive(Serialize)]
struct Hello<'a> {
    instance: &'a str,
    generation: u64,
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

impl Live {
    /// A fresh hub with no site yet.
    pub fn new() -> Live {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let (sender, _) = broadcast::channel(64);
        Live {
            instance: format!("{}-{nanos}", std::process::id()),
            loopback_only: AtomicBool::new(true),
            state: Mutex::new(State::default()),
            sender,
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// True while the server listens on a loopback address only: then requests must name a
    /// loopback host (a web page elsewhere cannot reach the preview through DNS rebinding).
    pub fn loopback_only(&self) -> bool {
        self.loopback_only.load(Ordering::Relaxed)
    }

    /// Records whether the server listens on a loopback address only.
    pub fn set_loopback_only(&self, yes: bool) {
        self.loopback_only.store(yes, Ordering::Relaxed);
    }

    /// The generation the next published build will have.
    pub fn next_generation(&self) -> u64 {
        self.state().generation + 1
    }

    /// The tag inserted before `</body>` of pages rendered for generation `generation`.
    pub fn snippet(&self, generation: u64) -> String {
        // `defer`: the page is parsed and shown without waiting for the script.
        format!(
            "<script src=\"{PREFIX}live.js?v={}\" data-sotay-build=\"{}.{generation}\" defer></script>",
            super::http::live_js_version(),
            self.instance
        )
    }

    /// The folder being served, once a first build produced one.
    pub fn served(&self) -> Option<PathBuf> {
        self.state().served.clone()
    }

    fn send(&self, event: &'static str, data: String) {
        // No receiver (no open tab) is not an error.
        let _ = self.sender.send(Message { event, data });
    }

    /// A new full build is being served from `folder`: every tab reloads, except when
    /// `css_swaps` is given (only stylesheets changed), where tabs swap them in place.
    pub fn publish_full(
        &self,
        folder: PathBuf,
        generation: u64,
        css_swaps: Option<Vec<(String, String)>>,
    ) {
        {
            let mut s = self.state();
            s.generation = generation;
            s.served = Some(folder);
            if css_swaps.is_none() {
                s.full_generation = generation;
                s.changed_at.clear();
            }
        }
        match css_swaps {
            Some(swaps) => {
                let data = serde_json::to_string(&Css {
                    generation,
                    swaps: &swaps,
                })
                .unwrap_or_default();
                self.send("css", data);
            }
            None => {
                let data = serde_json::to_string(&Reload {
                    generation,
                    all: true,
                    urls: &[],
                })
                .unwrap_or_default();
                self.send("reload", data);
            }
        }
    }

    /// The pages at `urls` were rewritten in place: the tabs showing them reload.
    pub fn publish_pages(&self, urls: &[String], generation: u64) {
        {
            let mut s = self.state();
            s.generation = generation;
            for u in urls {
                s.changed_at.insert(u.clone(), generation);
            }
        }
        let data = serde_json::to_string(&Reload {
            generation,
            all: false,
            urls,
        })
        .unwrap_or_default();
        self.send("reload", data);
    }

    /// Replaces the errors the overlay shows (empty: the overlay goes away).
    pub fn set_errors(&self, errors: Vec<OverlayItem>) {
        {
            let mut s = self.state();
            if s.errors == errors {
                return;
            }
            s.errors = errors.clone();
        }
        let data = serde_json::to_string(&Errors { errors: &errors }).unwrap_or_default();
        self.send("errors", data);
    }

    /// A tab showing `page`, rendered as build `build` (`instance.generation`), connects: the
    /// messages to send first, and the subscription for the ones to come.
    pub fn connect(&self, page: &str, build: &str) -> (Vec<Message>, broadcast::Receiver<Message>) {
        let receiver = self.sender.subscribe();
        let s = self.state();
        let mut first = vec![Message {
            event: "hello",
            data: serde_json::to_string(&Hello {
                instance: &self.instance,
                generation: s.generation,
            })
            .unwrap_or_default(),
        }];
        let (instance, generation) = build.rsplit_once('.').unwrap_or((build, "0"));
        let seen: u64 = generation.parse().unwrap_or(0);
        let last_change = s
            .changed_at
            .get(page)
            .copied()
            .unwrap_or(0)
            .max(s.full_generation);
        if instance != self.instance || last_change > seen {
            first.push(Message {
                event: "reload",
                data: serde_json::to_string(&Reload {
                    generation: s.generation,
                    all: true,
                    urls: &[],
                })
                .unwrap_or_default(),
            });
        }
        first.push(Message {
            event: "errors",
            data: serde_json::to_string(&Errors { errors: &s.errors }).unwrap_or_default(),
        });
        (first, receiver)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build_of(live: &Live, generation: u64) -> String {
        format!("{}.{generation}", live.instance)
    }

    #[test]
    fn a_tab_that_missed_a_change_reloads_on_connect() {
        let live = Live::new();
        live.publish_full(PathBuf::from("/x"), 1, None);
        live.publish_pages(&["/a/".to_owned()], 2);
        let (first, _) = live.connect("/a/", &build_of(&live, 1));
        assert!(
            first.iter().any(|m| m.event == "reload"),
            "page /a/ changed after build 1"
        );
        let (first, _) = live.connect("/b/", &build_of(&live, 1));
        assert!(
            !first.iter().any(|m| m.event == "reload"),
            "page /b/ did not change"
        );
        let (first, _) = live.connect("/b/", "other-instance.9");
        assert!(
            first.iter().any(|m| m.event == "reload"),
            "server restarted"
        );
    }

    #[test]
    fn errors_are_sent_once_per_change() {
        let live = Live::new();
        let mut rx = live.sender.subscribe();
        let item = OverlayItem {
            file: "content/a.md".into(),
            line: 2,
            col: 1,
            message: "m".into(),
            help: String::new(),
            excerpt: Vec::new(),
        };
        live.set_errors(vec![item.clone()]);
        live.set_errors(vec![item]);
        live.set_errors(Vec::new());
        assert_eq!(rx.try_recv().unwrap().event, "errors");
        assert!(rx.try_recv().unwrap().data.contains("[]"));
        assert!(rx.try_recv().is_err());
    }
}
