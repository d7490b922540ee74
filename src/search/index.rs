//! Building the index (spec §9): analyse pages in parallel, merge page-level
//! postings per term, then write unigram chunks, hash buckets, big-term files,
//! page part files and the manifest, all with content-hashed names.

use super::abbreviations::{merge, mine};
use super::codec::{FxBuild, base64_encode, fnv1a, hex};
use super::format::{
    GROUP, IN_HEADING, IN_TITLE, MAX_VARIANTS, Meta, PartFile, Posting, Record, VERSION, doc_entry,
    encode_pack, encode_record, is_vocab_key,
};
use super::legacy::repair;
use super::normalize::{clean, fold};
use super::parts::{Section, split_parts};
use super::tokenize::{grouped_number, tokenize};
use super::{Abbreviation, SearchDocument, SearchFiles};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Target size of a bucket file in bytes.
pub const BUCKET_TARGET: usize = 4096;
/// Bigrams/code tokens whose pack entry is larger get their own file.
pub const BIG_BYTES: usize = 1536;
/// Target size of a unigram chunk file in bytes.
pub const UNIGRAM_CHUNK: usize = 4096;
/// Successors kept per unigram.
pub const MAX_SUCC: usize = 8;
/// Longest sub-run of a code token indexed whole (the full run always is).
const MAX_SUB_RUN: usize = 4;
/// Merge partitions (parallelism of the posting merge).
const PARTITIONS: usize = 64;

/// What a term key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Uni,
    Bi,
    Whole,
}

/// Where a token occurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Heading,
    Body,
}

/// A term's statistics within one page.
#[derive(Debug)]
struct DocTerm {
    kind: Kind,
    tf: u32,
    fields: u8,
    parts: u8,
    variants: Vec<String>,
}

/// Terms of one page while it is analysed.
#[derive(Default)]
struct DocAcc {
    len: u32,
    terms: HashMap<String, DocTerm, FxBuild>,
    key: String,
}

impl DocAcc {
    /// Records one occurrence of `key` with exact form `e`.
    fn add(&mut self, kind: Kind, key: &str, e: &str, field: Field, part: usize) {
        match self.terms.get_mut(key) {
            Some(d) => Self::count(d, e, field, part),
            None => {
                let mut d = DocTerm {
                    kind,
                    tf: 0,
                    fields: 0,
                    parts: 0,
                    variants: Vec::new(),
                };
                Self::count(&mut d, e, field, part);
                self.terms.insert(key.to_owned(), d);
            }
        }
    }

    /// Counts one occurrence into a page's term statistics.
    fn count(d: &mut DocTerm, e: &str, field: Field, part: usize) {
        match field {
            Field::Body => d.tf += 1,
            Field::Title => d.fields |= IN_TITLE,
            Field::Heading => d.fields |= IN_HEADING,
        }
        d.parts |= 1 << part;
        if d.variants.len() < 2 * MAX_VARIANTS && !d.variants.iter().any(|v| v == e) {
            d.variants.push(e.to_owned());
        }
    }

    /// Indexes one segment of cleaned text: unigrams, bigrams of adjacent
    /// tokens, code tokens (whole and sub-runs) and grouped numbers.
    fn segment(&mut self, text: &str, field: Field, part: usize) {
        let toks = tokenize(text);
        for (i, t) in toks.tokens.iter().enumerate() {
            self.len += 1;
            self.add(Kind::Uni, &t.f, &t.e, field, part);
            if t.adj && i > 0 {
                let p = &toks.tokens[i - 1];
                let mut k = std::mem::take(&mut self.key);
                k.clear();
                k.extend([
                    p.f.as_str(),
                    " ",
                    t.f.as_str(),
                    "\t",
                    p.e.as_str(),
                    " ",
                    t.e.as_str(),
                ]);
                let (f, e) = k.split_once('\t').unwrap_or((&k, ""));
                self.add(Kind::Bi, f, e, field, part);
                self.key = k;
            }
        }
        for run in &toks.runs {
            let full = toks.span_text(text, run.first, run.last);
            if let Some(n) = grouped_number(&full) {
                self.add(Kind::Uni, &n, &n, field, part);
            }
            for a in run.first..run.last {
                for b in a + 1..=run.last {
                    let is_full = a == run.first && b == run.last;
                    if b - a < MAX_SUB_RUN || is_full {
                        let w = toks.span_text(text, a, b);
                        self.add(Kind::Whole, &fold(&w), &w, field, part);
                    }
                }
            }
        }
    }
}

/// Everything the merge needs from one page.
struct Analysis {
    len: u32,
    nparts: u8,
    terms: Vec<Vec<(String, DocTerm)>>,
    part_files: Vec<Vec<u8>>,
    mined: Vec<(String, String)>,
    warnings: Vec<String>,
}

/// Repairs legacy encodings, then cleans; findings become warnings.
fn prepare(raw: &str, url: &str, anchor: &str, warnings: &mut Vec<String>) -> String {
    let (text, found) = repair(raw);
    for (line, f) in found {
        warnings.push(format!("{url}#{anchor} line {line}: {}", f.describe()));
    }
    clean(&text)
}

/// Analyses one page.
fn analyze(doc: &SearchDocument) -> Analysis {
    let mut warnings = Vec::new();
    let title = prepare(&doc.title, &doc.url, "", &mut warnings);
    let sections: Vec<Section> = doc
        .sections
        .iter()
        .map(|s| Section {
            anchor: s.anchor.clone(),
            heading: prepare(&s.heading, &doc.url, &s.anchor, &mut warnings),
            text: prepare(&s.text, &doc.url, &s.anchor, &mut warnings),
        })
        .collect();
    let parts = split_parts(&sections);
    let mut acc = DocAcc::default();
    acc.segment(&title, Field::Title, 0);
    let mut part_files = Vec::with_capacity(parts.len());
    for (p, pieces) in parts.iter().enumerate() {
        let mut file = PartFile {
            u: doc.url.clone(),
            t: title.clone(),
            p: doc.section_path.iter().map(|x| clean(x)).collect(),
            s: Vec::new(),
        };
        for piece in pieces {
            let s = &sections[piece.section];
            if piece.first {
                acc.segment(&s.heading, Field::Heading, p);
            }
            acc.segment(&piece.text, Field::Body, p);
            let entry = [s.anchor.clone(), s.heading.clone(), piece.text.clone()];
            file.s.push(entry);
        }
        part_files.push(serde_json::to_vec(&file).unwrap_or_default());
    }
    let mut mined = mine(&title);
    for s in &sections {
        mined.extend(mine(&s.heading));
        mined.extend(mine(&s.text));
    }
    let mut by_part: Vec<Vec<(String, DocTerm)>> = (0..PARTITIONS).map(|_| Vec::new()).collect();
    for (k, t) in acc.terms {
        by_part[fnv1a(&k) as usize % PARTITIONS].push((k, t));
    }
    Analysis {
        len: acc.len,
        nparts: parts.len() as u8,
        terms: by_part,
        part_files,
        mined,
        warnings,
    }
}

/// A term's postings across all pages.
struct TermAcc {
    kind: Kind,
    postings: Vec<Posting>,
    masks: Vec<u32>,
    variants: Vec<(String, u32)>,
}

/// Merges one partition of every page's terms.
/// Merges one partition of every page's terms.
fn merge_partition(analyses: &[Analysis], p: usize) -> Vec<(String, Box<TermAcc>)> {
    let mut map: HashMap<String, TermAcc, FxBuild> = HashMap::default();
    for (d, a) in analyses.iter().enumerate() {
        for (key, dt) in &a.terms[p] {
            let acc = match map.get_mut(key) {
                Some(acc) => acc,
                None => {
                    let t = TermAcc {
                        kind: dt.kind,
                        postings: Vec::new(),
                        masks: Vec::new(),
                        variants: Vec::new(),
                    };
                    map.entry(key.clone()).or_insert(t)
                }
            };
            let mut mask = 0u32;
            for v in &dt.variants {
                let i = match acc.variants.iter().position(|x| &x.0 == v) {
                    Some(i) => i,
                    None => {
                        acc.variants.push((v.clone(), 0));
                        acc.variants.len() - 1
                    }
                };
                acc.variants[i].1 += 1;
                if i < 32 {
                    mask |= 1 << i;
                }
            }
            acc.postings.push(Posting {
                doc: d as u32,
                tf: dt.tf.min(1000),
                fields: dt.fields,
                parts: dt.parts,
                vmask: 0,
            });
            acc.masks.push(mask);
        }
    }
    map.into_iter().map(|(k, v)| (k, Box::new(v))).collect()
}

/// Turns merged postings into a record: variants ranked and capped, masks
/// remapped, part masks kept only for terms in few enough pages.
fn finalize(acc: &TermAcc, n: usize, succ: Vec<(u32, u32)>) -> Record {
    let mut order: Vec<usize> = (0..acc.variants.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&acc.variants[a], &acc.variants[b]);
        y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0))
    });
    let kept = &order[..order.len().min(MAX_VARIANTS)];
    let remap = |m: u32| -> u8 {
        kept.iter()
            .enumerate()
            .filter(|(_, old)| **old < 32 && m & (1 << **old) != 0)
            .fold(0u8, |acc, (new, _)| acc | (1 << new))
    };
    let has_parts = acc.postings.len() <= 64.max(n / 8);
    let multi = kept.len() > 1;
    let postings = acc
        .postings
        .iter()
        .zip(&acc.masks)
        .map(|(p, &m)| Posting {
            parts: if has_parts { p.parts } else { 0 },
            vmask: if multi { remap(m) } else { 0 },
            ..*p
        })
        .collect();
    Record {
        variants: kept.iter().map(|&i| acc.variants[i].0.clone()).collect(),
        truncated: order.len() > MAX_VARIANTS,
        has_parts,
        succ,
        postings,
    }
}

/// Successor lists of unigrams from the bigrams: (vocab index, bigram df).
fn successors(
    terms: &[(String, Box<TermAcc>)],
    vocab: &HashMap<&str, u32>,
) -> HashMap<String, Vec<(u32, u32)>> {
    let mut succ: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    for (k, t) in terms.iter().filter(|(_, t)| t.kind == Kind::Bi) {
        if let Some((u, v)) = k.split_once(' ')
            && let Some(&vi) = vocab.get(v)
        {
            let df = t.postings.len() as u32;
            succ.entry(u.to_owned()).or_default().push((vi, df));
        }
    }
    for list in succ.values_mut() {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(MAX_SUCC);
    }
    succ
}

/// Content hash of a group of files.
fn group_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize(), 5)
}

/// Names files `<dir>/<id>.<group hash>.<ext>`; returns the group hashes.
fn name_groups(
    dir: &str,
    ext: &str,
    files: Vec<(String, Vec<u8>)>,
    group_of: impl Fn(usize) -> usize,
    out: &mut Vec<(String, Vec<u8>)>,
) -> Vec<String> {
    let ngroups = files.len().checked_sub(1).map_or(0, |l| group_of(l) + 1);
    let mut groups: Vec<Vec<(String, Vec<u8>)>> = (0..ngroups).map(|_| Vec::new()).collect();
    for (i, f) in files.into_iter().enumerate() {
        groups[group_of(i)].push(f);
    }
    let mut hashes = Vec::with_capacity(ngroups);
    for g in groups {
        let h = group_hash(&g);
        for (id, bytes) in g {
            out.push((format!("{dir}/{id}.{h}.{ext}"), bytes));
        }
        hashes.push(h);
    }
    hashes
}

/// Unigram records in vocabulary order, cut into chunk files.
fn unigram_chunks(uni: &[(String, u32, Vec<u8>)]) -> (Vec<u32>, Vec<Vec<u8>>) {
    let mut starts = Vec::new();
    let mut chunks = Vec::new();
    let mut cur: Vec<(&str, &[u8])> = Vec::new();
    let mut size = 0;
    for (i, (k, _, r)) in uni.iter().enumerate() {
        let len = k.len() + r.len() + 6;
        if !cur.is_empty() && size + len > UNIGRAM_CHUNK {
            chunks.push(encode_pack(&cur));
            cur.clear();
            size = 0;
        }
        if cur.is_empty() {
            starts.push(i as u32);
        }
        cur.push((k, r));
        size += len;
    }
    if !cur.is_empty() || chunks.is_empty() {
        if cur.is_empty() {
            starts.push(0);
        }
        chunks.push(encode_pack(&cur));
    }
    (starts, chunks)
}

/// Term packs outside the vocabulary.
struct Buckets {
    /// Number of buckets.
    count: u32,
    /// Bucket files.
    files: Vec<Vec<u8>>,
    /// Keys with their own file, in file order.
    big: Vec<String>,
    /// Their files.
    big_files: Vec<Vec<u8>>,
}

/// Bigrams, code tokens and numbers: big ones get their own file (listed
/// in key order), the rest are hashed into buckets.
fn bucket_files(other: &[(String, Vec<u8>)]) -> Buckets {
    let entry_len = |k: &str, r: &[u8]| k.len() + r.len() + 6;
    let small_total: usize = other
        .iter()
        .map(|(k, r)| entry_len(k, r))
        .filter(|&l| l <= BIG_BYTES)
        .sum();
    let nb = small_total.div_ceil(BUCKET_TARGET).max(1);
    let mut buckets: Vec<Vec<(&str, &[u8])>> = (0..nb).map(|_| Vec::new()).collect();
    let mut big = Vec::new();
    let mut big_files = Vec::new();
    for (k, r) in other {
        if entry_len(k, r) > BIG_BYTES {
            big.push(k.clone());
            big_files.push(encode_pack(&[(k.as_str(), r.as_slice())]));
        } else {
            buckets[fnv1a(k) as usize % nb].push((k, r));
        }
    }
    Buckets {
        count: nb as u32,
        files: buckets.iter().map(|b| encode_pack(b)).collect(),
        big,
        big_files,
    }
}

/// Keys joined by newlines (the manifest's compact key lists).
fn join_keys<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.collect::<Vec<_>>().join("\n")
}

/// Numbers a list of file contents by position.
fn numbered(v: Vec<Vec<u8>>) -> Vec<(String, Vec<u8>)> {
    v.into_iter()
        .enumerate()
        .map(|(i, b)| (i.to_string(), b))
        .collect()
}

/// Merged, encoded terms split by where they are stored.
struct Encoded {
    /// Vocabulary keys with their records, sorted by key.
    vocab: Vec<(String, u32, Vec<u8>)>,
    /// Bigrams, code tokens and numbers with their records, sorted by key.
    other: Vec<(String, Vec<u8>)>,
}

/// Merges all pages' terms and encodes one record per term.
fn encode_terms(analyses: &[Analysis]) -> Encoded {
    let n = analyses.len();
    let nparts: Vec<u8> = analyses.iter().map(|a| a.nparts).collect();
    let mut terms: Vec<(String, Box<TermAcc>)> = (0..PARTITIONS)
        .into_par_iter()
        .flat_map_iter(|p| merge_partition(analyses, p))
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let in_vocab = |k: &str, t: &TermAcc| t.kind == Kind::Uni && is_vocab_key(k);
    let vocab_index: HashMap<&str, u32> = terms
        .iter()
        .filter(|(k, t)| in_vocab(k, t))
        .enumerate()
        .map(|(i, (k, _))| (k.as_str(), i as u32))
        .collect();
    let succ = successors(&terms, &vocab_index);
    let records: Vec<Vec<u8>> = terms
        .par_iter()
        .map(|(k, t)| {
            let s = succ.get(k).cloned().unwrap_or_default();
            encode_record(&finalize(t, n, s), &nparts)
        })
        .collect();
    let mut out = Encoded {
        vocab: Vec::new(),
        other: Vec::new(),
    };
    for ((k, t), r) in terms.into_iter().zip(records) {
        if in_vocab(&k, &t) {
            out.vocab.push((k, t.postings.len() as u32, r));
        } else {
            out.other.push((k, r));
        }
    }
    out
}

/// Per-page outputs gathered after analysis.
struct Pages {
    files: Vec<(String, Vec<u8>)>,
    groups: Vec<usize>,
    table: Vec<u8>,
    total: u64,
    mined: Vec<(String, String, usize)>,
    warnings: Vec<String>,
}

/// Collects part files, the document table, mined abbreviations and
/// warnings.
fn collect_pages(analyses: Vec<Analysis>) -> Pages {
    let mut p = Pages {
        files: Vec::new(),
        groups: Vec::new(),
        table: Vec::with_capacity(2 * analyses.len()),
        total: 0,
        mined: Vec::new(),
        warnings: Vec::new(),
    };
    let mut mined: HashMap<(String, String), usize> = HashMap::new();
    for (d, a) in analyses.into_iter().enumerate() {
        for (i, bytes) in a.part_files.into_iter().enumerate() {
            p.files.push((format!("{d}-{i}"), bytes));
            p.groups.push(d / GROUP);
        }
        for m in a.mined {
            *mined.entry(m).or_default() += 1;
        }
        p.warnings.extend(a.warnings);
        p.table.extend(doc_entry(a.len, a.nparts));
        p.total += u64::from(a.len);
    }
    p.mined = mined.into_iter().map(|((a, l), c)| (a, l, c)).collect();
    p
}

/// Builds the search index for `docs` (see [`super::build_index`]).
pub fn build(docs: &[SearchDocument], glossary: &[Abbreviation]) -> SearchFiles {
    let analyses: Vec<Analysis> = docs.par_iter().map(analyze).collect();
    let n = analyses.len();
    let enc = encode_terms(&analyses);
    let pages = collect_pages(analyses);
    let (uc, uchunks) = unigram_chunks(&enc.vocab);
    let b = bucket_files(&enc.other);
    let mut out = Vec::new();
    let ug = name_groups("u", "bin", numbered(uchunks), |i| i / GROUP, &mut out);
    let pg = name_groups("p", "bin", numbered(b.files), |i| i / GROUP, &mut out);
    let bg = name_groups("t", "bin", numbered(b.big_files), |i| i / GROUP, &mut out);
    let groups = pages.groups;
    let dg = name_groups("d", "json", pages.files, |i| groups[i], &mut out);
    let abbr = merge(glossary, &pages.mined)
        .into_iter()
        .map(|e| std::iter::once(e.abbr).chain(e.longs).collect())
        .collect();
    let meta = Meta {
        v: VERSION,
        n: n as u32,
        total: pages.total,
        docs: base64_encode(&pages.table),
        vocab: join_keys(enc.vocab.iter().map(|v| v.0.as_str())),
        df: enc.vocab.iter().map(|v| v.1).collect(),
        uc,
        ug,
        buckets: b.count,
        pg,
        big: join_keys(b.big.iter().map(String::as_str)),
        bg,
        dg,
        abbr,
    };
    let json = serde_json::to_vec(&meta).unwrap_or_default();
    let name = format!("meta.{}.json", hex(&Sha256::digest(&json), 5));
    out.insert(0, (name.clone(), json));
    SearchFiles {
        files: out,
        manifest: format!("/search/{name}"),
        warnings: pages.warnings,
    }
}
