//! Static files: the theme's (with a content hash in their names so they can be cached
//! forever), the site's own `static/` folder (copied as is), and the images beside the content.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Public URLs of the theme's assets, by their path under the theme's `static/` folder
/// (`style.css` → `/static/style.1a2b3c4d.css`).
pub type AssetUrls = BTreeMap<String, String>;

/// First 10 hex digits of the 128-bit XXH3 hash of `bytes`. (A name only has to change with
/// its content; SHA-256 of the search index's 100 MB took 1.3 % of a build.)
pub fn content_hash(bytes: &[u8]) -> String {
    let digest = xxhash_rust::xxh3::xxh3_128(bytes).to_be_bytes();
    digest.iter().take(5).map(|b| format!("{b:02x}")).collect()
}

/// `fonts/a.woff2` + hash → `fonts/a.<hash>.woff2`.
pub fn hashed_name(rel: &str, hash: &str) -> String {
    match rel.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
        _ => format!("{rel}.{hash}"),
    }
}

fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file()
            && !crate::content::is_temporary_file(entry.path())
            && let Ok(rel) = entry.path().strip_prefix(dir)
        {
            files.push((
                rel.to_string_lossy().replace('\\', "/"),
                entry.path().to_path_buf(),
            ));
        }
    }
    files
}

/// Copies the theme's static files into `out/static/` with hashed names, plus generated
/// stylesheets (`extra`: name → contents). Stylesheets are rewritten to point at the hashed
/// names of the files they reference (fonts, images), and minified when `minify` is set.
pub fn write_theme_assets(
    theme_static: &Path,
    extra: &[(&str, String)],
    out: &Path,
    minify: bool,
) -> io::Result<AssetUrls> {
    let mut urls = AssetUrls::new();
    let mut stylesheets = Vec::new();
    for (rel, path) in files_under(theme_static) {
        if rel.ends_with(".css") {
            stylesheets.push((rel, std::fs::read_to_string(&path)?));
            continue;
        }
        let bytes = std::fs::read(&path)?;
        let name = hashed_name(&rel, &content_hash(&bytes));
        write_file(&out.join("static").join(&name), &bytes)?;
        urls.insert(rel, format!("/static/{name}"));
    }
    stylesheets.extend(extra.iter().map(|(n, c)| ((*n).to_owned(), c.clone())));
    for (rel, mut css) in stylesheets {
        let css_dir = Path::new(&rel)
            .parent()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        for (asset, url) in &urls {
            let relative = match asset.strip_prefix(&format!("{css_dir}/")) {
                Some(r) if !css_dir.is_empty() => r.to_owned(),
                _ if css_dir.is_empty() => asset.clone(),
                _ => continue,
            };
            let hashed = url.trim_start_matches("/static/");
            let hashed_rel = hashed
                .strip_prefix(&format!("{css_dir}/"))
                .unwrap_or(hashed);
            css = css.replace(&format!("url({relative})"), &format!("url({hashed_rel})"));
            css = css.replace(
                &format!("url(\"{relative}\")"),
                &format!("url(\"{hashed_rel}\")"),
            );
            css = css.replace(
                &format!("url('{relative}')"),
                &format!("url('{hashed_rel}')"),
            );
        }
        if minify {
            css = super::minify::minify_css(&css);
        }
        let name = hashed_name(&rel, &content_hash(css.as_bytes()));
        write_file(&out.join("static").join(&name), css.as_bytes())?;
        urls.insert(rel, format!("/static/{name}"));
    }
    Ok(urls)
}

/// Copies the site's own `static/` folder (favicon, downloads) to the output root unchanged.
pub fn copy_site_static(dir: &Path, out: &Path) -> io::Result<()> {
    for (rel, path) in files_under(dir) {
        copy_file(&path, &out.join(rel))?;
    }
    Ok(())
}

/// Writes `bytes` to `path`, creating parent folders.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, bytes)
}

/// Writes files given by paths relative to `dir`, on both threads. Each folder is made once,
/// not once per file: the search index is tens of thousands of files in a few folders.
pub fn write_files_in(dir: &Path, files: &[(String, Vec<u8>)]) -> io::Result<()> {
    let folders: std::collections::BTreeSet<&Path> = files
        .iter()
        .filter_map(|(rel, _)| Path::new(rel).parent())
        .collect();
    for folder in folders {
        std::fs::create_dir_all(dir.join(folder))?;
    }
    files
        .par_iter()
        .try_for_each(|(rel, bytes)| std::fs::write(dir.join(rel), bytes))
}

/// Copies `from` to `to`, creating parent folders.
pub fn copy_file(from: &Path, to: &Path) -> io::Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::copy(from, to).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_goes_before_extension() {
        assert_eq!(hashed_name("fonts/a.woff2", "abc"), "fonts/a.abc.woff2");
        assert_eq!(hashed_name("LICENSE", "abc"), "LICENSE.abc");
    }
}
