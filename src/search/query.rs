//! Running a query against a written index (spec §11–§13), the same way
//! `search.js` does: manifest → plan → term files (two rounds when the last
//! word is a prefix) → ranking → one part file per hit for the excerpt.

use super::Hit;
use super::excerpt::{Matcher, excerpt};
use super::format::{Directory, Meta, PartFile, decode_record, find_in_pack, part_path};
use super::plan::{Lexicon, Plan, plan};
use super::rank::{Corpus, rank};
use std::collections::HashMap;
use std::io::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};

/// Reads index files by path relative to the `search/` directory.
pub trait Source {
    /// Returns the bytes of `path`.
    fn read(&mut self, path: &str) -> Result<Vec<u8>>;
}

/// Files on disk, cached, with a count of bytes read (what a browser would
/// download).
#[derive(Debug, Default)]
pub struct DirSource {
    dir: PathBuf,
    cache: HashMap<String, Vec<u8>>,
    /// Bytes read so far, each file counted once.
    pub bytes: usize,
    /// Files read so far.
    pub files: Vec<String>,
}

impl DirSource {
    /// Reads from `dir` (the `search/` directory).
    pub fn new(dir: &Path) -> DirSource {
        DirSource {
            dir: dir.to_owned(),
            ..DirSource::default()
        }
    }
}

impl Source for DirSource {
    fn read(&mut self, path: &str) -> Result<Vec<u8>> {
        if let Some(b) = self.cache.get(path) {
            return Ok(b.clone());
        }
        let b = std::fs::read(self.dir.join(path))?;
        self.bytes += b.len();
        self.files.push(path.to_owned());
        self.cache.insert(path.to_owned(), b.clone());
        Ok(b)
    }
}

/// Files held in memory (tests, or an index not yet written), with a count
/// of bytes read.
#[derive(Debug, Default, Clone)]
pub struct MemSource {
    /// Path → content.
    pub files: HashMap<String, Vec<u8>>,
    /// Bytes read so far, each file counted once.
    pub bytes: usize,
    /// Files read so far.
    pub read: Vec<String>,
}

impl MemSource {
    /// Serves the files of a built index.
    pub fn new(files: &[(String, Vec<u8>)]) -> MemSource {
        MemSource {
            files: files.iter().cloned().collect(),
            ..MemSource::default()
        }
    }
}

impl Source for MemSource {
    fn read(&mut self, path: &str) -> Result<Vec<u8>> {
        let b = self
            .files
            .get(path)
            .cloned()
            .ok_or_else(|| Error::new(ErrorKind::NotFound, path.to_owned()))?;
        if !self.read.iter().any(|p| p == path) {
            self.bytes += b.len();
            self.read.push(path.to_owned());
        }
        Ok(b)
    }
}

/// The newest `meta.*.json` in `dir`.
pub fn find_manifest(dir: &Path) -> Result<String> {
    let mut best: Option<(std::time::SystemTime, String)> = None;
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("meta.") && name.ends_with(".json") {
            let t = e.metadata()?.modified()?;
            if best.as_ref().is_none_or(|b| (t, &name) > (b.0, &b.1)) {
                best = Some((t, name));
            }
        }
    }
    best.map(|b| b.1)
        .ok_or_else(|| Error::new(ErrorKind::NotFound, "no search manifest (meta.*.json)"))
}

/// Invalid-data error.
fn bad(what: &str) -> Error {
    Error::new(ErrorKind::InvalidData, what.to_owned())
}

/// A loaded index.
pub struct Engine<S: Source> {
    /// Where files come from.
    pub src: S,
    /// The manifest.
    pub meta: Meta,
    /// Vocabulary and abbreviations.
    pub lex: Lexicon,
    dir: Directory,
    nparts: Vec<u8>,
    corpus: Corpus,
}

impl<S: Source> Engine<S> {
    /// Loads the manifest `manifest` from `src`.
    pub fn open(mut src: S, manifest: &str) -> Result<Engine<S>> {
        let meta: Meta =
            serde_json::from_slice(&src.read(manifest)?).map_err(|_| bad("manifest"))?;
        let docs = meta.doc_table().ok_or_else(|| bad("doc table"))?;
        let nparts = docs.iter().map(|d| d.1).collect();
        let corpus = Corpus {
            n: meta.n,
            avgdl: meta.avgdl(),
            docs,
            terms: HashMap::new(),
        };
        Ok(Engine {
            lex: Lexicon::from_meta(&meta),
            dir: Directory::new(&meta),
            src,
            meta,
            nparts,
            corpus,
        })
    }

    /// Fetches and decodes the records of `terms` not yet loaded.
    fn fetch(&mut self, terms: &[String]) -> Result<()> {
        for t in terms {
            if self.corpus.terms.contains_key(t) {
                continue;
            }
            let Some(path) = self.dir.locate(t, &self.meta) else {
                continue;
            };
            let pack = self.src.read(&path)?;
            if let Some(r) = find_in_pack(&pack, t) {
                let rec = decode_record(r, &self.nparts).ok_or_else(|| bad("record"))?;
                self.corpus.add(t, rec);
            }
        }
        Ok(())
    }

    /// Plans `query` and loads every record it needs.
    pub fn prepare(&mut self, query: &str) -> Result<(Plan, Vec<String>)> {
        let mut p = plan(query, &self.lex);
        self.fetch(&p.terms(&self.lex))?;
        if p.prefix.is_some() {
            let ctx = p.prefix_context(&self.lex);
            let rec = ctx.and_then(|k| self.corpus.terms.get(&k)).map(|t| &t.rec);
            let comps = p.completions(&self.lex, rec);
            p.add_completions(&comps);
            self.fetch(&p.terms(&self.lex))?;
        }
        let terms = p.terms(&self.lex);
        Ok((p, terms))
    }

    /// Runs `query`; returns at most `limit` hits with excerpts.
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Vec<Hit>> {
        let (p, terms) = self.prepare(query)?;
        let ranked = rank(&p, &terms, &self.corpus);
        let m = Matcher::new(p.highlight_keys());
        let mut hits = Vec::new();
        for r in ranked.into_iter().take(limit) {
            let part = super::rank::best_part(&terms, &self.corpus, r.doc);
            let path = part_path(r.doc as usize, part, &self.meta);
            let pf: PartFile =
                serde_json::from_slice(&self.src.read(&path)?).map_err(|_| bad("part"))?;
            let ex = excerpt(&pf, &m);
            hits.push(Hit {
                url: pf.u,
                title: pf.t,
                section_path: pf.p,
                anchor: ex.anchor,
                score: r.score,
                excerpt: ex.text,
                highlights: ex.marks,
            });
        }
        Ok(hits)
    }
}

/// [`super::query_index`] on the `search/` directory `dir`.
pub fn query_dir(dir: &Path, query: &str, limit: usize) -> Result<Vec<Hit>> {
    let manifest = find_manifest(dir)?;
    let mut e = Engine::open(DirSource::new(dir), &manifest)?;
    e.search(query, limit)
}
