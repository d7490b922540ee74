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
    /// Swaps the staging folder into place of the target and removes the previous output.
    pub fn commit(self) -> io::Result<PathBuf> {
        let old = sibling(&self.target, "sotay-old");
        if old.exists() && old.join(MARKER).is_file() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_previous = self.target.exists();
        if had_previous {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.path, &self.target) {
            if had_previous {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        if had_previous {
            std::fs::remove_dir_all(&old)?;
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
