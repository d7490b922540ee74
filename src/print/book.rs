//! The book's structure: which pages become parts, chapters and sections, their running heads,
//! the table of contents, the lists of figures and tables, and the context the theme's
//! `print/book.html` template turns into the bundle.
//!
//! Everything comes from the assembled [`Site`]: reading order, labels ("Phần II",
//! "Chương 4") and the final page bodies with their figure and table numbers, so the book and
//! the website never disagree.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::rewrite::{Caption, Endnote, Heading, LinkMap, Page};
use crate::config::Handbook;
use crate::markdown::highlight::html_escape;
use crate::site::Site;

/// Id of the table of contents in the bundle (also where links to the home page go).
pub const TOC_ID: &str = "muc-luc";

/// One part, chapter or section of the book.
#[derive(Debug, Serialize)]
pub struct Unit {
    /// `part`, `chapter` or `section`.
    pub kind: &'static str,
    /// Id of the unit; its ids inside are prefixed with it.
    pub key: String,
    /// "Phần II", "Chương 4", or empty.
    pub label: String,
    /// Title without the label.
    pub title: String,
    /// Heading level of the title (1 for parts and chapters).
    pub level: u8,
    /// Short title for the running head.
    pub running: String,
    /// Rewritten body HTML.
    pub html: String,
    /// Footnotes, listed after the body when the engine cannot put them at the foot of the page.
    pub endnotes: Vec<Endnote>,
    /// Index of the document in the site.
    #[serde(skip)]
    pub doc: usize,
    /// URLs of the images the unit shows.
    #[serde(skip)]
    pub images: Vec<String>,
    /// Headings of the body.
    #[serde(skip)]
    pub headings: Vec<Heading>,
    /// Figures and tables of the body.
    #[serde(skip)]
    pub captions: Vec<Caption>,
}

/// One line of the table of contents.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    /// 1 part, 2 chapter, 3 section page or heading of a chapter, 4 heading of a section page.
    pub level: u8,
    /// "Chương 4" or empty.
    pub label: String,
    /// Title (escaped HTML).
    pub title: String,
    /// `#id` of the heading.
    pub href: String,
}

/// The cover's colours.
#[derive(Debug, Serialize)]
pub struct Cover {
    /// Background, to the bleed edge.
    pub color: String,
    /// Text colour that reads on it.
    pub ink: String,
}

/// Everything `print/book.html` gets.
#[derive(Debug, Serialize)]
pub struct BookContext<'a> {
    /// `vi`.
    pub lang: &'a str,
    /// Title of the handbook.
    pub title: &'a str,
    /// One-sentence description.
    pub description: &'a str,
    /// Agency, province, year, edition.
    pub handbook: &'a Handbook,
    /// Cover colours.
    pub cover: Cover,
    /// Date of the most recent change of any page, `DD/MM/YYYY`, or empty.
    pub updated: String,
    /// The same date as `YYYY-MM-DD` (PDF creation date), or empty.
    pub updated_iso: String,
    /// Address of the website, when it is an absolute URL.
    pub site_url: String,
    /// "sotay 0.1.0".
    pub generator: String,
    /// Stylesheets to link, in order.
    pub stylesheets: Vec<String>,
    /// The table of contents.
    pub toc: Vec<TocEntry>,
    /// Numbered figures.
    pub figures: Vec<Caption>,
    /// Numbered tables.
    pub tables: Vec<Caption>,
    /// The parts, chapters and sections in reading order.
    pub units: Vec<Unit>,
    /// Blank pages to add before the back cover (to reach a multiple of four pages).
    pub padding: usize,
    /// Id of the table of contents.
    pub toc_id: &'a str,
}

/// The key of a page URL: `/phan-2/chuong-4/` → `phan-2-chuong-4`.
pub fn key_of(url: &str) -> String {
    let key: String = url
        .trim_matches('/')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if key.is_empty() {
        "trang-chu".into()
    } else {
        key
    }
}

/// Shortens a running head to about `max` characters at a word boundary.
pub fn running_head(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = out
        .trim_end_matches([',', ';', ':', '.', '–', '-'])
        .to_owned();
    format!("{out}…")
}

fn rgb(color: &str) -> Option<[u8; 3]> {
    let hex = color.trim().trim_start_matches('#');
    let full = match hex.len() {
        3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => hex.to_owned(),
        _ => return None,
    };
    let c = |i: usize| u8::from_str_radix(&full[i..i + 2], 16).ok();
    Some([c(0)?, c(2)?, c(4)?])
}

/// `#rrggbb` of `a` mixed with `b` in proportion `t` (0 = `a`).
pub fn mix(a: &str, b: &str, t: f64) -> Option<String> {
    let (a, b) = (rgb(a)?, rgb(b)?);
    let m = |i: usize| (f64::from(a[i]) * (1.0 - t) + f64::from(b[i]) * t).round() as u8;
    Some(format!("#{:02x}{:02x}{:02x}", m(0), m(1), m(2)))
}

/// Relative luminance check: dark backgrounds get white text.
pub fn ink_for(color: &str) -> &'static str {
    let hex = color.trim().trim_start_matches('#');
    let channel = |i: usize| {
        if hex.len() == 3 {
            u8::from_str_radix(&hex[i..i + 1].repeat(2), 16).ok()
        } else {
            hex.get(i * 2..i * 2 + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        }
    };
    match (channel(0), channel(1), channel(2)) {
        (Some(r), Some(g), Some(b)) => {
            let y = 0.2126 * f64::from(r) + 0.7152 * f64::from(g) + 0.0722 * f64::from(b);
            if y > 150.0 { "#111111" } else { "#ffffff" }
        }
        _ => "#ffffff",
    }
}

/// The map of link targets: every page in the bundle, every image beside the content.
pub fn link_map(site: &Site) -> LinkMap {
    let mut links = LinkMap {
        base_url: if site.config.base_url.starts_with("http") {
            site.config.base_url_trimmed().to_owned()
        } else {
            String::new()
        },
        fallback: TOC_ID.to_owned(),
        ..LinkMap::default()
    };
    for (i, page) in site.pages.iter().enumerate() {
        let key = if i == 0 {
            TOC_ID.to_owned()
        } else {
            key_of(&page.url)
        };
        links.pages.insert(page.url.clone(), key);
    }
    for asset in site.content.assets.values() {
        links
            .images
            .insert(asset.url.clone(), format!("img{}", asset.url));
    }
    links
}

/// A unit before its body is rewritten: document, kind, level, heading shift, key.
type Planned = (usize, &'static str, u8, u8, String);

/// Chapters rewritten at a time: `units` hands each batch's bodies over before the next, so the
/// rewritten book (as large as the site's HTML) is never in memory at once.
const CHAPTERS_PER_BATCH: usize = 32;

/// Builds the parts, chapters and sections of the book from the site's reading order. Units are
/// rewritten a batch of chapters at a time; `take_bodies` gets each batch in order, and may take
/// their `html` away (the bundle spools it to a file). It runs beside the rewriting of the next
/// batch, on a thread of its own, so that neither waits for the other.
pub fn units(
    site: &Site,
    links: &LinkMap,
    mut take_bodies: impl FnMut(&mut [Unit]) + Send,
) -> Vec<Unit> {
    // Keys first, in reading order: a key taken by an earlier page gets a suffix.
    let mut used_keys = HashSet::new();
    let planned: Vec<Planned> = site
        .order
        .iter()
        .filter(|&&i| i != 0)
        .map(|&i| {
            let (kind, level, shift) = match site.content.docs[i].depth {
                1 if site.pages[i].kind == "section" => ("part", 1, 0),
                0..=2 => ("chapter", 1, 0),
                d => ("section", (d - 1).min(6) as u8, (d - 2).min(4) as u8),
            };
            let mut key = key_of(&site.pages[i].url);
            while !used_keys.insert(key.clone()) {
                key.push_str("-b");
            }
            (i, kind, level, shift, key)
        })
        .collect();
    // Footnotes are numbered through a chapter and its section pages, so each chapter is
    // rewritten in order by one thread, and the chapters in parallel.
    let chapters: Vec<&[Planned]> = planned.chunk_by(|_, next| next.1 == "section").collect();
    let mut units = Vec::with_capacity(planned.len());
    let mut pending: Vec<Unit> = Vec::new();
    let mut hand_over = |batch: &mut Vec<Unit>| {
        if !batch.is_empty() {
            take_bodies(batch);
            units.append(batch);
        }
    };
    for batch in chapters.chunks(CHAPTERS_PER_BATCH) {
        let (rewritten, ()) = rayon::join(
            || rewrite_chapters(site, links, batch),
            || hand_over(&mut pending),
        );
        pending = rewritten;
    }
    hand_over(&mut pending);
    units
}

/// Rewrites a batch of chapters for the book, the chapters in parallel.
fn rewrite_chapters(site: &Site, links: &LinkMap, batch: &[&[Planned]]) -> Vec<Unit> {
    batch
        .par_iter()
        .flat_map_iter(|chapter| {
            let mut footnotes = 0;
            chapter.iter().map(move |(i, kind, level, shift, key)| {
                let page = &site.pages[*i];
                let rewritten = Page {
                    key,
                    shift: *shift,
                    links,
                }
                .rewrite(&page.content, &mut footnotes);
                Unit {
                    kind,
                    label: page.label.clone(),
                    title: page.title.clone(),
                    level: *level,
                    running: running_head(&page.full_title, 72),
                    html: rewritten.html,
                    endnotes: rewritten.endnotes,
                    doc: *i,
                    images: rewritten.images,
                    headings: rewritten.headings,
                    captions: rewritten.captions,
                    key: key.clone(),
                }
            })
        })
        .collect()
}

/// The table of contents and the lists of figures and tables. `depth` is how deep the table of
/// contents goes: 1 parts, 2 chapters, 3 section pages, 4 also the headings of chapters.
pub fn contents(units: &[Unit], depth: u8) -> (Vec<TocEntry>, Vec<Caption>, Vec<Caption>) {
    let mut toc = Vec::new();
    let (mut figures, mut tables) = (Vec::new(), Vec::new());
    for unit in units {
        let level = match unit.kind {
            "part" => 1,
            "chapter" => 2,
            _ => 3,
        };
        if level <= depth {
            toc.push(TocEntry {
                level,
                label: unit.label.clone(),
                title: html_escape(&unit.title),
                href: format!("#{}", unit.key),
            });
        }
        if depth >= 4 {
            for h in unit.headings.iter().filter(|h| h.level == 2) {
                toc.push(TocEntry {
                    level: (level + 1).min(4),
                    label: String::new(),
                    title: h.text.clone(),
                    href: format!("#{}", h.id),
                });
            }
        }
        for c in unit.captions.iter().cloned() {
            if c.kind == "table" {
                tables.push(c);
            } else {
                figures.push(c);
            }
        }
    }
    (toc, figures, tables)
}

/// `2026-11-28` → `28/11/2026`.
pub fn vietnamese_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d] => format!("{d}/{m}/{y}"),
        _ => iso.to_owned(),
    }
}

/// The most recent `updated` date of the site's pages, as `YYYY-MM-DD`.
pub fn latest_update(site: &Site) -> String {
    site.pages
        .iter()
        .filter_map(|p| p.updated.as_deref())
        .max()
        .unwrap_or_default()
        .to_owned()
}

/// Images by URL → the units that show them (for warnings naming the page).
pub fn image_users(units: &[Unit]) -> HashMap<&str, usize> {
    let mut users = HashMap::new();
    for u in units {
        for img in &u.images {
            users.entry(img.as_str()).or_insert(u.doc);
        }
    }
    users
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_running_heads_and_ink() {
        assert_eq!(key_of("/phan-2/chuong-4/"), "phan-2-chuong-4");
        assert_eq!(key_of("/"), "trang-chu");
        assert_eq!(
            running_head(
                "Chương 4. Quy trình đánh giá sản xuất sạch hơn: 6 bước, 18 nhiệm vụ",
                40
            ),
            "Chương 4. Quy trình đánh giá sản xuất…"
        );
        assert_eq!(ink_for("#0b5d3b"), "#ffffff");
        assert_eq!(ink_for("#f5e6a8"), "#111111");
        assert_eq!(vietnamese_date("2026-11-28"), "28/11/2026");
        assert_eq!(mix("#000000", "#ffffff", 0.5).as_deref(), Some("#808080"));
        assert_eq!(mix("#0b5d3b", "#fff", 0.0).as_deref(), Some("#0b5d3b"));
    }
}
