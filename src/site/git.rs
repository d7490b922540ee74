//! Last commit date of each content file, read with one `git log` call for the whole site.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Maps each file (relative to `root`) to the date (`YYYY-MM-DD`) of the last commit that
/// touched it. Empty when `root` is not a git checkout or git is missing.
pub fn last_commit_dates(root: &Path) -> HashMap<PathBuf, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "log",
            "--format=%x00%cs",
            "--name-only",
            "--no-renames",
            "--",
            "content",
        ])
        .output();
    let Ok(output) = output else {
        return HashMap::new();
    };
    if !output.status.success() {
        return HashMap::new();
    }
    // git prints paths relative to the repository top, which may be above `root`.
    let prefix = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-prefix"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let mut dates = HashMap::new();
    let mut current = String::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        if let Some(date) = line.strip_prefix('\0') {
            current = date.to_owned();
        } else if !line.is_empty() {
            let rel = line.strip_prefix(prefix.as_str()).unwrap_or(line);
            dates
                .entry(PathBuf::from(rel))
                .or_insert_with(|| current.clone());
        }
    }
    dates
}
