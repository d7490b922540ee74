//! The preview's model of the handbook, kept in memory between edits, and the rebuilds.
//!
//! A full build runs the whole pipeline into a fresh generation folder. An edit of a page's
//! body (the common case while writing) redoes only that document: it is read and rendered
//! again, the numbers of figures and tables are recounted (cheap: no rendering), the links
//! into and out of it re-checked, and only the pages whose HTML can have changed are rendered
//! through the templates and replaced — the page itself and the pages that quote the numbers
//! of its figures and tables. Anything that can move pages around (a new, deleted or renamed
//! file, a changed title, weight, slug or draft flag) or that every page shows (templates, the
//! theme, `sotay.toml`, the glossary) takes the full build.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::anchors::Anchors;
use super::folder::{ServeFolder, remove_ours, replace_file};
use super::live::Live;
use crate::build;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, Content, FrontMatter, front_matter, glossary};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{self, RenderContext, Rendered, placeholder};
use crate::output::{self, WriteOptions, WriteSummary};
use crate::site::{self, Site};

/// What a rebuild did, for the terminal.
#[derive(Debug)]
pub enum Change {
    /// Everything was built again.
    Full {
        /// Pages built.
        pages: usize,
    },
    /// Only stylesheets changed; the tabs swap them without reloading.
    Stylesheets,
    /// These pages were rendered again.
    Pages {
        /// Their URLs.
        urls: Vec<String>,
    },
    /// Nothing the browser shows changed.
    Nothing,
    /// The change could not be applied; the last good pages are still served.
    Kept,
}

/// The result of one rebuild.
#[derive(Debug)]
pub struct Outcome {
    /// What happened.
    pub change: Change,
    /// How long it took.
    pub elapsed: Duration,
    /// Every error the author still has to fix.
    pub errors: Vec<Diagnostic>,
    /// Warnings found in what was rebuilt.
    pub warnings: Vec<Diagnostic>,
}

/// Everything kept from the last published build.
struct Built {
    site: Site,
    rendered: Vec<Rendered>,
    render_diags: Vec<Vec<Diagnostic>>,
    anchors: Anchors,
    /// Absolute path of each Markdown file → its URL (what the renderer resolves links with).
    page_urls: HashMap<PathBuf, String>,
    /// `content/…` path → document index.
    by_source: HashMap<PathBuf, usize>,
    /// Placeholder key (`url#id`) → documents whose HTML shows that number.
    number_users: HashMap<String, HashSet<usize>>,
    summary: WriteSummary,
    out: PathBuf,
    dates: HashMap<PathBuf, String>,
    load_diags: Vec<Diagnostic>,
    theme_dir: PathBuf,
    /// Documents whose page is held at its last good version because their file has errors.
    held: HashSet<usize>,
    /// Pages changed in place since the print bundle was written.
    print_stale: bool,
}

impl Built {
    fn doc_has_errors(&self, i: usize) -> bool {
        self.render_diags[i].iter().any(Diagnostic::is_error)
            || self.anchors.diagnostics[i].iter().any(Diagnostic::is_error)
    }
}

/// How a batch of changed files is handled.
#[derive(Debug, Default)]
struct Plan {
    full: bool,
    /// All changed files are stylesheets: swap them instead of reloading.
    css_only: bool,
    docs: Vec<usize>,
    assets: Vec<PathBuf>,
}

/// The handbook being previewed.
pub struct Project {
    root: PathBuf,
    drafts: bool,
    folder: ServeFolder,
    live: Arc<Live>,
    built: Option<Built>,
    /// Problems that keep the whole last good site in place (configuration, templates,
    /// content that does not load).
    blocking: Vec<Diagnostic>,
    /// Files whose latest version does not load (their last good version is kept).
    file_errors: BTreeMap<PathBuf, Diagnostic>,
}

/// Absolute path of a document's file.
fn abs_source(content: &Content, source: &Path) -> PathBuf {
    content
        .dir
        .join(source.strip_prefix(CONTENT_DIR).unwrap_or(source))
}

/// True when giving document `i` the title `title` leaves the order of its siblings (by
/// weight, then title in Vietnamese order) as it is, with no tie.
fn keeps_rank(content: &Content, i: usize, title: &str) -> bool {
    let Some(parent) = content.docs[i].parent else {
        return false;
    };
    let key = |c: usize| {
        let t = if c == i {
            title
        } else {
            content.docs[c].front.title.as_str()
        };
        (
            content.docs[c].front.weight,
            crate::text::collate::sort_key(t),
        )
    };
    let keys: Vec<_> = content.docs[parent]
        .children
        .iter()
        .map(|&c| key(c))
        .collect();
    keys.windows(2).all(|w| w[0] < w[1])
}

/// Document `top` and every document below it.
fn subtree(content: &Content, top: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![top];
    while let Some(d) = stack.pop() {
        out.push(d);
        stack.extend(content.docs[d].children.iter().copied());
    }
    out
}

/// Number placeholders (`url#id`) in rendered HTML.
fn number_keys(html: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find([placeholder::NUMBER, placeholder::LABEL]) {
        let after = &rest[start + placeholder::NUMBER.len_utf8()..];
        let Some(end) = after.find(placeholder::END) else {
            break;
        };
        keys.push(after[..end].to_owned());
        rest = &after[end..];
    }
    keys
}

/// The parts of the front matter that decide where a page stands and what other pages show.
fn same_place(a: &FrontMatter, b: &FrontMatter) -> bool {
    a.title == b.title && same_place_but_title(a, b)
}

/// Same as [`same_place`] except for the title, which the preview can change in place as
/// long as the page keeps its rank among its siblings.
fn same_place_but_title(a: &FrontMatter, b: &FrontMatter) -> bool {
    a.weight == b.weight
        && a.slug == b.slug
        && a.draft == b.draft
        && a.aliases == b.aliases
        && a.numbered == b.numbered
        && a.glossary == b.glossary
}

fn is_stylesheet(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("css"))
}

impl Project {
    /// A project with nothing built yet.
    pub fn new(root: PathBuf, drafts: bool, folder: ServeFolder, live: Arc<Live>) -> Project {
        Project {
            root,
            drafts,
            folder,
            live,
            built: None,
            blocking: Vec::new(),
            file_errors: BTreeMap::new(),
        }
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folders and files to watch, and whether to watch them recursively.
    pub fn watch_targets(&self) -> Vec<(PathBuf, bool)> {
        let mut targets = vec![(self.root.clone(), false)];
        for name in [CONTENT_DIR, "templates", "static", "themes"] {
            let p = self.root.join(name);
            if p.is_dir() {
                targets.push((p, true));
            }
        }
        let theme = self.theme_dir();
        if !theme.starts_with(&self.root) && theme.is_dir() {
            // The theme shipped with sotay (only while developing sotay itself does it change).
            targets.push((theme, true));
        }
        targets
    }

    fn theme_dir(&self) -> PathBuf {
        match &self.built {
            Some(b) => b.theme_dir.clone(),
            None => {
                let name = Config::load(&self.root)
                    .map(|c| c.theme)
                    .unwrap_or_else(|_| "default".into());
                output::theme_dir(&self.root, &name)
            }
        }
    }

    /// Every error the author still has to fix, in file order.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.blocking.clone();
        all.extend(self.file_errors.values().cloned());
        if let Some(b) = &self.built {
            all.extend(b.load_diags.iter().filter(|d| d.is_error()).cloned());
            for i in 0..b.site.pages.len() {
                all.extend(b.render_diags[i].iter().filter(|d| d.is_error()).cloned());
                all.extend(b.anchors.diagnostics[i].iter().cloned());
            }
        }
        all.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        all.dedup();
        all
    }

    /// Every warning of the current build.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        let Some(b) = &self.built else {
            return Vec::new();
        };
        let mut all: Vec<Diagnostic> = b
            .load_diags
            .iter()
            .chain(b.render_diags.iter().flatten())
            .filter(|d| d.severity == Severity::Warning)
            .cloned()
            .collect();
        all.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        all
    }

    /// Number of pages served.
    pub fn page_count(&self) -> usize {
        self.built.as_ref().map_or(0, |b| b.site.pages.len())
    }

    /// Builds everything. The first build serves whatever could be built, even with errors in
    /// some files; later ones keep the last good site when content or configuration is broken.
    pub fn build_all(&mut self) -> Outcome {
        let start = Instant::now();
        let change = match self.full_build(None) {
            Ok(pages) => Change::Full { pages },
            Err(blocking) => {
                self.blocking = blocking;
                Change::Kept
            }
        };
        self.outcome(change, start, self.warnings())
    }

    fn outcome(&self, change: Change, start: Instant, warnings: Vec<Diagnostic>) -> Outcome {
        let errors = self.errors();
        self.live.set_errors(
            errors
                .iter()
                .map(|d| super::report::overlay_item(&self.root, d))
                .collect(),
        );
        Outcome {
            change,
            elapsed: start.elapsed(),
            errors,
            warnings,
        }
    }

    fn full_build(&mut self, css_swaps_for: Option<&[PathBuf]>) -> Result<usize, Vec<Diagnostic>> {
        let root = self.root.clone();
        let config = Config::load(&root).map_err(|d| vec![d])?;
        let (mut content, load_diags) = content::load_lenient(&root, self.drafts);
        if content.docs.is_empty() || (load_diags.has_errors() && self.built.is_some()) {
            return Err(load_diags
                .items
                .into_iter()
                .filter(|d| d.is_error())
                .collect());
        }
        let theme_dir = output::theme_dir(&root, &config.theme);
        let rendered = build::render_all(&mut content, false);
        let anchors = Anchors::new(&content, &rendered);
        let render_diags: Vec<Vec<Diagnostic>> =
            rendered.iter().map(|r| r.diagnostics.clone()).collect();
        // The site stage would refuse a site with broken links; the preview checks them itself
        // (above) and shows them in the overlay instead.
        let for_site: Vec<Rendered> = rendered
            .iter()
            .map(|r| Rendered {
                diagnostics: Vec::new(),
                anchor_checks: Vec::new(),
                ..r.clone()
            })
            .collect();
        let dates = site::git::last_commit_dates(&root);
        let (mut site, _) =
            site::assemble(config, content, for_site, &dates).map_err(|d| d.items)?;
        let has_errors = |i: usize| {
            render_diags[i].iter().any(Diagnostic::is_error)
                || anchors.diagnostics[i].iter().any(Diagnostic::is_error)
        };
        let mut held = HashSet::new();
        if let Some(old) = &self.built {
            // A page whose own file has errors keeps its last good body.
            let old_by_url: HashMap<&str, usize> = old
                .site
                .pages
                .iter()
                .enumerate()
                .map(|(i, p)| (p.url.as_str(), i))
                .collect();
            for i in 0..site.pages.len() {
                if has_errors(i)
                    && let Some(&j) = old_by_url.get(site.pages[i].url.as_str())
                {
                    held.insert(i);
                    let good = &old.site.pages[j];
                    let page = &mut site.pages[i];
                    page.content = good.content.clone();
                    page.toc = good.toc.clone();
                    page.word_count = good.word_count;
                    page.reading_minutes = good.reading_minutes;
                    page.sections = good.sections.clone();
                }
            }
        }
        let generation = self.live.next_generation();
        let out = self.folder.new_generation().map_err(|e| {
            vec![Diagnostic::error(
                self.folder.base(),
                0,
                0,
                format!("không tạo được thư mục xem trước: {e}"),
            )]
        })?;
        let options = WriteOptions {
            live_reload: Some(self.live.snippet(generation)),
            skip_minify: true,
            keep_search_text: true,
        };
        let summary = match output::write_all(&mut site, &root, &out, options) {
            Ok(s) => s,
            Err(d) => {
                remove_ours(&out);
                return Err(d.items);
            }
        };
        let page_urls = site
            .content
            .docs
            .iter()
            .map(|d| (abs_source(&site.content, &d.source), d.url.clone()))
            .collect();
        let by_source = site
            .content
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.source.clone(), i))
            .collect();
        let mut number_users: HashMap<String, HashSet<usize>> = HashMap::new();
        for (i, r) in rendered.iter().enumerate() {
            for key in number_keys(&r.html) {
                number_users.entry(key).or_default().insert(i);
            }
        }
        let css_swaps = css_swaps_for.map(|changed| {
            let mut swaps = Vec::new();
            if let Some(old) = &self.built {
                for (name, url) in &summary.assets {
                    if let Some(before) = old.summary.assets.get(name)
                        && before != url
                    {
                        swaps.push((before.clone(), url.clone()));
                    }
                }
            }
            // The site's own static/ files keep their URL: make the browser fetch them again.
            let site_static = root.join("static");
            for path in changed {
                if let Ok(rel) = path.strip_prefix(&site_static) {
                    let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
                    swaps.push((url.clone(), format!("{url}?v={generation}")));
                }
            }
            swaps
        });
        let pages = site.pages.len();
        let previous = self.built.replace(Built {
            site,
            rendered,
            render_diags,
            anchors,
            page_urls,
            by_source,
            number_users,
            summary,
            out: out.clone(),
            dates,
            load_diags: load_diags.items,
            theme_dir,
            held,
            print_stale: false,
        });
        self.blocking.clear();
        self.file_errors.clear();
        self.live.publish_full(out, generation, css_swaps);
        if let Some(previous) = previous {
            remove_ours(&previous.out);
        }
        Ok(pages)
    }

    /// After a bug in sotay stopped a rebuild halfway (a panic), what was kept of the last build
    /// may be half updated: it is forgotten, so that the next save builds everything again, and
    /// the author is told. The last good pages stay served meanwhile (their folder is removed
    /// with the preview's when `serve` stops).
    pub fn recover_from_crash(&mut self, cause: &str, paths: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        self.built = None;
        let file = paths.first().cloned().unwrap_or_else(|| self.root.clone());
        self.blocking = vec![
            Diagnostic::error(
                file,
                0,
                0,
                format!("sotay gặp lỗi nội bộ khi tạo lại trang: {cause}"),
            )
            .with_help(
                "trang cũ vẫn hiển thị; lưu tệp lần nữa để tạo lại toàn bộ. Nếu lỗi còn, hãy báo \
                 cho người phát triển sotay, gửi kèm tệp này và các dòng in ra trong cửa sổ lệnh.",
            ),
        ];
        self.outcome(Change::Kept, start, Vec::new())
    }

    /// Applies a batch of changed paths (absolute, as the watcher reports them).
    pub fn apply(&mut self, paths: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        let plan = self.plan(paths);
        if plan.full || self.built.is_none() {
            let css = plan.css_only.then_some(paths);
            let change = match self.full_build(css) {
                Ok(_) if plan.css_only => Change::Stylesheets,
                Ok(pages) => Change::Full { pages },
                Err(blocking) => {
                    self.blocking = blocking;
                    Change::Kept
                }
            };
            let warnings = if matches!(change, Change::Kept) {
                Vec::new()
            } else {
                self.warnings()
            };
            return self.outcome(change, start, warnings);
        }
        if plan.docs.is_empty() && plan.assets.is_empty() {
            return self.outcome(Change::Nothing, start, Vec::new());
        }
        match self.update_docs(&plan.docs, &plan.assets) {
            Ok((urls, warnings)) => {
                self.blocking.clear();
                let broken = plan.docs.iter().any(|&i| {
                    self.built.as_ref().is_some_and(|b| {
                        self.file_errors
                            .contains_key(&b.site.content.docs[i].source)
                    })
                });
                let change = if !urls.is_empty() {
                    Change::Pages { urls }
                } else if broken {
                    Change::Kept
                } else {
                    Change::Nothing
                };
                self.outcome(change, start, warnings)
            }
            Err(Fallback::Full) => {
                let change = match self.full_build(None) {
                    Ok(pages) => Change::Full { pages },
                    Err(blocking) => {
                        self.blocking = blocking;
                        Change::Kept
                    }
                };
                let warnings = self.warnings();
                self.outcome(change, start, warnings)
            }
            Err(Fallback::Blocked(blocking)) => {
                self.blocking = blocking;
                self.outcome(Change::Kept, start, Vec::new())
            }
        }
    }

    /// Decides, from the files as they are now on disk, what a batch of changes needs.
    fn plan(&self, paths: &[PathBuf]) -> Plan {
        let mut plan = Plan {
            css_only: true,
            ..Plan::default()
        };
        let Some(built) = &self.built else {
            plan.full = true;
            plan.css_only = false;
            return plan;
        };
        let content_dir = &built.site.content.dir;
        let mut relevant = false;
        for path in paths {
            if content::is_temporary_file(path) {
                continue;
            }
            // Gone, and without an extension: a temporary file some tool (sed -i, some
            // editors) wrote and renamed over the real one, which has its own event.
            if path.extension().is_none() && !path.exists() {
                continue;
            }
            let (rel, in_content) = if let Ok(r) = path.strip_prefix(content_dir) {
                (Path::new(CONTENT_DIR).join(r), true)
            } else if let Ok(r) = path.strip_prefix(&self.root) {
                (r.to_path_buf(), r.starts_with(CONTENT_DIR))
            } else if path.starts_with(&built.theme_dir) {
                relevant = true;
                plan.full = true;
                plan.css_only &= is_stylesheet(path);
                continue;
            } else {
                continue;
            };
            if rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
            {
                continue;
            }
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            match first.as_deref() {
                Some(CONFIG_FILE) if rel.components().count() == 1 => {
                    relevant = true;
                    plan.full = true;
                    plan.css_only = false;
                }
                Some("templates") | Some("themes") | Some("static") => {
                    relevant = true;
                    plan.full = true;
                    let is_css = is_stylesheet(path)
                        && (first.as_deref() == Some("static")
                            || path.starts_with(built.theme_dir.join("static")));
                    plan.css_only &= is_css;
                }
                _ if in_content => {
                    relevant = true;
                    plan.css_only = false;
                    self.plan_content(path, &rel, built, &mut plan);
                }
                _ => {}
            }
        }
        if !relevant {
            plan.css_only = false;
        }
        plan
    }

    fn plan_content(&self, path: &Path, rel: &Path, built: &Built, plan: &mut Plan) {
        let exists = path.is_file();
        if rel == Path::new(CONTENT_DIR).join(glossary::GLOSSARY_FILE) {
            plan.full = true;
            return;
        }
        if rel.extension().is_some_and(|e| e == "md") {
            match (built.by_source.get(rel), exists) {
                (Some(&i), true) => plan.docs.push(i),
                (Some(_), false) => plan.full = true,
                (None, true) => {
                    if !self.still_excluded_draft(path) {
                        plan.full = true;
                    }
                }
                (None, false) => {}
            }
            return;
        }
        // Assets are keyed by their path under the canonical content folder.
        let canonical = built
            .site
            .content
            .dir
            .join(rel.strip_prefix(CONTENT_DIR).unwrap_or(rel));
        let known_asset = built.site.content.assets.contains_key(&canonical);
        if exists && known_asset {
            plan.assets.push(canonical);
        } else if exists || path.is_dir() {
            plan.full = true;
        } else {
            // Gone: a known file or a folder that held some means the tree changed.
            let gone_known = built.by_source.keys().any(|s| s.starts_with(rel))
                || built
                    .site
                    .content
                    .assets
                    .keys()
                    .any(|a| a.starts_with(&canonical));
            if gone_known {
                plan.full = true;
            }
        }
    }

    /// A draft page (left out of the preview) saved again as a draft changes nothing.
    fn still_excluded_draft(&self, path: &Path) -> bool {
        if self.drafts {
            return false;
        }
        let Ok(bytes) = std::fs::read(path) else {
            return false;
        };
        let shown = Path::new("x.md");
        content::decode_utf8(shown, bytes)
            .ok()
            .and_then(|text| {
                let split = front_matter::split(shown, &text).ok()?;
                front_matter::parse(shown, &split).ok()
            })
            .is_some_and(|fm| fm.draft)
    }

    fn update_docs(
        &mut self,
        docs: &[usize],
        assets: &[PathBuf],
    ) -> Result<(Vec<String>, Vec<Diagnostic>), Fallback> {
        let root = self.root.clone();
        let built = self.built.as_mut().expect("update_docs needs a build");
        let mut to_render: Vec<usize> = Vec::new();
        let mut retitled: Vec<usize> = Vec::new();
        let mut home_too = false;
        for &i in docs {
            let doc = &built.site.content.docs[i];
            let path = abs_source(&built.site.content, &doc.source);
            let source = doc.source.clone();
            let loaded = std::fs::read(&path)
                .map_err(|e| Diagnostic::error(&source, 0, 0, format!("không đọc được tệp: {e}")))
                .and_then(|bytes| content::decode_utf8(&source, bytes))
                .and_then(|text| {
                    let split = front_matter::split(&source, &text)?;
                    let front = front_matter::parse(&source, &split)?;
                    Ok((split.body_offset, front, text.clone()))
                });
            let (body_offset, front, text) = match loaded {
                Ok(l) => l,
                Err(d) => {
                    self.file_errors.insert(source, d);
                    continue;
                }
            };
            self.file_errors.remove(&source);
            if !same_place(&doc.front, &front) {
                // A new title that keeps the page's rank: only the pages showing it change.
                if i != 0
                    && same_place_but_title(&doc.front, &front)
                    && keeps_rank(&built.site.content, i, &front.title)
                {
                    retitled.push(i);
                } else {
                    return Err(Fallback::Full);
                }
            }
            if doc.text == text {
                continue;
            }
            if doc.front.description != front.description && doc.parent == Some(0) {
                home_too = true;
            }
            let doc = &mut built.site.content.docs[i];
            doc.text = text;
            doc.body_offset = body_offset;
            doc.front = front;
            to_render.push(i);
        }
        for asset in assets {
            if let Some(a) = built.site.content.assets.get(asset) {
                let to = built.out.join(a.url.trim_start_matches('/'));
                let _ = std::fs::read(asset).and_then(|b| replace_file(&to, &b));
            }
            for (i, r) in built.rendered.iter().enumerate() {
                if r.assets.iter().any(|p| p == asset) && !to_render.contains(&i) {
                    to_render.push(i);
                }
            }
        }
        if to_render.is_empty() && !home_too {
            return Ok((Vec::new(), Vec::new()));
        }

        // Render the Markdown of the changed documents again.
        let content = &built.site.content;
        let fresh: Vec<(usize, Rendered)> = to_render
            .iter()
            .map(|&i| {
                let doc = &content.docs[i];
                let abs = abs_source(content, &doc.source);
                let dir = abs.parent().unwrap_or(&content.dir).to_path_buf();
                let r = markdown::render(&RenderContext {
                    source: &doc.source,
                    text: &doc.text,
                    body_offset: doc.body_offset,
                    url: &doc.url,
                    dir: &dir,
                    pages: &built.page_urls,
                    assets: &content.assets,
                    glossary: doc.front.glossary.then_some(content.glossary.as_slice()),
                });
                (i, r)
            })
            .collect();
        let mut warnings = Vec::new();
        let mut previous: Vec<(usize, Rendered)> = Vec::with_capacity(fresh.len());
        let mut numbers_moved = false;
        for (i, r) in fresh {
            let old = std::mem::replace(&mut built.rendered[i], r);
            let now = &built.rendered[i];
            let shape = |r: &Rendered| -> Vec<(String, markdown::NumberedKind)> {
                r.numbered.iter().map(|n| (n.id.clone(), n.kind)).collect()
            };
            numbers_moved |= shape(&old) != shape(now);
            for key in number_keys(&old.html) {
                if let Some(users) = built.number_users.get_mut(&key) {
                    users.remove(&i);
                }
            }
            for key in number_keys(&now.html) {
                built.number_users.entry(key).or_default().insert(i);
            }
            built.render_diags[i] = now.diagnostics.clone();
            warnings.extend(now.diagnostics.iter().filter(|d| !d.is_error()).cloned());
            previous.push((i, old));
        }
        let mut affected: HashSet<usize> = to_render.iter().copied().collect();
        if numbers_moved {
            let numbers =
                site::numbering::number(&built.site.content, &built.site.order, &built.rendered);
            for (key, value) in &numbers.figures {
                let before = built.site.numbers.figures.get(key);
                if before.map(|b| &b.1) != Some(&value.1)
                    && let Some(users) = built.number_users.get(key)
                {
                    affected.extend(users.iter().copied());
                }
            }
            for key in built.site.numbers.figures.keys() {
                if !numbers.figures.contains_key(key)
                    && let Some(users) = built.number_users.get(key)
                {
                    affected.extend(users.iter().copied());
                }
            }
            built.site.numbers = numbers;
        }
        built
            .anchors
            .update(&built.site.content, &built.rendered, &previous);
        // Pages held back for errors that are now gone (say, the anchor they link to was added).
        let released: Vec<usize> = built
            .held
            .iter()
            .copied()
            .filter(|&i| !built.doc_has_errors(i))
            .collect();
        affected.extend(released);

        // Bring the assembled pages up to date, except those whose own file now has errors:
        // they keep their last good body.
        let mut render: Vec<usize> = Vec::new();
        for &i in &affected {
            if built.doc_has_errors(i) {
                built.held.insert(i);
                continue;
            }
            built.held.remove(&i);
            let r = &built.rendered[i];
            let doc = &built.site.content.docs[i];
            let updated = doc
                .front
                .updated
                .clone()
                .or_else(|| built.dates.get(&doc.source).cloned());
            let page = &mut built.site.pages[i];
            page.content = site::fill_placeholders(&r.html, &built.site.numbers.figures);
            page.toc = r
                .headings
                .iter()
                .filter(|h| h.level == 2 || h.level == 3)
                .cloned()
                .collect();
            page.word_count = r.word_count;
            page.reading_minutes = r.word_count.div_ceil(200).max(1);
            page.description = doc.front.description.clone();
            page.updated = updated;
            page.sections = r.sections.clone();
            render.push(i);
        }
        if home_too && !render.contains(&0) {
            render.push(0);
        }
        let not_found_too = self.retitle(&retitled, &mut render);
        render.sort_unstable();
        render.dedup();
        let built = self.built.as_mut().expect("update_docs needs a build");
        if render.is_empty() {
            return Ok((Vec::new(), warnings));
        }

        // Render those pages through the templates and replace their files.
        let generation = self.live.next_generation();
        let options = WriteOptions {
            live_reload: Some(self.live.snippet(generation)),
            skip_minify: true,
            keep_search_text: true,
        };
        let mut renderer = output::Renderer::new(&built.site, &root, options)
            .map_err(|d| Fallback::Blocked(vec![d]))?;
        renderer.set_assets(built.summary.assets.clone());
        renderer.search_manifest = built.summary.search_manifest.clone();
        // In parallel, like a full build: a new title can touch a whole chapter's pages.
        let out = &built.out;
        let site = &built.site;
        let written: Vec<Result<String, Diagnostic>> = render
            .par_iter()
            .map(|&i| {
                let html = renderer.page_html(i)?;
                let url = &site.pages[i].url;
                let path = output::page_path(out, url);
                replace_file(&path, &html).map_err(|e| {
                    Diagnostic::error(&path, 0, 0, format!("không ghi được trang xem trước: {e}"))
                })?;
                Ok(url.clone())
            })
            .collect();
        let urls = written
            .into_iter()
            .collect::<Result<Vec<String>, Diagnostic>>()
            .map_err(|d| Fallback::Blocked(vec![d]))?;
        if not_found_too {
            let path = built.out.join("404.html");
            let html = renderer
                .not_found_html()
                .map_err(|d| Fallback::Blocked(vec![d]))?;
            let _ = replace_file(&path, &html);
        }
        drop(renderer);
        built.print_stale = true;
        self.live.publish_pages(&urls, generation);
        Ok((urls, warnings))
    }

    /// True when something was put off until the author stops saving for a moment.
    pub fn has_deferred_work(&self) -> bool {
        self.built.as_ref().is_some_and(|b| b.print_stale)
    }

    /// Brings the print bundle (`/print/`, the whole book in one page) up to date after pages
    /// changed in place; returns the terminal line. Done when the files are quiet, because it
    /// costs as much as the whole book, not one page.
    pub fn do_deferred_work(&mut self) -> Option<String> {
        let start = Instant::now();
        let built = self.built.as_mut()?;
        if !built.print_stale {
            return None;
        }
        built.print_stale = false;
        match crate::print::write_bundle(&built.site, &self.root, &built.out) {
            // Its warnings are about images and fonts, which only a full rebuild changes.
            Ok(_warnings) => {
                let generation = self.live.next_generation();
                self.live.publish_pages(&["/print/".to_owned()], generation);
                Some(format!(
                    "Đã cập nhật bản in /print/ trong {} ms",
                    start.elapsed().as_millis()
                ))
            }
            Err(d) => Some(format!(
                "Chưa cập nhật được bản in /print/: {}",
                super::report::terminal_text(&self.root, &d)
            )),
        }
    }

    /// Applies new titles in place: the pages' own titles, and the links to them in the
    /// navigation, breadcrumbs, lists of children and previous/next links. Adds to `render` the
    /// pages that show them; returns whether the 404 page (which shows the parts) does too.
    fn retitle(&mut self, retitled: &[usize], render: &mut Vec<usize>) -> bool {
        let Some(built) = self.built.as_mut() else {
            return false;
        };
        if retitled.is_empty() {
            return false;
        }
        let site = &mut built.site;
        let mut shows: HashSet<usize> = HashSet::new();
        let position: HashMap<usize, usize> = site
            .order
            .iter()
            .enumerate()
            .map(|(p, &d)| (d, p))
            .collect();
        let mut not_found = false;
        for &d in retitled {
            let title = site.content.docs[d].front.title.clone();
            let page = &mut site.pages[d];
            page.full_title = if page.label.is_empty() {
                title.clone()
            } else {
                format!("{}. {title}", page.label)
            };
            page.title = title;
            let parent = site.content.docs[d].parent.unwrap_or(0);
            // The navigation of every page under the parent lists this one.
            shows.extend(subtree(&site.content, parent));
            if let Some(&p) = position.get(&d) {
                shows.extend(p.checked_sub(1).and_then(|q| site.order.get(q)).copied());
                shows.extend(site.order.get(p + 1).copied());
            }
            // The home page shows parts and their chapters; the 404 page shows the parts.
            if site.content.docs[d].depth <= 2 {
                shows.insert(0);
            }
            not_found |= parent == 0;
        }
        for &i in &shows {
            crate::site::link_page(site, i, position.get(&i).copied());
        }
        render.extend(shows);
        not_found
    }
}

/// Why an edit could not be applied page by page.
enum Fallback {
    /// It moves pages around: build everything.
    Full,
    /// It breaks something every page needs (a template): keep the last good pages.
    Blocked(Vec<Diagnostic>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_crash_the_author_is_told_and_the_next_save_builds_everything() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("so-tay");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("sotay.toml"), "title = \"Sổ tay thử\"\n").unwrap();
        std::fs::write(
            root.join("content/_index.md"),
            "+++\ntitle = \"Trang chủ\"\n+++\n\nXin chào.\n",
        )
        .unwrap();
        let page = root.join("content/trang.md");
        std::fs::write(&page, "+++\ntitle = \"Trang\"\n+++\n\nNội dung.\n").unwrap();
        let folder = ServeFolder::create_in(dir.path()).unwrap();
        let mut project = Project::new(root.clone(), false, folder, Arc::new(Live::new()));
        let first = project.build_all();
        assert!(
            matches!(first.change, Change::Full { pages: 2 }),
            "{first:?}"
        );

        let crashed =
            project.recover_from_crash("chỉ số vượt giới hạn", std::slice::from_ref(&page));
        assert!(matches!(crashed.change, Change::Kept), "{crashed:?}");
        assert_eq!(crashed.errors.len(), 1, "{crashed:?}");
        assert_eq!(crashed.errors[0].file, page);
        assert!(crashed.errors[0].message.contains("chỉ số vượt giới hạn"));
        assert!(crashed.errors[0].help.is_some());

        let next = project.apply(&[page]);
        assert!(matches!(next.change, Change::Full { pages: 2 }), "{next:?}");
        assert!(next.errors.is_empty(), "{next:?}");
    }

    #[test]
    fn number_keys_are_found() {
        let html = format!(
            "<a>{}/a/#hinh-x{}</a> Hình {}/b/#bang-y{}.",
            placeholder::LABEL,
            placeholder::END,
            placeholder::NUMBER,
            placeholder::END
        );
        assert_eq!(number_keys(&html), ["/a/#hinh-x", "/b/#bang-y"]);
    }
}
