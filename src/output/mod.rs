//! Stages 4 and 5 of the pipeline: turns the assembled site into files — web pages through the
//! templates, static assets, the search index, sitemap, redirects — written into a staging
//! folder that replaces the output folder only when everything succeeded.

pub mod assets;
pub mod dir;
pub mod minify;
pub mod search;
pub mod sitemap;
pub mod templates;
pub mod theme;

pub use theme::theme_dir;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Handbook;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::nav::{NavItem, nav_for, nav_group, nav_open};
use crate::site::{PageLink, Site, SitePage};
use assets::AssetUrls;
use templates::Templates;

/// Choices that change what is written.
#[derive(Debug, Clone, Default)]
pub struct WriteOptions {
    /// A script to insert before `</body>` of every page (only `sotay serve` sets it).
    pub live_reload: Option<String>,
    /// Keep the theme's stylesheets as written instead of minified (the live preview, where
    /// authors read them in the browser's tools).
    pub skip_minify: bool,
    /// Keep the pages' plain text (`SitePage::sections`) after the search index is made.
    /// `sotay serve` keeps it for its next rebuild; a build frees it (90 MB at 10,000 pages)
    /// before the print bundle and the pages are made.
    pub keep_search_text: bool,
}

#[derive(Serialize)]
struct SiteMeta<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    handbook: &'a Handbook,
    version: &'a str,
    pdf_url: Option<String>,
}

#[derive(Serialize)]
struct PartCard<'a> {
    link: PageLink,
    description: &'a str,
    children: Vec<PageLink>,
}

/// A child of a section page with its description, so a part's page can say what each
/// chapter holds (the theme's section.html).
#[derive(Serialize)]
struct ChildCard<'a> {
    link: PageLink,
    description: &'a str,
}

/// What a page's template gets besides `site` and `assets` ([`SharedValues`]).
#[derive(Serialize)]
struct PageContext<'a> {
    page: &'a SitePage,
    nav: Vec<NavItem>,
    /// The navigation already rendered by the theme's `nav.html`, current link marked.
    nav_html: String,
    /// Whether `nav_html` is there. (Tera escapes a string to test it in `{% if %}`: testing
    /// `nav_html` itself cost 4 % of the build.)
    nav_cached: bool,
    /// Whether the body has highlighted code (`hl-` classes) or formulas (`math` classes), so
    /// the page links their stylesheets ([`has_class`]: the same test in the template
    /// scanned each body twice, slowly).
    has_code: bool,
    has_math: bool,
    search_manifest: &'a str,
    parts: Vec<PartCard<'a>>,
    child_cards: Vec<ChildCard<'a>>,
}

/// The template values every page shares, made once: a Tera value's maps and long strings
/// are reference-counted, so each page's context takes them without copying. (Serialising
/// the asset URLs and the site's details again for each page was 29 % of making its context.)
struct SharedValues {
    site: tera::Value,
    assets: tera::Value,
}

impl SharedValues {
    fn new(meta: &SiteMeta<'_>, assets: &AssetUrls) -> Self {
        SharedValues {
            site: tera::Value::from_serializable(meta),
            assets: tera::Value::from_serializable(assets),
        }
    }
}

/// Everything shared by the pages of one write.
pub struct Renderer<'a> {
    site: &'a Site,
    templates: Templates,
    /// Hashed URLs of theme assets ([`Renderer::set_assets`]).
    assets: AssetUrls,
    shared: SharedValues,
    /// URL of the search manifest.
    pub search_manifest: String,
    options: WriteOptions,
    /// `nav.html` rendered once per navigation group (document index → HTML), when the theme
    /// has that template.
    nav_cache: std::collections::HashMap<usize, String>,
}

/// Public path of the PDF, when a previous `sotay pdf` produced one.
pub fn pdf_file_name(site: &Site) -> String {
    format!("{}.pdf", crate::text::fold::slugify(&site.config.title))
}

impl<'a> Renderer<'a> {
    /// Loads templates and prepares the shared context.
    pub fn new(site: &'a Site, root: &Path, options: WriteOptions) -> Result<Self, Diagnostic> {
        let theme_dir = theme_dir(root, &site.config.theme);
        let templates = Templates::load(root, &theme_dir, &root.join("templates"))?;
        let out = root.join(&site.config.output_dir);
        let pdf = pdf_file_name(site);
        let pdf_url = out
            .join("print")
            .join(&pdf)
            .is_file()
            .then(|| format!("/print/{pdf}"));
        let c = &site.config;
        let meta = SiteMeta {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            language: &c.language,
            handbook: &c.handbook,
            version: env!("CARGO_PKG_VERSION"),
            pdf_url,
        };
        let assets = AssetUrls::new();
        Ok(Renderer {
            site,
            templates,
            shared: SharedValues::new(&meta, &assets),
            assets,
            search_manifest: String::new(),
            options,
            nav_cache: std::collections::HashMap::new(),
        })
    }

    /// The hashed URLs of the theme's assets, as the pages link them.
    pub fn assets(&self) -> &AssetUrls {
        &self.assets
    }

    /// Sets the hashed URLs of the theme's assets for the pages to link.
    pub fn set_assets(&mut self, assets: AssetUrls) {
        self.shared.assets = tera::Value::from_serializable(&assets);
        self.assets = assets;
    }

    /// Renders the theme's `nav.html` once for each navigation group, in parallel. Pages of one
    /// chapter share their navigation except for the current link, which [`mark_current`] marks.
    pub fn render_nav_groups(&mut self) -> Result<(), Diagnostic> {
        if !self.templates.has("nav.html") {
            return Ok(());
        }
        let mut groups: Vec<usize> = (0..self.site.pages.len())
            .map(|i| nav_group(self.site, i))
            .collect();
        groups.sort_unstable();
        groups.dedup();
        let rendered: Result<Vec<(usize, String)>, Diagnostic> = groups
            .par_iter()
            .map(|&g| {
                let mut context = tera::Context::new();
                context.insert("nav", &nav_open(self.site, g));
                Ok((g, self.templates.render("nav.html", &context)?))
            })
            .collect();
        self.nav_cache = rendered?.into_iter().collect();
        Ok(())
    }

    fn nav_html(&self, i: usize) -> Option<String> {
        let html = self.nav_cache.get(&nav_group(self.site, i))?;
        Some(mark_current(html, &self.site.pages[i].url))
    }

    /// Renders the page of document `i` to finished HTML bytes.
    pub fn page_html(&self, i: usize) -> Result<Vec<u8>, Diagnostic> {
        let page = &self.site.pages[i];
        let template = if i == 0 {
            "index.html"
        } else if page.kind == "section" {
            "section.html"
        } else {
            "page.html"
        };
        let parts = if i == 0 {
            self.part_cards()
        } else {
            Vec::new()
        };
        let nav_html = self.nav_html(i);
        let ctx = PageContext {
            page,
            nav: if nav_html.is_some() {
                Vec::new()
            } else {
                nav_for(self.site, i, false)
            },
            nav_cached: nav_html.is_some(),
            nav_html: nav_html.unwrap_or_default(),
            has_code: has_class(&page.content, "hl-"),
            has_math: has_class(&page.content, "math"),
            search_manifest: &self.search_manifest,
            parts,
            child_cards: self.child_cards(i),
        };
        self.render(template, &ctx)
    }

    fn render(&self, template: &str, ctx: &PageContext<'_>) -> Result<Vec<u8>, Diagnostic> {
        let mut context = tera::Context::from_serialize(ctx)
            .map_err(|e| Diagnostic::error(template, 0, 0, format!("lỗi dữ liệu mẫu: {e}")))?;
        context.insert_value("site", self.shared.site.clone());
        context.insert_value("assets", self.shared.assets.clone());
        let mut html = Vec::with_capacity(ctx.page.content.len() + ctx.nav_html.len() + 8192);
        self.templates.render_to(template, &context, &mut html)?;
        if let Some(script) = &self.options.live_reload {
            match html.windows(7).rposition(|w| w == b"</body>") {
                Some(at) => {
                    html.splice(at..at, script.bytes());
                }
                None => html.extend_from_slice(script.as_bytes()),
            }
        }
        // Pages are not run through minify-html: it took half of a 10,000-page build to save
        // 8 % of the bytes, 3.6 % once gzipped; on the navigation alone, 1.2 % of the
        // instructions. The Markdown's HTML is compact already, and the theme trims its own
        // whitespace with `{%-` and leaves out the navigation's attribute quotes itself.
        Ok(html)
    }

    fn part_cards(&self) -> Vec<PartCard<'_>> {
        let docs = &self.site.content.docs;
        docs[0]
            .children
            .iter()
            .map(|&c| PartCard {
                link: self.site.link(c),
                description: &docs[c].front.description,
                children: docs[c]
                    .children
                    .iter()
                    .map(|&g| self.site.link(g))
                    .collect(),
            })
            .collect()
    }

    fn child_cards(&self, i: usize) -> Vec<ChildCard<'_>> {
        let docs = &self.site.content.docs;
        docs[i]
            .children
            .iter()
            .map(|&c| ChildCard {
                link: self.site.link(c),
                description: &docs[c].front.description,
            })
            .collect()
    }

    /// The 404 page.
    pub fn not_found_html(&self) -> Result<Vec<u8>, Diagnostic> {
        let mut page = self.site.pages[0].clone();
        page.title = "Không tìm thấy trang".into();
        page.full_title = page.title.clone();
        page.url = "/404.html".into();
        page.content = String::new();
        page.toc.clear();
        page.prev = None;
        page.next = None;
        let ctx = PageContext {
            page: &page,
            nav: nav_for(self.site, 0, false),
            nav_html: String::new(),
            nav_cached: false,
            has_code: false,
            has_math: false,
            search_manifest: &self.search_manifest,
            parts: Vec::new(),
            child_cards: Vec::new(),
        };
        self.render("404.html", &ctx)
    }
}

/// Whether `html` holds `class_prefix` anywhere, as the template test `is containing` did
/// (a class name, or by chance the text).
fn has_class(html: &str, class_prefix: &str) -> bool {
    memchr::memmem::find(html.as_bytes(), class_prefix.as_bytes()).is_some()
}

/// Marks the link to `url` in a navigation rendered without a current page: adds
/// `aria-current="page"` to the first `href` that points at it (the theme styles
/// `[aria-current="page"]`). Works on minified HTML, where the quotes may be gone.
pub fn mark_current(nav: &str, url: &str) -> String {
    for needle in [
        format!("href=\"{url}\""),
        format!("href={url}>"),
        format!("href={url} "),
    ] {
        if let Some(at) = memchr::memmem::find(nav.as_bytes(), needle.as_bytes()) {
            let end = at + needle.len() - usize::from(!needle.ends_with('"'));
            let mut out = String::with_capacity(nav.len() + 20);
            out.push_str(&nav[..end]);
            out.push_str(" aria-current=page");
            out.push_str(&nav[end..]);
            return out;
        }
    }
    nav.to_owned()
}

/// Output path of a page URL: `/a/b/` → `a/b/index.html`.
pub fn page_path(out: &Path, url: &str) -> PathBuf {
    let mut p = out.to_path_buf();
    for seg in url.split('/').filter(|s| !s.is_empty()) {
        p.push(seg);
    }
    p.join("index.html")
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, 0, 0, format!("không ghi được tệp: {e}"))
        .with_help("kiểm tra quyền ghi và dung lượng đĩa")
}

/// What a write shares with later renders of single pages (`sotay serve` re-renders the pages
/// an edit touches with the same asset URLs instead of writing everything again).
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    /// Hashed URLs of the theme's assets, as the pages were rendered with.
    pub assets: AssetUrls,
    /// URL of the search manifest, as the pages were rendered with.
    pub search_manifest: String,
    /// Warnings about the printed book (images under 300 ppi, missing fonts).
    pub warnings: Diagnostics,
}

/// Writes the whole site into `out` (a staging folder).
pub fn write_all(
    site: &mut Site,
    root: &Path,
    out: &Path,
    options: WriteOptions,
) -> Result<WriteSummary, Diagnostics> {
    // Search first, on both threads: then its text can go before the print bundle and the
    // pages are made, and the build's memory peaks lower.
    let timer = crate::build::StageTimer::new();
    let search_manifest = search::write(site, out, options.keep_search_text)
        .map_err(|e| io_error(&out.join("search"), e))?;
    timer.lap("search");
    let site = &*site;
    let mut renderer = Renderer::new(site, root, options)?;
    renderer.search_manifest = search_manifest;
    let theme_static = theme_dir(root, &site.config.theme).join("static");
    let generated = [("highlight.css", crate::markdown::highlight::stylesheet())];
    renderer.set_assets(
        assets::write_theme_assets(
            &theme_static,
            &generated,
            out,
            !renderer.options.skip_minify,
        )
        .map_err(|e| io_error(&theme_static, e))?,
    );
    renderer.render_nav_groups()?;

    // The print bundle: its pages are rewritten on both threads, then the rest of it, mostly
    // one thread's work (template, file), is made beside the pages.
    let timer = crate::build::StageTimer::new();
    let rewritten = crate::print::rewrite_units(site);
    timer.lap("print"); // pages rewritten for the book, both threads
    let (print, pages) = rayon::join(
        || {
            let timer = crate::build::StageTimer::new();
            let written =
                rewritten.and_then(|r| crate::print::write_bundle_from(site, root, out, r));
            timer.lap("bundle"); // the rest of the print bundle, beside the pages
            written
        },
        || write_pages(&renderer, site, out),
    );
    pages?;
    let print_warnings = print?;
    let timer = crate::build::StageTimer::new();
    let not_found = renderer.not_found_html()?;
    assets::write_file(&out.join("404.html"), &not_found)
        .map_err(|e| io_error(&out.join("404.html"), e))?;
    write_extras(site, root, out)?;
    timer.lap("extras");
    Ok(WriteSummary {
        assets: renderer.assets().clone(),
        search_manifest: renderer.search_manifest.clone(),
        warnings: print_warnings,
    })
}

/// Writes every page.
fn write_pages(renderer: &Renderer<'_>, site: &Site, out: &Path) -> Result<(), Diagnostics> {
    let timer = crate::build::StageTimer::new();
    let mut diags = Diagnostics::default();
    diags.extend(
        site.order
            .par_iter()
            .map(|&i| {
                let html = renderer.page_html(i)?;
                let path = page_path(out, &site.pages[i].url);
                assets::write_file(&path, &html).map_err(|e| io_error(&path, e))
            })
            .filter_map(Result::err)
            .collect::<Vec<_>>(),
    );
    timer.lap("pages");
    if diags.has_errors() {
        // One broken template fails every page the same way: report it once.
        diags.sort();
        return Err(diags);
    }
    Ok(())
}

fn write_extras(site: &Site, root: &Path, out: &Path) -> Result<(), Diagnostic> {
    let write = |rel: &str, text: &str| {
        let path = out.join(rel);
        assets::write_file(&path, text.as_bytes()).map_err(|e| io_error(&path, e))
    };
    write("sitemap.xml", &sitemap::sitemap(site))?;
    write("robots.txt", &sitemap::robots(site))?;
    for page in &site.pages {
        let doc = &site.content.docs[page.doc];
        for alias in &page.aliases {
            match sitemap::alias_path(alias) {
                Some(rel) if !out.join(&rel).exists() => {
                    write(&rel, &sitemap::redirect_page(&page.url, &page.title))?
                }
                _ => {
                    return Err(Diagnostic::error(&doc.source, 0, 0, format!("địa chỉ cũ (alias) không dùng được: {alias}"))
                        .with_help("alias phải là một đường dẫn trong trang, ví dụ \"/cu/ten-trang/\", không trùng với trang đang có"));
                }
            }
        }
    }
    for asset in site.content.assets.values() {
        let to = out.join(asset.url.trim_start_matches('/'));
        assets::copy_file(&asset.path, &to).map_err(|e| io_error(&asset.path, e))?;
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        assets::copy_site_static(&site_static, out).map_err(|e| io_error(&site_static, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::mark_current;

    #[test]
    fn marks_only_the_current_link_quoted_or_not() {
        let nav = r#"<a href="/a/">A</a><a href="/a/b/">B</a>"#;
        assert_eq!(
            mark_current(nav, "/a/b/"),
            r#"<a href="/a/">A</a><a href="/a/b/" aria-current=page>B</a>"#
        );
        let minified = "<a href=/a/>A</a><a class=x href=/a/b/ title=t>B</a>";
        assert_eq!(
            mark_current(minified, "/a/b/"),
            "<a href=/a/>A</a><a class=x href=/a/b/ aria-current=page title=t>B</a>"
        );
        assert_eq!(
            mark_current("<a href=/a/b/>B</a>", "/a/b/"),
            "<a href=/a/b/ aria-current=page>B</a>"
        );
        assert_eq!(mark_current(nav, "/c/"), nav, "a page missing from the nav");
    }
}
