//! The theme shipped with sotay, built into the binary: a project without a `themes/default`
//! of its own gets it wherever sotay was installed from, not only beside sotay's sources.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Name of the shipped theme.
pub const DEFAULT: &str = "default";

macro_rules! built_in {
    ($rel:literal) => {
        (
            $rel,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/themes/default/",
                $rel
            )) as &[u8],
        )
    };
}

/// Every file of `themes/default`, relative to it (a test checks the list against the folder).
const FILES: &[(&str, &[u8])] = &[
    built_in!("print/book.html"),
    built_in!("print/fonts/DejaVuSans-Symbols.woff2"),
    built_in!("print/fonts/LICENSE-dejavu.txt"),
    built_in!("print/fonts/NotoSansMono-Regular.woff2"),
    built_in!("print/fonts/OFL-noto-sans-mono.txt"),
    built_in!("print/print.css"),
    built_in!("static/favicon.svg"),
    built_in!("static/fonts/OFL-be-vietnam-pro.txt"),
    built_in!("static/fonts/OFL-source-serif-4.txt"),
    built_in!("static/fonts/be-vietnam-pro-vn-400.woff2"),
    built_in!("static/fonts/be-vietnam-pro-vn-600.woff2"),
    built_in!("static/fonts/source-serif-4-vn-400-italic.woff2"),
    built_in!("static/fonts/source-serif-4-vn-400.woff2"),
    built_in!("static/fonts/source-serif-4-vn-600-italic.woff2"),
    built_in!("static/fonts/source-serif-4-vn-600.woff2"),
    built_in!("static/math.css"),
    built_in!("static/search.js"),
    built_in!("static/style.css"),
    built_in!("static/theme.js"),
    built_in!("templates/404.html"),
    built_in!("templates/base.html"),
    built_in!("templates/components.html"),
    built_in!("templates/index.html"),
    built_in!("templates/nav.html"),
    built_in!("templates/page.html"),
    built_in!("templates/section.html"),
];

/// The theme folder: `themes/<name>` under the root, else, for the default theme, the one
/// shipped with sotay ([`shipped`]).
pub fn theme_dir(root: &Path, name: &str) -> PathBuf {
    let local = root.join("themes").join(name);
    if local.is_dir() || name != DEFAULT {
        return local;
    }
    static SHIPPED: OnceLock<PathBuf> = OnceLock::new();
    SHIPPED
        .get_or_init(|| shipped(&sources(), &std::env::temp_dir()))
        .clone()
}

/// Where the default theme's sources were when sotay was compiled.
fn sources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes")
        .join(DEFAULT)
}

/// The shipped theme's folder: its sources while sotay runs beside them (so that `serve`
/// shows edits to the theme at once), else a copy of the built-in files under `cache`, written
/// once per theme version. A folder that cannot be written leaves the sources' path, whose
/// missing templates are then reported.
fn shipped(source: &Path, cache: &Path) -> PathBuf {
    if source.is_dir() {
        return source.to_path_buf();
    }
    let all: Vec<u8> = FILES
        .iter()
        .flat_map(|(rel, bytes)| rel.bytes().chain(bytes.iter().copied()))
        .collect();
    let name = format!("sotay-theme-{}", super::assets::content_hash(&all));
    let dir = cache.join(&name).join(DEFAULT);
    if dir.is_dir() {
        return dir;
    }
    // Written aside, then renamed into place: a second sotay starting meanwhile never sees
    // half a theme.
    let aside = cache.join(format!("{name}.{}", std::process::id()));
    let written =
        write_files(&aside.join(DEFAULT)).and_then(|()| std::fs::rename(&aside, cache.join(&name)));
    if written.is_err() {
        // Another sotay may have put its copy in place first; this one's is dropped.
        let _ = std::fs::remove_dir_all(&aside);
    }
    if dir.is_dir() {
        dir
    } else {
        source.to_path_buf()
    }
}

fn write_files(dir: &Path) -> io::Result<()> {
    for (rel, bytes) in FILES {
        super::assets::write_file(&dir.join(rel), bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_theme_is_built_in() {
        let source = sources();
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&source)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&source).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let built_in: Vec<&str> = FILES.iter().map(|(rel, _)| *rel).collect();
        assert_eq!(
            built_in, on_disk,
            "list every file of themes/default in FILES"
        );
    }

    #[test]
    fn without_the_sources_the_built_in_theme_is_written_once_and_used() {
        let cache = tempfile::tempdir().unwrap();
        let missing = cache.path().join("no-sources");
        let dir = shipped(&missing, cache.path());
        assert_ne!(dir, missing);
        for (rel, bytes) in FILES {
            assert_eq!(std::fs::read(dir.join(rel)).unwrap(), *bytes, "{rel}");
        }
        // Found again, not written again; nothing is left aside.
        std::fs::write(dir.join("templates/page.html"), "đã sửa").unwrap();
        assert_eq!(shipped(&missing, cache.path()), dir);
        assert_eq!(
            std::fs::read_to_string(dir.join("templates/page.html")).unwrap(),
            "đã sửa"
        );
        assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 1);
        // While the sources are there, they are the theme.
        let source = sources();
        assert_eq!(shipped(&source, cache.path()), source);
    }
}
