//! Page geometry of the printed book: trim size, bleed, mirrored margins, and the `page.css`
//! that carries them (generated from `[print]` in `sotay.toml`, so the stylesheet of the theme
//! never has to know the trim).

use std::path::Path;

use crate::config::PrintConfig;
use crate::diagnostics::Diagnostic;

/// Millimetres in one inch.
pub const MM_PER_INCH: f64 = 25.4;
/// PostScript points in one millimetre.
pub const PT_PER_MM: f64 = 72.0 / MM_PER_INCH;

/// The page of the book, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    /// Trimmed page width.
    pub width: f64,
    /// Trimmed page height.
    pub height: f64,
    /// Bleed on every side, beyond the trim.
    pub bleed: f64,
    /// Margin on the binding side (gutter).
    pub inner: f64,
    /// Margin on the outer side.
    pub outer: f64,
    /// Top margin (the running head sits in it).
    pub top: f64,
    /// Bottom margin (the page number sits in it).
    pub bottom: f64,
    /// Body text size in points.
    pub body_pt: f64,
    /// Whether to draw crop marks.
    pub crop_marks: bool,
}

/// Parses a trim size: `A4`, `A5`, `B5` (ISO, 176×250 mm), or `WIDTHxHEIGHT` with `mm` or `cm`
/// (`170x240mm`, `17x24cm`, `170 × 240 mm`).
pub fn parse_trim(trim: &str) -> Option<(f64, f64)> {
    let t = trim.trim().to_lowercase();
    match t.as_str() {
        "a4" => return Some((210.0, 297.0)),
        "a5" => return Some((148.0, 210.0)),
        "b5" => return Some((176.0, 250.0)),
        _ => {}
    }
    let (numbers, factor) = if let Some(n) = t.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix("cm") {
        (n, 10.0)
    } else {
        return None;
    };
    let (w, h) = numbers.split_once(['x', '×', '*'])?;
    let parse = |s: &str| s.trim().replace(',', ".").parse::<f64>().ok();
    let (w, h) = (parse(w)? * factor, parse(h)? * factor);
    (w >= 50.0 && h >= 50.0 && w <= 1000.0 && h <= 1000.0).then_some((w, h))
}

impl Geometry {
    /// The geometry asked for by `[print]`; errors point at `sotay.toml`.
    pub fn from_config(print: &PrintConfig) -> Result<Geometry, Diagnostic> {
        let file = Path::new(crate::config::CONFIG_FILE);
        let (width, height) = parse_trim(&print.trim).ok_or_else(|| {
            Diagnostic::error(file, 0, 0, format!("khổ sách in không hợp lệ: trim = \"{}\"", print.trim))
                .with_help("trong mục [print] viết trim = \"A4\", \"A5\", \"B5\" hoặc rộng×cao, ví dụ trim = \"170x240mm\"")
        })?;
        if !(0.0..=10.0).contains(&print.bleed_mm) {
            return Err(Diagnostic::error(
                file,
                0,
                0,
                format!("lề xén (bleed_mm = {}) phải từ 0 đến 10 mm", print.bleed_mm),
            )
            .with_help("nhà in thường yêu cầu bleed_mm = 3.0"));
        }
        Ok(Geometry::new(
            width,
            height,
            f64::from(print.bleed_mm),
            print.crop_marks,
        ))
    }

    /// Proportional margins for a `width`×`height` mm page: a wider gutter than outer margin so
    /// the text block looks centred once the book is bound.
    pub fn new(width: f64, height: f64, bleed: f64, crop_marks: bool) -> Geometry {
        let round = |v: f64| (v * 2.0).round() / 2.0;
        let body_pt = if width >= 200.0 {
            10.5
        } else if width >= 160.0 {
            10.0
        } else {
            9.5
        };
        Geometry {
            width,
            height,
            bleed,
            inner: round(width * 0.12).max(15.0),
            outer: round(width * 0.10).max(12.0),
            top: round(height * 0.075).max(14.0),
            bottom: round(height * 0.085).max(16.0),
            body_pt,
            crop_marks,
        }
    }

    /// Width of the text block.
    pub fn text_width(&self) -> f64 {
        self.width - self.inner - self.outer
    }

    /// Height of the text block.
    pub fn text_height(&self) -> f64 {
        self.height - self.top - self.bottom
    }

    /// Largest height a figure may take in print (the stylesheet caps images to it).
    pub fn figure_max_height(&self) -> f64 {
        (self.text_height() * 0.62).round()
    }

    /// The generated stylesheet with the page size, bleed, marks and margins.
    pub fn page_css(&self) -> String {
        let marks = if self.crop_marks {
            "crop cross"
        } else {
            "none"
        };
        format!(
            "/* Tạo tự động từ mục [print] của sotay.toml: khổ {w}×{h} mm, lề xén {b} mm. */\n\
             @page {{ size: {w}mm {h}mm; bleed: {b}mm; marks: {marks}; margin: {top}mm {outer}mm {bottom}mm {inner}mm; }}\n\
             @page :left {{ margin-left: {outer}mm; margin-right: {inner}mm; }}\n\
             @page :right {{ margin-left: {inner}mm; margin-right: {outer}mm; }}\n\
             @page cover {{ margin: 0; }}\n\
             html {{ font-size: {pt}pt; }}\n\
             .cover, .back-cover {{ width: {w}mm; height: {h}mm; }}\n\
             .colophon {{ height: {text_h}mm; }}\n\
             .figure img, .embed img {{ max-height: {fig}mm; }}\n",
            w = self.width,
            h = self.height,
            b = self.bleed,
            top = self.top,
            bottom = self.bottom,
            inner = self.inner,
            outer = self.outer,
            pt = self.body_pt,
            fig = self.figure_max_height(),
            text_h = (self.text_height() - 2.0).floor(),
        )
    }

    /// Resolution in pixels per inch at which a raster image of `px_w`×`px_h` pixels prints,
    /// given how the stylesheet sizes images: their CSS size (96 px to the inch), shrunk to fit
    /// the text width and the figure height limit.
    pub fn printed_ppi(&self, px_w: u32, px_h: u32) -> f64 {
        let w_mm = f64::from(px_w) * MM_PER_INCH / 96.0;
        let h_mm = f64::from(px_h) * MM_PER_INCH / 96.0;
        let scale = 1f64
            .min(self.text_width() / w_mm)
            .min(self.figure_max_height() / h_mm);
        96.0 / scale
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_parse() {
        assert_eq!(parse_trim("A4"), Some((210.0, 297.0)));
        assert_eq!(parse_trim("170x240mm"), Some((170.0, 240.0)));
        assert_eq!(parse_trim("17 × 24 cm"), Some((170.0, 240.0)));
        assert_eq!(parse_trim("16,5x24cm"), Some((165.0, 240.0)));
        assert_eq!(parse_trim("170x240"), None);
        assert_eq!(parse_trim("10x10mm"), None);
    }

    #[test]
    fn bad_trim_is_a_config_error() {
        let print = PrintConfig {
            trim: "A44".into(),
            ..PrintConfig::default()
        };
        let err = Geometry::from_config(&print).unwrap_err();
        assert!(err.message.contains("A44"), "{err}");
    }

    #[test]
    fn gutter_is_wider_and_css_mirrors_it() {
        let g = Geometry::new(210.0, 297.0, 3.0, false);
        assert!(g.inner > g.outer);
        let css = g.page_css();
        assert!(
            css.contains("size: 210mm 297mm; bleed: 3mm; marks: none"),
            "{css}"
        );
        assert!(css.contains(&format!(
            "@page :left {{ margin-left: {}mm; margin-right: {}mm",
            g.outer, g.inner
        )));
    }

    #[test]
    fn small_rasters_print_at_screen_resolution() {
        let g = Geometry::new(210.0, 297.0, 3.0, false);
        // 600 px at 96 px/in is 159 mm: narrower than the text block, so printed at 96 ppi.
        assert!((g.printed_ppi(600, 300) - 96.0).abs() < 0.01);
        // Wide enough to be shrunk three times and more: over 300 ppi.
        assert!(g.printed_ppi(2400, 1200) > 300.0);
    }
}
