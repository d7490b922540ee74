//! The pipeline, end to end: load content → render Markdown → assemble the site → write
//! outputs. `sotay build`, `sotay check` and `sotay serve` all go through here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{self, RenderContext, Rendered};
use crate::output::{self, WriteOptions};
use crate::site::{self, Site};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Project root (holds `sotay.toml` and `content/`).
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Output folder; `None` means the configured one.
    pub output: Option<PathBuf>,
    /// Output choices (live reload script, minification).
    pub write: WriteOptions,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages written.
    pub pages: usize,
    /// Where.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// Warnings (the build succeeded anyway).
    pub warnings: Diagnostics,
}

/// Renders the Markdown of every document, in parallel. With `release_sources`, each
/// document's Markdown is freed as soon as it is rendered (see
/// [`content::Document::release_source`]), so its memory is reused for the HTML.
pub fn render_all(content: &mut Content, release_sources: bool) -> Vec<Rendered> {
    let paths: Vec<PathBuf> = content
        .docs
        .iter()
        .map(|d| content.source_path(d))
        .collect();
    let pages: HashMap<PathBuf, String> = paths
        .iter()
        .zip(&content.docs)
        .map(|(path, d)| (path.clone(), d.url.clone()))
        .collect();
    let Content {
        docs,
        assets,
        glossary,
        dir,
    } = content;
    docs.par_iter_mut()
        .zip(&paths)
        .map(|(doc, abs)| {
            let dir = abs.parent().unwrap_or(dir).to_path_buf();
            let rendered = markdown::render(&RenderContext {
                source: &doc.source,
                text: &doc.text,
                body_offset: doc.body_offset,
                url: &doc.url,
                dir: &dir,
                pages: &pages,
                assets,
                glossary: doc.front.glossary.then_some(glossary.as_slice()),
            });
            if release_sources {
                doc.release_source();
            }
            rendered
        })
        .collect()
}

/// Loads, renders and assembles the site without writing anything.
pub fn assemble(root: &Path, drafts: bool) -> Result<(Site, Diagnostics), Diagnostics> {
    let timer = StageTimer::new();
    let config = Config::load(root)?;
    let mut content = content::load(root, drafts)?;
    timer.lap("load");
    let rendered = render_all(&mut content, true);
    timer.lap("render");
    let dates = site::git::last_commit_dates(root);
    timer.lap("git");
    let site = site::assemble(config, content, rendered, &dates);
    timer.lap("assemble");
    site
}

/// Prints how long each stage took when `SOTAY_TIMINGS` is set (for profiling and benchmarks).
pub struct StageTimer {
    start: std::cell::Cell<Instant>,
    enabled: bool,
}

impl StageTimer {
    /// Starts timing.
    pub fn new() -> Self {
        StageTimer {
            start: std::cell::Cell::new(Instant::now()),
            enabled: std::env::var_os("SOTAY_TIMINGS").is_some(),
        }
    }

    /// Prints the time since the previous lap under `stage`, the memory in use and the CPU time
    /// the process has used so far (Linux).
    pub fn lap(&self, stage: &str) {
        if self.enabled {
            let rss = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
                    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                    Some(format!(", {} MB in use", kb / 1024))
                })
                .unwrap_or_default();
            // utime + stime, in clock ticks (100 per second on Linux).
            let cpu = std::fs::read_to_string("/proc/self/stat")
                .ok()
                .and_then(|s| {
                    let f: Vec<&str> = s.rsplit(')').next()?.split_whitespace().collect();
                    let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
                    Some(format!(", CPU {} ms in all", ticks * 10))
                })
                .unwrap_or_default();
            eprintln!(
                "  {stage}: {} ms{rss}{cpu}",
                self.start.get().elapsed().as_millis()
            );
        }
        self.start.set(Instant::now());
    }
}

impl Default for StageTimer {
    fn default() -> Self {
        Self::new()
    }
}

/// Resolves the output folder: `--output` if given (relative to the current folder), else the
/// configured one (relative to the root).
pub fn output_dir(options: &BuildOptions, config: &Config) -> PathBuf {
    match &options.output {
        Some(o) => o.clone(),
        None => options.root.join(&config.output_dir),
    }
}

/// Builds the site into its output folder. On any error the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    // The configured output folder is only known after loading; `--output` is known now.
    if let Some(o) = &options.output {
        output::dir::remove_trash_in_background(o);
    }
    let (mut site, mut warnings) = assemble(&options.root, options.drafts)?;
    let target = output_dir(options, &site.config);
    if options.output.is_none() {
        output::dir::remove_trash_in_background(&target);
    }
    let staging = output::dir::prepare(&options.root, &target)?;
    let timer = StageTimer::new();
    match output::write_all(
        &mut site,
        &options.root,
        &staging.path,
        options.write.clone(),
    ) {
        Ok(summary) => warnings.extend(summary.warnings.items),
        Err(e) => {
            staging.abandon();
            return Err(e);
        }
    }
    timer.lap("write");
    let output = staging.commit().map_err(|e| {
        Diagnostic::error(
            &target,
            0,
            0,
            format!("không thay được thư mục đầu ra: {e}"),
        )
    })?;
    let report = BuildReport {
        pages: site.pages.len(),
        output,
        elapsed: start.elapsed(),
        warnings,
    };
    // Freeing every page takes tens of milliseconds at 10,000 pages; nothing waits for it, and
    // `sotay build` exits without waiting.
    std::thread::spawn(move || drop(site));
    Ok(report)
}
