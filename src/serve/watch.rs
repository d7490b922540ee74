//! File watching with notify: native events by default (inotify, ReadDirectoryChangesW,
//! FSEvents), polling with `--poll` for network drives and editors whose events go missing.
//!
//! Events are only hints: a batch is collected until the files have been quiet for a moment
//! (editors write in several steps: truncate, write, rename a temporary file over the
//! original), and the rebuild then looks at what is on disk. So an atomic save — write
//! `x.md.tmp`, rename it to `x.md` — is just an edit of `x.md`, and the editor's temporary and
//! backup files are never looked at.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the files must stay quiet before a batch is rebuilt.
pub const QUIET: Duration = Duration::from_millis(15);
/// A batch is rebuilt at the latest this long after its first event, even if writes go on.
pub const MAX_WAIT: Duration = Duration::from_millis(400);
/// How long the files must stay quiet before work put off while writing is done (the print
/// bundle is brought up to date then, not after every save).
pub const IDLE: Duration = Duration::from_millis(1500);
/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// A running watcher and the paths it reports.
pub struct Watch {
    watcher: Box<dyn Watcher + Send>,
    events: Receiver<Vec<PathBuf>>,
}

fn interesting(kind: &EventKind) -> bool {
    match kind {
        // Reading a file (the rebuild itself reads them) is no change; closing a file
        // written to is, for editors that write in place.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

impl Watch {
    /// Starts watching `targets` (path, recursive?).
    pub fn start(targets: &[(PathBuf, bool)], poll: bool) -> notify::Result<Watch> {
        let (tx, events) = channel();
        let handler = move |result: notify::Result<notify::Event>| {
            if let Ok(event) = result
                && interesting(&event.kind)
                && !event.paths.is_empty()
            {
                let _ = tx.send(event.paths);
            }
        };
        let mut watcher: Box<dyn Watcher + Send> = if poll {
            Box::new(PollWatcher::new(
                handler,
                Config::default().with_poll_interval(POLL_INTERVAL),
            )?)
        } else {
            Box::new(RecommendedWatcher::new(handler, Config::default())?)
        };
        for (path, recursive) in targets {
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            watcher.watch(path, mode)?;
        }
        Ok(Watch { watcher, events })
    }

    /// Starts watching one more folder (a theme chosen in `sotay.toml` after startup).
    pub fn add(&mut self, path: &std::path::Path) -> notify::Result<()> {
        self.watcher.watch(path, RecursiveMode::Recursive)
    }

    /// Waits for the next batch of changed paths; `None` when the watcher has stopped.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        match self.next(None) {
            Next::Paths(paths) => Some(paths),
            _ => None,
        }
    }

    /// Waits for the next batch of changed paths, or at most `idle` when given.
    pub fn next(&self, idle: Option<Duration>) -> Next {
        let first = match idle {
            Some(wait) => match self.events.recv_timeout(wait) {
                Ok(p) => p,
                Err(RecvTimeoutError::Timeout) => return Next::Idle,
                Err(RecvTimeoutError::Disconnected) => return Next::Stopped,
            },
            None => match self.events.recv() {
                Ok(p) => p,
                Err(_) => return Next::Stopped,
            },
        };
        let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
        let first = Instant::now();
        loop {
            let left = MAX_WAIT.saturating_sub(first.elapsed());
            if left.is_zero() {
                break;
            }
            match self.events.recv_timeout(QUIET.min(left)) {
                Ok(more) => paths.extend(more),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Next::Paths(paths.into_iter().collect())
    }
}

/// What [`Watch::next`] saw.
#[derive(Debug)]
pub enum Next {
    /// Files changed.
    Paths(Vec<PathBuf>),
    /// Nothing changed for the idle time asked for.
    Idle,
    /// The watcher stopped.
    Stopped,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_save_is_reported_under_the_real_name() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let file = root.join("a.md");
        std::fs::write(&file, "1").unwrap();
        let watch = Watch::start(&[(root.clone(), true)], false).unwrap();
        let tmp = root.join("a.md.tmp");
        std::fs::write(&tmp, "2").unwrap();
        std::fs::rename(&tmp, &file).unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = Vec::new();
        while !seen.contains(&file) && Instant::now() < deadline {
            if let Ok(paths) = watch.events.recv_timeout(Duration::from_millis(100)) {
                seen.extend(paths);
            }
        }
        assert!(
            seen.contains(&file),
            "no event for the renamed file: {seen:?}"
        );
    }
}
