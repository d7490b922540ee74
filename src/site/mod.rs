//! Stage 3 of the pipeline: assembles rendered documents into a site — reading order,
//! navigation, breadcrumbs, prev/next, numbering of parts, chapters, figures and tables, and
//! the check of every internal link and anchor.

pub mod git;
pub mod nav;
pub mod numbering;

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{Content, Kind};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Heading, Rendered, TextSection, placeholder};

/// A link to a page, as templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// "Chương 4" or empty.
    pub label: String,
    /// Title without the label.
    pub title: String,
    /// URL.
    pub url: String,
}

/// One page of the assembled site, ready for templates.
#[derive(Debug, Clone, Serialize)]
pub struct SitePage {
    /// Index of the document in [`Content::docs`].
    pub doc: usize,
    /// "section" or "page".
    pub kind: &'static str,
    /// "Phần II" / "Chương 4" or empty.
    pub label: String,
    /// Title from front matter.
    pub title: String,
    /// Label and title together, as a heading shows it.
    pub full_title: String,
    /// Front matter description.
    pub description: String,
    /// URL.
    pub url: String,
    /// Final HTML of the body.
    pub content: String,
    /// h2 and h3 headings, for the page's table of contents.
    pub toc: Vec<Heading>,
    /// Ancestors from the home page down, excluding this page.
    pub breadcrumbs: Vec<PageLink>,
    /// Previous page in reading order.
    pub prev: Option<PageLink>,
    /// Next page in reading order.
    pub next: Option<PageLink>,
    /// Children, for section pages that list them.
    pub children: Vec<PageLink>,
    /// Words in the body.
    pub word_count: usize,
    /// Minutes to read, at 200 words a minute, at least 1.
    pub reading_minutes: usize,
    /// Date of the last change (`YYYY-MM-DD`), from front matter or git.
    pub updated: Option<String>,
    /// Old URLs that redirect here.
    #[serde(skip)]
    pub aliases: Vec<String>,
    /// Plain text by section, for the search index.
    #[serde(skip)]
    pub sections: Vec<TextSection>,
    /// Depth below the home page.
    pub depth: usize,
}

/// The whole assembled site.
#[derive(Debug, Clone)]
pub struct Site {
    /// Configuration.
    pub config: Config,
    /// What was loaded.
    pub content: Content,
    /// One entry per document, same index as `content.docs`.
    pub pages: Vec<SitePage>,
    /// Document indices in reading order (home first).
    pub order: Vec<usize>,
    /// Part, chapter, figure and table numbers.
    pub numbers: numbering::Numbers,
    /// Absolute paths of the content files (images) that pages use.
    pub used_assets: HashSet<std::path::PathBuf>,
}

impl Site {
    /// Pages in reading order.
    pub fn pages_in_order(&self) -> impl Iterator<Item = &SitePage> {
        self.order.iter().map(|&i| &self.pages[i])
    }

    /// Link to the page of document `i`.
    pub fn link(&self, i: usize) -> PageLink {
        PageLink {
            label: self.pages[i].label.clone(),
            title: self.pages[i].title.clone(),
            url: self.pages[i].url.clone(),
        }
    }
}

/// Assembles the site; errors for links to missing pages or anchors.
pub fn assemble(
    config: Config,
    content: Content,
    mut rendered: Vec<Rendered>,
    dates: &HashMap<std::path::PathBuf, String>,
) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let order = content.reading_order();
    let numbers = numbering::number(&content, &order, &rendered);
    check_anchors(&content, &rendered, &mut diags);
    // Figure and table numbers go into the pages in parallel: at 10,000 pages this was half
    // of the assembly, which otherwise runs on one thread.
    let contents: Vec<String> = rendered
        .par_iter_mut()
        .map(|r| {
            // Taken, so that each page's unfilled HTML is freed as soon as it is filled.
            let html = std::mem::take(&mut r.html);
            if has_placeholders(&html) {
                fill_placeholders(&html, &numbers.figures)
            } else {
                html
            }
        })
        .collect();

    // On both threads too: at 10,000 pages, building the pages and freeing what the Markdown
    // stage left over took tens of milliseconds on one.
    let built: Vec<(SitePage, Vec<Diagnostic>, Vec<std::path::PathBuf>)> = content
        .docs
        .par_iter()
        .zip(rendered)
        .zip(contents)
        .enumerate()
        .map(|(i, ((doc, r), content_html))| {
            let label = numbers.labels[i].clone().unwrap_or_default();
            let title = if i == 0 && doc.front.title.is_empty() {
                config.title.clone()
            } else {
                doc.front.title.clone()
            };
            let full_title = if label.is_empty() {
                title.clone()
            } else {
                format!("{label}. {title}")
            };
            let updated = doc
                .front
                .updated
                .clone()
                .or_else(|| dates.get(&doc.source).cloned());
            let page = SitePage {
                doc: i,
                kind: if doc.kind == Kind::Section {
                    "section"
                } else {
                    "page"
                },
                label,
                title,
                full_title,
                description: doc.front.description.clone(),
                url: doc.url.clone(),
                content: content_html,
                toc: r
                    .headings
                    .into_iter()
                    .filter(|h| h.level == 2 || h.level == 3)
                    .collect(),
                breadcrumbs: Vec::new(),
                prev: None,
                next: None,
                children: Vec::new(),
                word_count: r.word_count,
                reading_minutes: r.word_count.div_ceil(200).max(1),
                updated,
                aliases: doc.front.aliases.clone(),
                sections: r.sections,
                depth: doc.depth,
            };
            (page, r.diagnostics, r.assets)
        })
        .collect();
    let mut used_assets = HashSet::new();
    let mut pages: Vec<SitePage> = Vec::with_capacity(built.len());
    for (page, page_diags, assets) in built {
        diags.extend(page_diags);
        used_assets.extend(assets);
        pages.push(page);
    }
    let mut site = Site {
        config,
        content,
        pages,
        order,
        numbers,
        used_assets,
    };
    link_pages(&mut site);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((site, diags))
    }
}

fn link_pages(site: &mut Site) {
    for pos in 0..site.order.len() {
        link_page(site, site.order[pos], Some(pos));
    }
}

/// Sets the breadcrumbs, previous and next pages and children of the page of document `i`,
/// which stands at `pos` in the reading order (`None`: not in it).
pub fn link_page(site: &mut Site, i: usize, pos: Option<usize>) {
    let mut crumbs = Vec::new();
    let mut cur = site.content.docs[i].parent;
    while let Some(p) = cur {
        crumbs.push(site.link(p));
        cur = site.content.docs[p].parent;
    }
    crumbs.reverse();
    let (prev, next) = match pos {
        Some(p) => (
            p.checked_sub(1)
                .and_then(|q| site.order.get(q))
                .map(|&q| site.link(q)),
            site.order.get(p + 1).map(|&q| site.link(q)),
        ),
        None => (None, None),
    };
    let children = site.content.docs[i]
        .children
        .iter()
        .map(|&c| site.link(c))
        .collect();
    let page = &mut site.pages[i];
    page.breadcrumbs = crumbs;
    page.prev = prev;
    page.next = next;
    page.children = children;
}

/// Every link to a page of the site must reach a page, and every anchor an id on it. On both
/// threads, with the ids borrowed: at 10,000 pages, copying 200,000 ids into a table and
/// checking every link on one thread took tens of milliseconds.
fn check_anchors(content: &Content, rendered: &[Rendered], diags: &mut Diagnostics) {
    type Fx = crate::search::codec::FxBuild;
    let ids: HashMap<&str, HashSet<&str, Fx>, Fx> = content
        .docs
        .par_iter()
        .zip(rendered)
        .map(|(doc, r)| (doc.url.as_str(), r.ids.iter().map(String::as_str).collect()))
        .collect();
    let asset_urls: HashSet<String> = content.assets.values().map(|a| a.url.clone()).collect();
    let problems: Vec<Diagnostic> = content
        .docs
        .par_iter()
        .zip(rendered)
        .flat_map_iter(|(doc, r)| {
            r.anchor_checks
                .iter()
                .filter_map(|check| link_problem(content, &doc.source, check, &ids, &asset_urls))
        })
        .collect();
    diags.extend(problems);
}

/// Why the link `check`, written in `source`, is broken: its page is not part of the site, or
/// the page has no element with its anchor. `ids` holds the ids of each page, by URL.
pub fn link_problem<Url, Id, S, T>(
    content: &Content,
    source: &std::path::Path,
    check: &crate::markdown::AnchorCheck,
    ids: &HashMap<Url, HashSet<Id, T>, S>,
    asset_urls: &HashSet<String>,
) -> Option<Diagnostic>
where
    Url: std::borrow::Borrow<str> + std::hash::Hash + Eq,
    Id: std::borrow::Borrow<str> + std::hash::Hash + Eq,
    S: std::hash::BuildHasher,
    T: std::hash::BuildHasher,
{
    let Some(page_ids) = ids.get(check.url.as_str()) else {
        return (!asset_urls.contains(&check.url)).then(|| {
            Diagnostic::error(
                source,
                check.line,
                check.col,
                format!(
                    "liên kết tới địa chỉ không có trong trang web: {}",
                    check.url
                ),
            )
            .with_help("liên kết tới tệp .md bằng đường dẫn tương đối, ví dụ ../chuong-5/_index.md")
        });
    };
    if check.anchor.is_empty() || page_ids.contains(check.anchor.as_str()) {
        return None;
    }
    let target = content
        .docs
        .iter()
        .find(|d| d.url == check.url)
        .map(|d| d.source.display().to_string())
        .unwrap_or_default();
    Some(
        Diagnostic::error(
            source,
            check.line,
            check.col,
            format!("không có mục #{} trong {}", check.anchor, target),
        )
        .with_help(format!(
            "kiểm tra mã mục sau dấu #; đặt mã cho tiêu đề bằng {{#{}}} ở cuối dòng tiêu đề trong {}",
            check.anchor, target
        )),
    )
}

/// Whether `html` holds a number placeholder. Searching for one char at a time uses memchr;
/// a slice of chars (`contains([a, b])`) decodes every char of the page.
pub fn has_placeholders(html: &str) -> bool {
    html.contains(placeholder::NUMBER) || html.contains(placeholder::LABEL)
}

/// Byte offset of the next number or label placeholder in `html`. Looks for the first byte of
/// their UTF-8 form (both are private-use characters U+E0xx), then checks the rest: a search
/// for a slice of chars would decode every character of the page.
fn next_placeholder(html: &str) -> Option<usize> {
    let mut number = [0; 4];
    let mut label = [0; 4];
    let number = placeholder::NUMBER.encode_utf8(&mut number).as_bytes();
    let label = placeholder::LABEL.encode_utf8(&mut label).as_bytes();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(p) = bytes[from..].iter().position(|&b| b == number[0]) {
        let at = from + p;
        let here = &bytes[at..];
        if here.starts_with(number) || here.starts_with(label) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Replaces number placeholders left by the renderer with "4.1" or "Hình 4.1".
pub fn fill_placeholders(
    html: &str,
    figures: &HashMap<String, (crate::markdown::NumberedKind, String)>,
) -> String {
    if !has_placeholders(html) {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = next_placeholder(rest) {
        out.push_str(&rest[..start]);
        let kind_char = rest[start..].chars().next().unwrap_or(placeholder::NUMBER);
        let after = &rest[start + kind_char.len_utf8()..];
        let Some(end) = after.find(placeholder::END) else {
            rest = after;
            continue;
        };
        let key = &after[..end];
        match (figures.get(key), kind_char == placeholder::LABEL) {
            (Some((_, n)), false) => out.push_str(n),
            (Some((kind, n)), true) => {
                out.push_str(kind.word());
                out.push('\u{a0}');
                out.push_str(n);
            }
            (None, _) => out.push_str(key.rsplit('#').next().unwrap_or(key)),
        }
        rest = &after[end + placeholder::END.len_utf8()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_between_vietnamese_text() {
        // next_placeholder looks for the first byte shared by both placeholders.
        let (mut a, mut b) = ([0; 4], [0; 4]);
        assert_eq!(
            placeholder::NUMBER.encode_utf8(&mut a).as_bytes()[0],
            placeholder::LABEL.encode_utf8(&mut b).as_bytes()[0]
        );
        let html = format!(
            "Xem {}h{}, ở {}bang{} và \u{E003}.",
            placeholder::LABEL,
            placeholder::END,
            placeholder::NUMBER,
            placeholder::END
        );
        let mut figures = HashMap::new();
        figures.insert(
            "h".to_owned(),
            (crate::markdown::NumberedKind::Figure, "4.1".to_owned()),
        );
        figures.insert(
            "bang".to_owned(),
            (crate::markdown::NumberedKind::Table, "4.2".to_owned()),
        );
        assert_eq!(
            fill_placeholders(&html, &figures),
            "Xem Hình\u{a0}4.1, ở 4.2 và \u{E003}."
        );
    }
}
