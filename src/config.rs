//! `sotay.toml`: the site's configuration.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, from_toml_error};

/// The name of the configuration file at the project root.
pub const CONFIG_FILE: &str = "sotay.toml";

/// The whole configuration. Unknown keys are errors, so a typo never passes silently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The handbook's title.
    pub title: String,
    /// One-sentence description for search engines and the home page.
    #[serde(default)]
    pub description: String,
    /// Public address of the site, e.g. `https://sotay.example.vn/` (used in the sitemap).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Language of the content; `vi`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Output folder, relative to the root.
    #[serde(default = "default_output_dir")]
    pub output_dir: PathBuf,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Who publishes the handbook.
    #[serde(default)]
    pub handbook: Handbook,
    /// Print bundle settings.
    #[serde(default)]
    pub print: PrintConfig,
}

/// Metadata of the printed and published handbook.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Handbook {
    /// Issuing agency, e.g. "Sở Công Thương tỉnh Lâm Đồng".
    #[serde(default)]
    pub agency: String,
    /// Province.
    #[serde(default)]
    pub province: String,
    /// Year of publication.
    #[serde(default)]
    pub year: String,
    /// Edition, e.g. "Xuất bản lần thứ hai".
    #[serde(default)]
    pub edition: String,
}

/// Settings of the print bundle and PDF.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintConfig {
    /// Trim size: `A4`, `A5`, `B5` or `WIDTHxHEIGHTmm` such as `170x240mm`.
    #[serde(default = "default_trim")]
    pub trim: String,
    /// Bleed in millimetres.
    #[serde(default = "default_bleed")]
    pub bleed_mm: f32,
    /// Print crop marks outside the trim.
    #[serde(default)]
    pub crop_marks: bool,
    /// Cover background colour.
    #[serde(default = "default_cover_color")]
    pub cover_color: String,
    /// How deep the printed table of contents goes: 1 parts, 2 chapters, 3 pages inside
    /// chapters, 4 also the headings (`##`) of chapters.
    #[serde(default = "default_toc_depth")]
    pub toc_depth: u8,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            trim: default_trim(),
            bleed_mm: default_bleed(),
            crop_marks: false,
            cover_color: default_cover_color(),
            toc_depth: default_toc_depth(),
        }
    }
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "vi".into()
}
fn default_output_dir() -> PathBuf {
    "public".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_trim() -> String {
    "A4".into()
}
fn default_bleed() -> f32 {
    3.0
}
fn default_toc_depth() -> u8 {
    3
}
fn default_cover_color() -> String {
    "#0b5d3b".into()
}

impl Config {
    /// Reads and validates `sotay.toml` under `root`.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        let shown = PathBuf::from(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(&shown, 0, 0, format!("không đọc được tệp cấu hình: {e}")).with_help(
                format!("chạy sotay trong thư mục có {CONFIG_FILE}, hoặc dùng --root THƯ_MỤC"),
            )
        })?;
        let text = crate::content::decode_utf8(&shown, bytes)?;
        Config::parse(&shown, &text)
    }

    /// Parses configuration text; `file` names it in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Config, Diagnostic> {
        let config: Config =
            toml::from_str(text).map_err(|e| from_toml_error(file, text, 0, &e))?;
        if config.title.trim().is_empty() {
            return Err(
                Diagnostic::error(file, 1, 1, "`title` đang để trống").with_help(
                    "đặt tên cuốn sổ tay, ví dụ title = \"Giải pháp kỹ thuật sản xuất sạch hơn\"",
                ),
            );
        }
        Ok(config)
    }

    /// `base_url` without its trailing slash, for joining with absolute paths.
    pub fn base_url_trimmed(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = Config::parse(Path::new("sotay.toml"), "title = \"x\"\n\ntittle = \"y\"\n")
            .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("tittle"), "{err}");
    }

    #[test]
    fn defaults_apply() {
        let c = Config::parse(Path::new("sotay.toml"), "title = \"Sổ tay\"").unwrap();
        assert_eq!(c.output_dir, PathBuf::from("public"));
        assert_eq!(c.language, "vi");
        assert_eq!(c.print.trim, "A4");
    }
}
