//! Files of the bundle besides its HTML: stylesheets with the fonts they reference (and the
//! fonts' licences), and the images of the pages. Everything is referenced relatively, so the
//! folder can be zipped and sent to the print shop as it is.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Files to put into the bundle: path inside the bundle → where it comes from.
#[derive(Debug, Default)]
pub struct Files {
    /// Copies of files on disk.
    pub copies: BTreeMap<String, PathBuf>,
    /// Generated files.
    pub generated: BTreeMap<String, Vec<u8>>,
}

impl Files {
    /// Writes every file under `dir`; returns the first failure with the file concerned.
    pub fn write(&self, dir: &Path) -> Result<(), (PathBuf, std::io::Error)> {
        for (rel, from) in &self.copies {
            let to = dir.join(rel);
            crate::output::assets::copy_file(from, &to).map_err(|e| (from.clone(), e))?;
        }
        for (rel, bytes) in &self.generated {
            let to = dir.join(rel);
            crate::output::assets::write_file(&to, bytes).map_err(|e| (to.clone(), e))?;
        }
        Ok(())
    }
}

const FONT_EXTENSIONS: [&str; 5] = ["woff2", "woff", "ttf", "otf", "ttc"];

/// Adds stylesheet `css` (read from `path`, bundled as `name`) with every local file its
/// `url(…)`s reference: fonts go to `fonts/` (with the licence texts found beside them), other
/// files to `assets/`. Returns the names of the files it referenced that do not exist.
pub fn add_stylesheet(files: &mut Files, name: &str, path: &Path, css: &str) -> Vec<String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut missing = Vec::new();
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        out.push_str(&rest[..at + 4]);
        let after = &rest[at + 4..];
        let Some(close) = after.find(')') else {
            rest = after;
            continue;
        };
        let raw = after[..close].trim();
        let target = raw.trim_matches(['"', '\'']);
        rest = &after[close..];
        if target.starts_with("data:") || target.starts_with('#') || target.is_empty() {
            out.push_str(raw);
            continue;
        }
        if crate::markdown::links::is_external(target) {
            // Nothing remote in the bundle: drop the reference (a missing font then shows up in
            // the preflight as an unbundled family).
            missing.push(target.to_owned());
            out.push_str("\"\"");
            continue;
        }
        let file = if Path::new(target).is_absolute() {
            PathBuf::from(target)
        } else {
            dir.join(target)
        };
        if !file.is_file() {
            missing.push(target.to_owned());
            out.push_str(raw);
            continue;
        }
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_font = file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FONT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        let rel = if is_font {
            add_licences(files, file.parent().unwrap_or(dir));
            format!("fonts/{file_name}")
        } else {
            format!("assets/{file_name}")
        };
        files.copies.insert(rel.clone(), file);
        out.push('"');
        out.push_str(&rel);
        out.push('"');
    }
    out.push_str(rest);
    files.generated.insert(name.to_owned(), out.into_bytes());
    missing
}

/// Copies the licence texts (`OFL*.txt`, `LICENSE*`) found in a font folder.
fn add_licences(files: &mut Files, dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let upper = name.to_ascii_uppercase();
        if (upper.starts_with("OFL")
            || upper.starts_with("LICENSE")
            || upper.starts_with("LICENCE"))
            && entry.path().is_file()
        {
            files.copies.insert(format!("fonts/{name}"), entry.path());
        }
    }
}

/// Adds `fallback` after the first family of every font list in an SVG (`font-family="…"`
/// attributes and `font-family:` declarations), so glyphs the diagram's font lacks come from a
/// bundled font rather than whatever the printing machine has installed.
pub fn svg_with_fallback(svg: &str, fallback: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 64);
    let mut rest = svg;
    while let Some(at) = rest.find("font-family") {
        let after_name = &rest[at + 11..];
        let skip = after_name.len() - after_name.trim_start().len();
        let Some(sep) = after_name[skip..]
            .chars()
            .next()
            .filter(|c| *c == '=' || *c == ':')
        else {
            out.push_str(&rest[..at + 11]);
            rest = after_name;
            continue;
        };
        let value_start = at + 11 + skip + 1;
        let tail = &rest[value_start..];
        let lead = tail.len() - tail.trim_start().len();
        let (quote, body_start) = match tail[lead..].chars().next() {
            Some(q @ ('"' | '\'')) if sep == '=' => (Some(q), value_start + lead + 1),
            _ => (None, value_start + lead),
        };
        let body = &rest[body_start..];
        let end = body
            .find(|c: char| match quote {
                Some(q) => c == q,
                None => c == ';' || c == '"' || c == '\'' || c == '}',
            })
            .unwrap_or(body.len());
        let list = &body[..end];
        out.push_str(&rest[..body_start]);
        if list.contains(fallback) {
            out.push_str(list);
        } else {
            let (first, others) = list.split_once(',').unwrap_or((list, ""));
            out.push_str(first.trim_end());
            out.push_str(", ");
            out.push_str(fallback);
            if !others.trim().is_empty() {
                out.push(',');
                out.push_str(others);
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// The `font-family` names declared by `@font-face` rules in `css`.
pub fn font_families(css: &str) -> Vec<String> {
    let mut families = Vec::new();
    let mut rest = css;
    while let Some(at) = rest.find("@font-face") {
        rest = &rest[at + 10..];
        let Some(end) = rest.find('}') else { break };
        let block = &rest[..end];
        if let Some(f) = block.find("font-family") {
            let value = block[f + 11..]
                .trim_start()
                .trim_start_matches(':')
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
                .to_owned();
            if !value.is_empty() && !families.contains(&value) {
                families.push(value);
            }
        }
        rest = &rest[end..];
    }
    families
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_font_lists_get_the_fallback() {
        let svg = "<g font-family=\"Be Vietnam Pro, Noto Sans, sans-serif\"><text style=\"font-family: Arial; fill: red\">→</text><text font-family='X'>";
        assert_eq!(
            svg_with_fallback(svg, "Sotay Symbols"),
            "<g font-family=\"Be Vietnam Pro, Sotay Symbols, Noto Sans, sans-serif\"><text style=\"font-family: Arial, Sotay Symbols; fill: red\">→</text><text font-family='X, Sotay Symbols'>"
        );
    }

    #[test]
    fn fonts_are_copied_and_urls_made_relative() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = dir.path().join("static/fonts");
        std::fs::create_dir_all(&fonts).unwrap();
        std::fs::write(fonts.join("a.woff2"), b"x").unwrap();
        std::fs::write(fonts.join("OFL-a.txt"), b"licence").unwrap();
        std::fs::create_dir_all(dir.path().join("print")).unwrap();
        let css_path = dir.path().join("print/print.css");
        let css = "@font-face { font-family: \"Sotay Serif\"; src: url(../static/fonts/a.woff2) format(\"woff2\"); }\n\
                   @font-face { font-family: 'Gone'; src: url('nope.woff2'), url(https://x.org/f.woff2); }";
        let mut files = Files::default();
        let missing = add_stylesheet(&mut files, "print.css", &css_path, css);
        assert_eq!(missing, vec!["nope.woff2", "https://x.org/f.woff2"]);
        let out = String::from_utf8(files.generated["print.css"].clone()).unwrap();
        assert!(out.contains("url(\"fonts/a.woff2\")"), "{out}");
        assert!(!out.contains("x.org"));
        assert!(files.copies.contains_key("fonts/OFL-a.txt"));
        assert_eq!(font_families(css), vec!["Sotay Serif", "Gone"]);
    }
}
