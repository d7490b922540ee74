//! Safe writing of the output folder: everything is built in a staging folder that is swapped
//! in only when the build succeeds, and sotay only ever clears folders it created itself
//! (they carry a marker file).

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// Name of the file that marks a folder as sotay's own output.
pub const MARKER: &str = ".sotay-output";

/// A folder being filled by a build, swapped into place by [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    /// Where the build writes.
    pub path: PathBuf,
    target: PathBuf,
}

fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Where a previous output waits to be deleted: `.public.sotay-old`, `.public.sotay-old-2`…
fn free_trash_name(target: &Path) -> PathBuf {
    std::iter::once(sibling(target, "sotay-old"))
        .chain((2..).map(|n| sibling(target, &format!("sotay-old-{n}"))))
        .find(|p| !p.exists())
        .unwrap_or_else(|| sibling(target, "sotay-old"))
}

/// Previous outputs of `target` moved aside by [`Staging::commit`].
fn trash_folders(target: &Path) -> Vec<PathBuf> {
    let Some(parent) = target.parent() else {
        return Vec::new();
    };
    let prefix = sibling(target, "sotay-old")
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    std::fs::read_dir(parent)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .filter(|p| p.join(MARKER).is_file())
        .collect()
}

/// Deletes previous outputs in a thread that the build does not wait for. If the process ends
/// first, the next build goes on: the marker is removed last, so a half-deleted folder is
/// still recognised as sotay's own.
pub fn remove_trash_in_background(target: &Path) -> Option<std::thread::JoinHandle<()>> {
    let trash = trash_folders(&absolute(target));
    if trash.is_empty() {
        return None;
    }
    Some(std::thread::spawn(move || {
        for dir in trash {
            if let Ok(entries) = std::fs::read_dir(&dir) {
                for e in entries.flatten() {
                    if e.file_name() == MARKER {
                        continue;
                    }
                    let p = e.path();
                    let _ = if e.file_type().is_ok_and(|t| t.is_dir()) {
                        std::fs::remove_dir_all(&p)
                    } else {
                        std::fs::remove_file(&p)
                    };
                }
            }
            let _ = std::fs::remove_file(dir.join(MARKER));
            let _ = std::fs::remove_dir(&dir);
        }
    }))
}

/// True when `dir` is missing, empty, or carries sotay's marker.
pub fn is_ours_or_empty(dir: &Path) -> bool {
    match std::fs::read_dir(dir) {
        Err(_) => true,
        Ok(mut entries) => dir.join(MARKER).is_file() || entries.next().is_none(),
    }
}

fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    crate::markdown::links::normalize_path(Path::new("/"), &abs.to_string_lossy())
}

/// Checks that `target` may be (re)written and prepares a fresh staging folder beside it.
pub fn prepare(root: &Path, target: &Path) -> Result<Staging, Diagnostic> {
    let target = absolute(target);
    let root = absolute(root);
    let content = root.join(crate::content::CONTENT_DIR);
    let shown = target.display().to_string();
    let refuse = |why: &str, help: &str| {
        Diagnostic::error(&shown, 0, 0, why.to_owned()).with_help(help.to_owned())
    };
    if root.starts_with(&target) || content.starts_with(&target) {
        return Err(refuse(
            "thư mục đầu ra là (hoặc chứa) thư mục dự án hay thư mục content/ — sotay sẽ không xóa nó",
            "đặt output_dir trong sotay.toml là một thư mục riêng, ví dụ \"public\"",
        ));
    }
    if target.starts_with(&content) {
        return Err(refuse(
            "thư mục đầu ra nằm trong content/",
            "đặt output_dir ra ngoài content/, ví dụ \"public\"",
        ));
    }
    if !is_ours_or_empty(&target) {
        return Err(refuse(
            "thư mục đầu ra đã có dữ liệu không do sotay tạo ra; sotay sẽ không ghi đè",
            "chọn thư mục khác bằng --output, hoặc tự di chuyển dữ liệu trong thư mục đó đi nơi khác",
        ));
    }
    let staging = sibling(&target, "sotay-staging");
    let io_err = |e: io::Error| {
        refuse(
            &format!("không tạo được thư mục tạm {}: {e}", staging.display()),
            "kiểm tra quyền ghi",
        )
    };
    if staging.exists() {
        if !staging.join(MARKER).is_file() {
            return Err(refuse(
                &format!(
                    "thư mục tạm {} đã tồn tại và không do sotay tạo",
                    staging.display()
                ),
                "xóa hoặc đổi tên thư mục đó",
            ));
        }
        std::fs::remove_dir_all(&staging).map_err(io_err)?;
    }
    std::fs::create_dir_all(&staging).map_err(io_err)?;
    std::fs::write(
        staging.join(MARKER),
        "Thư mục này do sotay tạo ra; mỗi lần build sẽ thay thế toàn bộ.\n",
    )
    .map_err(io_err)?;
    Ok(Staging {
        path: staging,
        target,
    })
}

impl Staging {
    /// Swaps the staging folder into place of the target. The previous output is moved aside
    /// and deleted by the next build in the background (see [`remove_trash_in_background`]):
    /// deleting 20,000 files took 20–70 s on an ext4 disk mounted with `discard`, far longer
    /// than the build itself, and it is slow on Windows as well.
    pub fn commit(self) -> io::Result<PathBuf> {
        let had_previous = self.target.exists();
        let trash = if had_previous {
            let trash = free_trash_name(&self.target);
            std::fs::rename(&self.target, &trash)?;
            Some(trash)
        } else {
            None
        };
        if let Err(e) = std::fs::rename(&self.path, &self.target) {
            if let Some(trash) = trash {
                let _ = std::fs::rename(&trash, &self.target);
            }
            return Err(e);
        }
        Ok(self.target)
    }

    /// Removes the staging folder after a failed build, leaving the previous output untouched.
    pub fn abandon(self) {
        if self.path.join(MARKER).is_file() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_output_is_moved_aside_then_deleted_in_the_background() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let target = tmp.path().join("public");
        std::fs::create_dir_all(&root).unwrap();
        for round in 0..3 {
            let staging = prepare(&root, &target).unwrap();
            std::fs::write(staging.path.join("index.html"), format!("{round}")).unwrap();
            staging.commit().unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "2"
        );
        assert!(!trash_folders(&target).is_empty(), "old outputs wait aside");
        remove_trash_in_background(&target).unwrap().join().unwrap();
        assert!(trash_folders(&target).is_empty());
        let left: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 2, "only site/ and public/ are left: {left:?}");
    }

    #[test]
    fn a_half_deleted_old_output_is_still_finished_later() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let old = sibling(&target, "sotay-old");
        std::fs::create_dir_all(old.join("a/b")).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        remove_trash_in_background(&target).unwrap().join().unwrap();
        assert!(!old.exists());
        // A folder of the same name without the marker is not sotay's: it stays.
        std::fs::create_dir_all(old.join("c")).unwrap();
        assert!(remove_trash_in_background(&target).is_none());
        assert!(old.join("c").exists());
    }
}
