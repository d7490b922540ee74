//! The preview's own output folder, under the system's temporary folder — never `public/`.
//!
//! Each full build writes a fresh generation (`gen-1`, `gen-2`…) that is swapped in only when
//! it succeeded, so a request never sees a half-written site; edits of single pages replace
//! single files atomically (write beside, then rename). Only folders carrying sotay's marker are
//! ever deleted: the generations this run created, and whole preview folders left behind by
//! earlier runs whose process is gone.

use std::io;
use std::path::{Path, PathBuf};

use crate::output::dir::MARKER;

/// Prefix of preview folders inside the temporary folder.
const PREFIX: &str = "sotay-serve-";
/// File holding the process id of the `sotay serve` that owns a preview folder.
const PID_FILE: &str = "pid";

/// The preview folder of this run of `sotay serve`.
#[derive(Debug)]
pub struct ServeFolder {
    base: PathBuf,
    next: u64,
}

fn mark(dir: &Path) -> io::Result<()> {
    std::fs::write(
        dir.join(MARKER),
        "Thư mục xem trước do sotay serve tạo ra; sẽ bị xóa khi sotay serve dừng.\n",
    )
}

/// Removes `dir` only when it carries sotay's marker (so a wrong path can never delete an
/// author's files).
pub fn remove_ours(dir: &Path) {
    if dir.join(MARKER).is_file() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

impl ServeFolder {
    /// Creates a new, empty preview folder for this process.
    pub fn create() -> io::Result<ServeFolder> {
        Self::create_in(&std::env::temp_dir())
    }

    /// Creates the preview folder inside `parent`.
    pub fn create_in(parent: &Path) -> io::Result<ServeFolder> {
        remove_stale(parent);
        let pid = std::process::id();
        let mut n = 0u32;
        let base = loop {
            let candidate = parent.join(format!("{PREFIX}{pid}-{n}"));
            match std::fs::create_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                Err(e) => return Err(e),
            }
        };
        mark(&base)?;
        std::fs::write(base.join(PID_FILE), pid.to_string())?;
        Ok(ServeFolder { base, next: 1 })
    }

    /// The folder holding every generation.
    pub fn base(&self) -> &Path {
        &self.base
    }

    /// Creates the folder for the next full build.
    pub fn new_generation(&mut self) -> io::Result<PathBuf> {
        let dir = self.base.join(format!("gen-{}", self.next));
        self.next += 1;
        if dir.exists() {
            remove_ours(&dir);
        }
        std::fs::create_dir_all(&dir)?;
        mark(&dir)?;
        Ok(dir)
    }

    /// Removes the whole preview folder (when `sotay serve` stops).
    pub fn remove(&self) {
        remove_preview(&self.base);
    }
}

/// Removes a preview folder made by [`ServeFolder::create_in`]: the generations first, the
/// marker and the owner's pid last, so that a removal cut short (the process killed while
/// deleting 10,000 pages) leaves a folder the next `sotay serve` still recognises and finishes.
pub fn remove_preview(base: &Path) {
    if !base.join(MARKER).is_file() {
        return;
    }
    if let Ok(entries) = std::fs::read_dir(base) {
        for entry in entries.flatten() {
            let name = entry.file_name();
            if name == MARKER || name == PID_FILE {
                continue;
            }
            let path = entry.path();
            if path.is_dir() {
                let _ = std::fs::remove_dir_all(&path);
            } else {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let _ = std::fs::remove_file(base.join(PID_FILE));
    let _ = std::fs::remove_dir_all(base);
}

/// Replaces `path` with `bytes` so that a reader sees either the old or the new file, never a
/// half-written one.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A dot name: the HTTP layer never serves hidden files, so the half-written file is never
    // visible.
    let tmp = path.with_file_name(format!(".{name}.sotay-tmp"));
    std::fs::write(&tmp, bytes)?;
    // On Windows a file being read cannot be replaced; the read is short, so try again.
    let mut tries = 0;
    loop {
        match std::fs::rename(&tmp, path) {
            Ok(()) => return Ok(()),
            Err(_) if tries < 20 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        }
    }
}

/// Deletes preview folders of earlier runs that were killed before they could clean up. Only
/// folders with sotay's marker whose owning process no longer runs are touched; where that
/// cannot be known (no `/proc`), nothing is deleted.
fn remove_stale(parent: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(PREFIX) {
            continue;
        }
        let dir = entry.path();
        let Ok(pid) = std::fs::read_to_string(dir.join(PID_FILE)) else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.trim()).exists();
        if !alive && !pid.trim().is_empty() {
            remove_preview(&dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generations_are_marked_and_removed_only_with_marker() {
        let parent = tempfile::tempdir().unwrap();
        let mut folder = ServeFolder::create_in(parent.path()).unwrap();
        let g1 = folder.new_generation().unwrap();
        assert!(g1.join(MARKER).is_file());
        replace_file(&g1.join("a/index.html"), b"x").unwrap();
        assert_eq!(std::fs::read(g1.join("a/index.html")).unwrap(), b"x");
        let foreign = parent.path().join("not-ours");
        std::fs::create_dir(&foreign).unwrap();
        remove_ours(&foreign);
        assert!(
            foreign.exists(),
            "a folder without the marker is never deleted"
        );
        folder.remove();
        assert!(!folder.base().exists());
    }

    #[test]
    fn stale_folders_of_dead_processes_are_cleaned() {
        let parent = tempfile::tempdir().unwrap();
        let stale = parent.path().join(format!("{PREFIX}999999999-0"));
        std::fs::create_dir(&stale).unwrap();
        mark(&stale).unwrap();
        std::fs::write(stale.join(PID_FILE), "999999999").unwrap();
        let unmarked = parent.path().join(format!("{PREFIX}999999998-0"));
        std::fs::create_dir(&unmarked).unwrap();
        std::fs::write(unmarked.join(PID_FILE), "999999998").unwrap();
        let folder = ServeFolder::create_in(parent.path()).unwrap();
        assert!(!stale.exists() || !Path::new("/proc/self").exists());
        assert!(unmarked.exists());
        folder.remove();
    }
}
