//! The printable book: a self-contained HTML bundle for paged-media engines (`public/print/`),
//! the PDF made from it with WeasyPrint (`sotay pdf`), and the preflight that checks a PDF the
//! way a print shop would (`sotay pdf --check`).
//!
//! The bundle is built from the assembled [`Site`], never from the Markdown again, so numbers,
//! titles and text are the website's. [`book`] decides the structure (cover, contents, parts,
//! chapters), [`rewrite`] adapts each page body (unique ids, internal anchors, printed URLs,
//! footnotes), [`geometry`] turns `[print]` into page CSS, [`assets`] gathers stylesheets, fonts
//! and images. The theme provides `print/book.html` (Tera) and `print/print.css`.

pub mod assets;
pub mod book;
pub mod docno;
pub mod geometry;
pub mod html;
pub mod pdf;
pub mod preflight;
pub mod rewrite;
pub mod tools;

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use assets::Files;
use geometry::Geometry;

/// Folder of the bundle inside the output folder.
pub const PRINT_DIR: &str = "print";
/// File name of the bundle's HTML.
pub const INDEX: &str = "index.html";
/// Folder of the print templates and stylesheet inside a theme.
pub const THEME_PRINT_DIR: &str = "print";

/// The bundle, ready to be written.
#[derive(Debug)]
pub struct Bundle {
    /// `index.html` with a [`BODY_MARK`] where each unit's body goes (see `Bundle::write_index`).
    shell: String,
    /// The units' bodies, in order: they make up almost all of the book, so they wait in a
    /// temporary file and go straight from there into `index.html`, instead of being copied
    /// into the template's context and output or all held in memory.
    bodies: Bodies,
    /// Stylesheets, fonts, images.
    pub files: Files,
    /// Page geometry.
    pub geometry: Geometry,
    /// Font families the bundle declares (`@font-face`), for the preflight.
    pub families: Vec<String>,
    /// Titles of parts and chapters in order, with their kind (`part`, `chapter`).
    pub outline: Vec<(String, String)>,
    /// Problems that do not stop the build (images under 300 ppi, missing font files).
    pub warnings: Diagnostics,
}

/// Stands in the template's output for a unit's body (`{{ u.html | safe }}`), followed by
/// the unit's number and the mark again. A private-use character: no page text contains it.
const BODY_MARK: char = '\u{F8FF}';

impl Bundle {
    /// Writes `index.html`: the template's output with each unit's body where its mark is.
    /// A stray mark without a number is dropped with what follows it up to the next mark.
    fn write_index(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut rest = self.shell.as_str();
        let mut reader = BodyReader::new(&self.bodies);
        while let Some(at) = rest.find(BODY_MARK) {
            out.write_all(&rest.as_bytes()[..at])?;
            let after = &rest[at + BODY_MARK.len_utf8()..];
            let end = after.find(BODY_MARK).unwrap_or(after.len());
            if let Ok(i) = after[..end].parse::<usize>() {
                reader.copy(i, out)?;
            }
            rest = after.get(end + BODY_MARK.len_utf8()..).unwrap_or("");
        }
        out.write_all(rest.as_bytes())
    }
}

/// Unit bodies kept in an anonymous temporary file (deleted by the system when closed) rather
/// than in memory: at 10,000 pages they are 120 MB, and they are written to the bundle once.
#[derive(Debug)]
struct Bodies {
    file: std::fs::File,
    /// Offset and length of each body, by unit index.
    spans: Vec<(u64, u64)>,
    end: u64,
    /// Bodies not yet in the file: they are written a megabyte at a time, and the rest with
    /// [`Bodies::flush`].
    pending: Vec<u8>,
}

impl Bodies {
    fn new() -> std::io::Result<Bodies> {
        Ok(Bodies {
            file: tempfile::tempfile()?,
            spans: Vec::new(),
            end: 0,
            pending: Vec::new(),
        })
    }

    /// Appends the next unit's body.
    fn push(&mut self, html: &str) -> std::io::Result<()> {
        self.pending.extend_from_slice(html.as_bytes());
        let len = html.len() as u64;
        self.spans.push((self.end, len));
        self.end += len;
        if self.pending.len() >= SPOOL_WRITE {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the bodies pushed since the last flush.
    fn flush(&mut self) -> std::io::Result<()> {
        std::io::Write::write_all(&mut self.file, &self.pending)?;
        self.pending.clear();
        Ok(())
    }
}

/// Bytes of bodies written to the spool at a time.
const SPOOL_WRITE: usize = 1 << 20;

/// Reads [`Bodies`] back, in the order the bundle asks for them: the order they were
/// written in, so the file is read straight through, with one read of each body and no seek.
/// (Copying each body by the kernel took five system calls a body, 50,000 for a 10,000-page
/// book, where the bodies only pass through a buffer on their way to a buffered writer.)
struct BodyReader<'a> {
    bodies: &'a Bodies,
    /// Where the file is read next (at first unknown: the writes left it at the end).
    at: u64,
    buffer: Vec<u8>,
}

impl<'a> BodyReader<'a> {
    fn new(bodies: &'a Bodies) -> Self {
        BodyReader {
            bodies,
            at: u64::MAX,
            buffer: Vec::new(),
        }
    }

    /// Copies body `i` (nothing if there is none) into `out`.
    fn copy(&mut self, i: usize, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use std::io::{Read, Seek};
        let Some(&(start, len)) = self.bodies.spans.get(i) else {
            return Ok(());
        };
        let mut file = &self.bodies.file;
        if start != self.at {
            file.seek(std::io::SeekFrom::Start(start))?;
        }
        self.buffer.resize(len as usize, 0);
        file.read_exact(&mut self.buffer)?;
        self.at = start + len;
        out.write_all(&self.buffer)
    }
}

/// The bundled font for symbols the text fonts lack (declared in the theme's `print.css`).
pub const SYMBOL_FAMILY: &str = "Sotay Symbols";

/// Minimum resolution of a raster image at its printed size.
pub const MIN_PPI: f64 = 300.0;

fn template_error(path: &Path, e: &tera::Error) -> Diagnostic {
    let place = crate::output::templates::ErrorPlace::of(e);
    Diagnostic::error(
        path,
        place.line,
        place.col,
        format!("lỗi mẫu sách in: {}", place.message),
    )
    .with_help(format!(
        "sửa mẫu print/book.html của giao diện (cú pháp Tera):\n{}",
        crate::output::templates::indent(&place.report)
    ))
}

/// The book's units with their bodies rewritten and spooled: the first, parallel, half of
/// making a bundle ([`rewrite_units`]); [`bundle_from`] makes the rest.
pub struct Rewritten {
    links: rewrite::LinkMap,
    units: Vec<book::Unit>,
    bodies: Bodies,
}

/// Rewrites every page for the book, in parallel, spooling the bodies.
pub fn rewrite_units(site: &Site) -> Result<Rewritten, Diagnostic> {
    let links = book::link_map(site);
    let spool_error = |e: std::io::Error| {
        Diagnostic::error(
            std::env::temp_dir(),
            0,
            0,
            format!("không ghi được tệp tạm của bản in: {e}"),
        )
        .with_help("kiểm tra dung lượng đĩa của thư mục tạm (TEMP/TMPDIR)")
    };
    let mut bodies = Bodies::new().map_err(spool_error)?;
    let mut spooled = Ok(());
    let units = book::units(site, &links, |batch| {
        for u in batch {
            let i = bodies.spans.len();
            let html = std::mem::replace(&mut u.html, format!("{BODY_MARK}{i}{BODY_MARK}"));
            if spooled.is_ok() {
                spooled = bodies.push(&html);
            }
        }
        if spooled.is_ok() {
            spooled = bodies.flush();
        }
    });
    spooled.map_err(spool_error)?;
    Ok(Rewritten {
        links,
        units,
        bodies,
    })
}

/// Builds the bundle of `site`; `padding` blank pages go before the back cover.
pub fn bundle(site: &Site, root: &Path, padding: usize) -> Result<Bundle, Diagnostic> {
    bundle_from(site, root, padding, rewrite_units(site)?)
}

/// Builds the bundle of `site` from its rewritten units: stylesheets, contents, the template.
/// Mostly one thread's work, so a build runs it beside the pages.
pub fn bundle_from(
    site: &Site,
    root: &Path,
    padding: usize,
    rewritten: Rewritten,
) -> Result<Bundle, Diagnostic> {
    let config = &site.config;
    let geometry = Geometry::from_config(&config.print)?;
    let theme = crate::output::theme_dir(root, &config.theme);
    let print_dir = theme.join(THEME_PRINT_DIR);
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
    let read = |p: &Path| -> Result<String, Diagnostic> {
        let bytes = std::fs::read(p).map_err(|e| {
            Diagnostic::error(
                shown(p),
                0,
                0,
                format!("không đọc được tệp của giao diện: {e}"),
            )
            .with_help("giao diện cần thư mục print/ với book.html và print.css")
        })?;
        crate::content::decode_utf8(&shown(p), bytes)
    };

    let mut warnings = Diagnostics::default();
    let mut files = Files::default();
    let mut css_text = String::new();
    let mut stylesheets = Vec::new();
    let mut add_css = |name: &str, path: PathBuf, files: &mut Files| -> Result<(), Diagnostic> {
        let css = read(&path)?;
        for missing in assets::add_stylesheet(files, name, &path, &css) {
            warnings.push(
                Diagnostic::warning(shown(&path), 0, 0, format!("tệp được tham chiếu không có trong giao diện: {missing}"))
                    .with_help("đặt tệp phông chữ vào giao diện và tham chiếu bằng đường dẫn tương đối; bản in không tải gì từ mạng"),
            );
        }
        css_text.push_str(&css);
        stylesheets.push(name.to_owned());
        Ok(())
    };
    add_css("print.css", print_dir.join("print.css"), &mut files)?;
    let math_css = theme.join("static").join("math.css");
    if math_css.is_file() {
        add_css("math.css", math_css, &mut files)?;
    }
    let families = assets::font_families(&css_text);
    let mut page_css = geometry.page_css();
    page_css.push_str(&accent_css(
        &config.print.cover_color,
        book::ink_for(&config.print.cover_color),
    ));
    files
        .generated
        .insert("page.css".into(), page_css.into_bytes());
    stylesheets.push("page.css".into());

    let Rewritten {
        links,
        units,
        bodies,
    } = rewritten;
    let (toc, figures, tables) = book::contents(&units, config.print.toc_depth);
    warnings.extend(image_warnings(site, &units, &geometry).items);
    for unit in &units {
        for url in &unit.images {
            let (Some(rel), Some(asset)) = (
                links.images.get(url),
                site.content.assets.values().find(|a| &a.url == url),
            ) else {
                continue;
            };
            let svg = rel.to_ascii_lowercase().ends_with(".svg");
            match svg
                .then(|| std::fs::read_to_string(&asset.path).ok())
                .flatten()
            {
                Some(text) => {
                    let text = assets::svg_with_fallback(&text, SYMBOL_FAMILY);
                    files.generated.insert(rel.clone(), text.into_bytes());
                }
                None => {
                    files.copies.insert(rel.clone(), asset.path.clone());
                }
            }
        }
    }
    let outline = units
        .iter()
        .filter(|u| u.kind != "section")
        .map(|u| {
            let title = if u.label.is_empty() {
                u.title.clone()
            } else {
                format!("{}. {}", u.label, u.title)
            };
            (u.kind.to_owned(), title)
        })
        .collect();
    let context = book::BookContext {
        lang: &config.language,
        title: &config.title,
        description: &config.description,
        handbook: &config.handbook,
        cover: book::Cover {
            color: config.print.cover_color.clone(),
            ink: book::ink_for(&config.print.cover_color).to_owned(),
        },
        updated: book::vietnamese_date(&book::latest_update(site)),
        updated_iso: book::latest_update(site),
        site_url: links.base_url.clone(),
        generator: format!("sotay {}", env!("CARGO_PKG_VERSION")),
        stylesheets,
        toc,
        figures,
        tables,
        units,
        padding,
        toc_id: book::TOC_ID,
    };
    let template_path = print_dir.join("book.html");
    let template = read(&template_path)?;
    let mut tera = crate::output::templates::new_tera();
    tera.add_raw_template("book.html", &template)
        .map_err(|e| template_error(&shown(&template_path), &e))?;
    let ctx = tera::Context::from_serialize(&context)
        .map_err(|e| template_error(&shown(&template_path), &e))?;
    let shell = tera
        .render("book.html", &ctx)
        .map_err(|e| template_error(&shown(&template_path), &e))?;
    // No NFC pass over the result: the pages were normalized when loaded and the template
    // when read (`decode_utf8`).
    Ok(Bundle {
        shell,
        bodies,
        files,
        geometry,
        families,
        outline,
        warnings,
    })
}

/// The cover colour, reused as the accent of headings and rules.
fn accent_css(color: &str, ink: &str) -> String {
    let color: String = color
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "#(),.% ".contains(*c))
        .collect();
    // A solid tint for the cover's rings: a print shop wants no transparency.
    let tint = book::mix(&color, ink, 0.09).unwrap_or_else(|| color.clone());
    format!(
        "@page cover {{ background: {color}; }}\n\
         .cover, .back-cover {{ color: {ink}; }}\n\
         .cover-motif, .cover-motif::after {{ border-color: {tint}; }}\n\
         .accent, .unit-label, .toc .toc-1 > a, .front-title::after, .unit-title::after {{ color: {color}; border-color: {color}; }}\n\
         .callout {{ border-left-color: {color}; }}\n"
    )
}

/// Raster images that would print under [`MIN_PPI`], named with the page that shows them.
fn image_warnings(site: &Site, units: &[book::Unit], geometry: &Geometry) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let mut seen = std::collections::HashSet::new();
    for unit in units {
        for url in &unit.images {
            if !seen.insert(url.as_str()) {
                continue;
            }
            let Some(asset) = site.content.assets.values().find(|a| &a.url == url) else {
                continue;
            };
            if asset
                .path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
            {
                continue;
            }
            let Ok(size) = imagesize::size(&asset.path) else {
                continue;
            };
            let ppi = geometry.printed_ppi(size.width as u32, size.height as u32);
            if ppi >= MIN_PPI {
                continue;
            }
            let doc = &site.content.docs[unit.doc];
            let name = asset
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let line = site
                .content
                .source_text(doc)
                .lines()
                .position(|l| l.contains(&name))
                .map_or(0, |l| l + 1);
            let needed = (f64::from(size.width as u32) * MIN_PPI / ppi).ceil();
            diags.push(
                Diagnostic::warning(
                    &doc.source,
                    line,
                    0,
                    format!(
                        "hình {name} ({}×{} điểm ảnh) chỉ đạt {:.0} ppi khi in, dưới mức {MIN_PPI:.0} ppi nhà in yêu cầu",
                        size.width, size.height, ppi
                    ),
                )
                .with_help(format!(
                    "thay bằng ảnh rộng ít nhất {needed:.0} điểm ảnh, hoặc vẽ lại dạng SVG nếu là sơ đồ"
                )),
            );
        }
    }
    diags
}

/// Where the PDF of the site lives in an output folder.
pub fn pdf_path(out: &Path, site: &Site) -> PathBuf {
    out.join(PRINT_DIR).join(crate::output::pdf_file_name(site))
}

/// Writes the bundle into `out/print/` (called by [`crate::output::write_all`]), and carries
/// over the PDF that `sotay pdf` left in the current output folder, since a build replaces
/// that folder as a whole. Returns the bundle's warnings (images under 300 ppi, missing fonts).
pub fn write_bundle(site: &Site, root: &Path, out: &Path) -> Result<Diagnostics, Diagnostic> {
    write_bundle_from(site, root, out, rewrite_units(site)?)
}

/// [`write_bundle`] from units already rewritten ([`rewrite_units`]).
pub fn write_bundle_from(
    site: &Site,
    root: &Path,
    out: &Path,
    rewritten: Rewritten,
) -> Result<Diagnostics, Diagnostic> {
    let bundle = bundle_from(site, root, 0, rewritten)?;
    let dir = out.join(PRINT_DIR);
    write_files(&bundle, &dir)?;
    let previous = pdf_path(&root.join(&site.config.output_dir), site);
    let target = pdf_path(out, site);
    if previous.is_file() && previous != target {
        let io = |e: std::io::Error| {
            Diagnostic::error(
                &previous,
                0,
                0,
                format!("không chép được bản PDF sang thư mục mới: {e}"),
            )
            .with_help("kiểm tra quyền ghi, hoặc chạy lại sotay pdf")
        };
        if std::fs::hard_link(&previous, &target).is_err() {
            std::fs::copy(&previous, &target).map_err(io)?;
        }
    }
    Ok(bundle.warnings)
}

/// Writes the bundle's HTML and files into `dir`.
pub fn write_files(bundle: &Bundle, dir: &Path) -> Result<(), Diagnostic> {
    let io = |path: &Path, e: std::io::Error| {
        Diagnostic::error(path, 0, 0, format!("không ghi được tệp của bản in: {e}"))
            .with_help("kiểm tra quyền ghi và dung lượng đĩa")
    };
    bundle.files.write(dir).map_err(|(p, e)| io(&p, e))?;
    let index = dir.join(INDEX);
    let write = || -> std::io::Result<()> {
        // A large buffer: the bodies (10 KB each) and the template's pieces between them go
        // out a megabyte at a time.
        let mut file = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&index)?);
        bundle.write_index(&mut file)?;
        std::io::Write::flush(&mut file)
    };
    write().map_err(|e| io(&index, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_bodies_go_where_their_marks_are() {
        let mut bodies = Bodies::new().unwrap();
        bodies.push("zero").unwrap();
        bodies.push("một").unwrap();
        bodies.flush().unwrap();
        let bundle = Bundle {
            shell: format!("<a>{BODY_MARK}1{BODY_MARK}<b>{BODY_MARK}0{BODY_MARK}</b>{BODY_MARK}"),
            bodies,
            files: Files::default(),
            geometry: Geometry::new(148.0, 210.0, 3.0, false),
            families: Vec::new(),
            outline: Vec::new(),
            warnings: Diagnostics::default(),
        };
        // A stray mark without a number is dropped with what follows it up to the next mark.
        let mut out = Vec::new();
        bundle.write_index(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<a>một<b>zero</b>");
    }
}
