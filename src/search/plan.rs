//! Query planning (spec §11): query tokens become *slots* with alternatives
//! (exact, Telex/VNI decode, prefix completion), *features* (unigrams,
//! bigrams of adjacent slots, code tokens) and *spans* where an abbreviation
//! expands (SXSH ⇄ sản xuất sạch hơn). `search.js` builds the same plan.

use super::abbreviations::{key as abbr_key, long_key};
use super::format::{Meta, Record, is_vocab_key, split_keys};
use super::normalize::{clean, fold, is_word_char};
use super::syllable::parse;
use super::telex::decode;
use super::tokenize::tokenize;
use std::collections::HashMap;

/// Weight of a Telex/VNI-decoded alternative.
pub const W_DECODE: f64 = 0.9;
/// Weight of an abbreviation expansion.
pub const W_EXPAND: f64 = 0.9;
/// Weight of a prefix completion of the last word.
pub const W_PREFIX: f64 = 0.8;
/// Weight of bigram and code-token features relative to unigrams.
pub const LAMBDA: f64 = 1.5;
/// Most query tokens used.
pub const MAX_SLOTS: usize = 12;
/// Most alternatives of a bigram feature.
pub const MAX_BIGRAM_ALTS: usize = 8;
/// Most prefix completions.
pub const MAX_PREFIX: usize = 3;

/// The index vocabulary and abbreviations, as the query side needs them.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Unigram keys in index order.
    pub vocab: Vec<String>,
    /// Document frequency per unigram.
    pub df: Vec<u32>,
    /// Unigram key → index.
    pub index: HashMap<String, u32>,
    /// Abbreviation key → (display abbreviation, long forms (display, keys)).
    pub abbr: HashMap<String, AbbrInfo>,
    /// Folded long form → abbreviations (display, key).
    pub by_long: HashMap<Vec<String>, Vec<(String, String)>>,
    /// Distinct long-form lengths, longest first.
    pub long_lens: Vec<usize>,
}

/// One abbreviation with its long forms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AbbrInfo {
    /// Display form (`SXSH`).
    pub abbr: String,
    /// Long forms: display text and folded syllables.
    pub longs: Vec<(String, Vec<String>)>,
}

impl Lexicon {
    /// Builds the lexicon from a manifest.
    pub fn from_meta(meta: &Meta) -> Lexicon {
        let mut lx = Lexicon {
            vocab: split_keys(&meta.vocab),
            df: meta.df.clone(),
            ..Lexicon::default()
        };
        for (i, v) in lx.vocab.iter().enumerate() {
            lx.index.insert(v.clone(), i as u32);
        }
        for row in &meta.abbr {
            let Some((abbr, longs)) = row.split_first() else {
                continue;
            };
            let k = abbr_key(abbr);
            let mut info = AbbrInfo {
                abbr: abbr.clone(),
                longs: Vec::new(),
            };
            for l in longs {
                let lk = long_key(l);
                if lk.len() >= 2 {
                    let list = lx.by_long.entry(lk.clone()).or_default();
                    if !list.iter().any(|x| x.1 == k) {
                        list.push((abbr.clone(), k.clone()));
                    }
                }
                info.longs.push((l.clone(), lk));
            }
            lx.abbr.entry(k).or_insert(info);
        }
        let mut lens: Vec<usize> = lx.by_long.keys().map(Vec::len).collect();
        lens.sort_unstable_by(|a, b| b.cmp(a));
        lens.dedup();
        lx.long_lens = lens;
        lx
    }

    /// Whether a unigram key is in the vocabulary.
    pub fn has(&self, k: &str) -> bool {
        self.index.contains_key(k)
    }

    /// Whether a unigram key may have postings: vocabulary keys must be in
    /// the vocabulary; numbers are not listed, so they may.
    fn known(&self, k: &str) -> bool {
        !is_vocab_key(k) || self.has(k)
    }

    /// Whether a term can have postings (a unigram, or both halves of a
    /// bigram, must be [`Lexicon::known`]; code tokens are unknown).
    pub fn may_exist(&self, term: &str) -> bool {
        match term.split_once(' ') {
            Some((a, b)) => self.known(a) && self.known(b),
            None => self.known(term),
        }
    }
}

/// One alternative term of a feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Alt {
    /// Index key (F form; bigrams are `a b`).
    pub term: String,
    /// Weight (1, or the product of decode/expansion/prefix weights).
    pub w: f64,
    /// Per syllable, the exact form the user typed, `None` when typed
    /// without marks (neutral for diacritic agreement).
    pub q: Vec<Option<String>>,
    /// Whether it completes the typed last word; such an alternative is
    /// scored with at most the IDF of the feature's first (typed)
    /// alternative, so a rare extension (`tương`) never outranks the word
    /// the user actually typed (`tư`).
    pub prefix: bool,
}

/// A query token.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Lowercase text.
    pub text: String,
    /// Folded key.
    pub f: String,
    /// Whether it follows the previous slot with only spaces between.
    pub adj: bool,
    /// Unigram alternatives: exact first, then a decode.
    pub alts: Vec<Alt>,
    /// First and last folded syllables of its abbreviation expansion.
    pub edges: Option<(String, String)>,
}

/// What a feature scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// The unigram of slot `i`.
    Uni(usize),
    /// The bigram of slots `i`, `i + 1`.
    Bi(usize),
    /// A code token over slots `first..=last`.
    Whole(usize, usize),
}

/// A scored feature: the best of its alternatives counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// What it covers.
    pub kind: FeatureKind,
    /// Multiplier (1 for unigrams, [`LAMBDA`] otherwise).
    pub mult: f64,
    /// Alternatives.
    pub alts: Vec<Alt>,
}

impl Feature {
    /// Whether the feature lies within slots `first..=last`.
    pub fn inside(&self, first: usize, last: usize) -> bool {
        match self.kind {
            FeatureKind::Uni(i) => first <= i && i <= last,
            FeatureKind::Bi(i) => first <= i && i < last,
            FeatureKind::Whole(a, b) => first <= a && b <= last,
        }
    }
}

/// An abbreviation alternative of a span.
#[derive(Debug, Clone, PartialEq)]
pub enum Expansion {
    /// The span is an abbreviation; score its long form (unigrams, bigrams).
    Long {
        /// Folded syllables.
        uni: Vec<String>,
        /// Bigrams of adjacent syllables.
        bi: Vec<String>,
    },
    /// The span is a long form; score its abbreviation.
    Abbr {
        /// Abbreviation key.
        term: String,
    },
}

/// Slots `first..=last` that an abbreviation can replace.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// First slot.
    pub first: usize,
    /// Last slot.
    pub last: usize,
    /// Alternatives competing with the span's own features.
    pub alts: Vec<Expansion>,
}

/// Something to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    /// An abbreviation and its long form were both searched.
    Abbr(String, String),
    /// A token was read as Telex/VNI (raw, decoded).
    Decoded(String, String),
}

/// A planned query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// Query tokens.
    pub slots: Vec<Slot>,
    /// Features in scoring order: unigrams, bigrams, code tokens.
    pub features: Vec<Feature>,
    /// Abbreviation spans.
    pub spans: Vec<Span>,
    /// Slot whose key is prefix-matched (the last word while typing).
    pub prefix: Option<usize>,
    /// Hints to show.
    pub hints: Vec<Hint>,
}

/// Query-side exact forms: `None` when the token has no marks.
fn q_of(marked: bool, e: &str) -> Vec<Option<String>> {
    vec![marked.then(|| e.to_owned())]
}

/// Whether an abbreviation key may expand for a token with `upper` capitals:
/// keys that are also Vietnamese syllables (`toe`, `do`) need the token
/// typed in capitals.
fn gate(key: &str, upper: usize) -> bool {
    parse(key).is_none() || upper >= 2
}

/// Builds slots from the query text; returns them with the code runs.
fn make_slots(c: &str, lx: &Lexicon, hints: &mut Vec<Hint>) -> (Vec<Slot>, Vec<(usize, usize)>) {
    let toks = tokenize(c);
    let n = toks.tokens.len().min(MAX_SLOTS);
    let in_run = |i: usize| toks.runs.iter().any(|r| r.first <= i && i <= r.last);
    let mut slots = Vec::with_capacity(n);
    for (i, t) in toks.tokens.iter().take(n).enumerate() {
        let mut alts = vec![Alt {
            term: t.f.clone(),
            w: 1.0,
            q: q_of(t.marked, &t.e),
            prefix: false,
        }];
        let raw_unknown = !lx.has(&t.f) && !in_run(i) && t.text.is_ascii();
        if raw_unknown && let Some(d) = decode(&t.text).filter(|d| lx.has(&d.f)) {
            hints.push(Hint::Decoded(t.text.clone(), d.text.clone()));
            alts.push(Alt {
                term: d.f,
                w: W_DECODE,
                q: vec![Some(d.e)],
                prefix: false,
            });
        }
        slots.push(Slot {
            text: t.text.clone(),
            f: t.f.clone(),
            adj: t.adj && i > 0,
            alts,
            edges: None,
        });
    }
    let runs = toks
        .runs
        .iter()
        .filter(|r| r.last < n)
        .map(|r| (r.first, r.last))
        .collect();
    (slots, runs)
}

/// Long-form expansions of an abbreviation.
fn long_alts(info: &AbbrInfo) -> Vec<Expansion> {
    info.longs
        .iter()
        .map(|(_, lk)| Expansion::Long {
            uni: lk.clone(),
            bi: lk
                .windows(2)
                .map(|w| format!("{} {}", w[0], w[1]))
                .collect(),
        })
        .collect()
}

/// Finds abbreviation spans: code tokens, then single tokens, then long
/// forms typed out (longest first, left to right).
fn find_spans(
    c: &str,
    slots: &mut [Slot],
    runs: &[(usize, usize)],
    lx: &Lexicon,
    uppers: &[usize],
    hints: &mut Vec<Hint>,
) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let toks = tokenize(c);
    for &(a, b) in runs {
        let k = fold(&toks.span_text(c, a, b));
        let up: usize = uppers[a..=b].iter().sum();
        if let Some(info) = lx.abbr.get(&k).filter(|_| gate(&k, up)) {
            hint_abbr(info, hints);
            spans.push(Span {
                first: a,
                last: b,
                alts: long_alts(info),
            });
        }
    }
    for i in 0..slots.len() {
        if spans.iter().any(|s| s.first <= i && i <= s.last) {
            continue;
        }
        let k = fold(&slots[i].text);
        if let Some(info) = lx.abbr.get(&k).filter(|_| gate(&k, uppers[i])) {
            hint_abbr(info, hints);
            if let Some((_, lk)) = info.longs.first() {
                let first = lk.first().cloned().unwrap_or_default();
                slots[i].edges = Some((first, lk.last().cloned().unwrap_or_default()));
            }
            spans.push(Span {
                first: i,
                last: i,
                alts: long_alts(info),
            });
        }
    }
    reverse_spans(slots, lx, &mut spans, hints);
    spans.sort_by_key(|s| s.first);
    spans
}

/// Adds an abbreviation hint (first long form).
fn hint_abbr(info: &AbbrInfo, hints: &mut Vec<Hint>) {
    if let Some((l, _)) = info.longs.first() {
        hints.push(Hint::Abbr(info.abbr.clone(), l.clone()));
    }
}

/// Spans where the user typed a known long form.
fn reverse_spans(slots: &[Slot], lx: &Lexicon, spans: &mut Vec<Span>, hints: &mut Vec<Hint>) {
    let taken =
        |spans: &Vec<Span>, a: usize, b: usize| spans.iter().any(|s| s.first <= b && a <= s.last);
    let mut i = 0;
    while i < slots.len() {
        let mut found = None;
        for &len in &lx.long_lens {
            let end = i + len;
            if end > slots.len() || taken(spans, i, end - 1) {
                continue;
            }
            if slots[i + 1..end].iter().any(|s| !s.adj) {
                continue;
            }
            let key: Vec<String> = slots[i..end].iter().map(|s| s.f.clone()).collect();
            if let Some(list) = lx.by_long.get(&key) {
                found = Some((len, list.clone()));
                break;
            }
        }
        match found {
            Some((len, list)) => {
                for (_, k) in &list {
                    if let Some(info) = lx.abbr.get(k) {
                        hint_abbr(info, hints);
                    }
                }
                spans.push(Span {
                    first: i,
                    last: i + len - 1,
                    alts: list
                        .into_iter()
                        .map(|(_, k)| Expansion::Abbr { term: k })
                        .collect(),
                });
                i += len;
            }
            None => i += 1,
        }
    }
}

/// Right-edge (`right`) or left-edge alternatives of a slot for bigrams.
fn edge_alts(s: &Slot, right: bool) -> Vec<Alt> {
    let mut v = s.alts.clone();
    if let Some((first, last)) = &s.edges {
        v.push(Alt {
            term: if right { last.clone() } else { first.clone() },
            w: W_EXPAND,
            q: vec![None],
            prefix: false,
        });
    }
    v
}

/// Bigram alternatives of two edge lists.
fn cross(left: &[Alt], right: &[Alt]) -> Vec<Alt> {
    let mut v = Vec::new();
    for l in left {
        for r in right {
            if v.len() < MAX_BIGRAM_ALTS {
                v.push(Alt {
                    term: format!("{} {}", l.term, r.term),
                    w: l.w * r.w,
                    q: l.q.iter().chain(&r.q).cloned().collect(),
                    prefix: l.prefix || r.prefix,
                });
            }
        }
    }
    v
}

/// Builds the features of the planned slots.
fn make_features(c: &str, slots: &[Slot], runs: &[(usize, usize)]) -> Vec<Feature> {
    let mut fs: Vec<Feature> = slots
        .iter()
        .enumerate()
        .map(|(i, s)| Feature {
            kind: FeatureKind::Uni(i),
            mult: 1.0,
            alts: s.alts.clone(),
        })
        .collect();
    for i in 1..slots.len() {
        if slots[i].adj {
            fs.push(Feature {
                kind: FeatureKind::Bi(i - 1),
                mult: LAMBDA,
                alts: cross(
                    &edge_alts(&slots[i - 1], true),
                    &edge_alts(&slots[i], false),
                ),
            });
        }
    }
    let toks = tokenize(c);
    for &(a, b) in runs {
        let text = toks.span_text(c, a, b);
        fs.push(Feature {
            kind: FeatureKind::Whole(a, b),
            mult: LAMBDA,
            alts: vec![Alt {
                term: fold(&text),
                w: 1.0,
                q: q_of(!text.is_ascii(), &text),
                prefix: false,
            }],
        });
    }
    fs
}

/// Plans a query. The last word is a prefix when the query ends inside a
/// word (search as you type) and is long enough.
pub fn plan(query: &str, lx: &Lexicon) -> Plan {
    let c = clean(query);
    let mut hints = Vec::new();
    let (mut slots, runs) = make_slots(&c, lx, &mut hints);
    let uppers: Vec<usize> = tokenize(&c)
        .tokens
        .iter()
        .take(slots.len())
        .map(|t| t.upper)
        .collect();
    let spans = find_spans(&c, &mut slots, &runs, lx, &uppers, &mut hints);
    let features = make_features(&c, &slots, &runs);
    let typing = c.chars().last().is_some_and(is_word_char);
    let prefix = slots.len().checked_sub(1).filter(|&l| {
        let min = if slots.len() > 1 { 1 } else { 2 };
        typing && slots[l].f.chars().count() >= min
    });
    Plan {
        slots,
        features,
        spans,
        prefix,
        hints,
    }
}

impl Plan {
    /// Every distinct term of features and spans that may exist, in order.
    pub fn terms(&self, lx: &Lexicon) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |t: &str| {
            if lx.may_exist(t) && !out.iter().any(|x| x == t) {
                out.push(t.to_owned());
            }
        };
        for f in &self.features {
            f.alts.iter().for_each(|a| push(&a.term));
        }
        for s in &self.spans {
            for e in &s.alts {
                match e {
                    Expansion::Long { uni, bi } => uni.iter().chain(bi).for_each(|t| push(t)),
                    Expansion::Abbr { term } => push(term),
                }
            }
        }
        out
    }

    /// The vocabulary key whose successors rank completions: the previous
    /// slot's first alternative in the vocabulary, when adjacent.
    pub fn prefix_context(&self, lx: &Lexicon) -> Option<String> {
        let p = self.prefix?;
        if p == 0 || !self.slots[p].adj {
            return None;
        }
        let prev = &self.slots[p - 1];
        prev.alts
            .iter()
            .find(|a| lx.has(&a.term))
            .map(|a| a.term.clone())
    }

    /// Completions of the prefix slot: successors of the previous word
    /// first (at most [`MAX_PREFIX`]), then — only when the typed key is not
    /// itself a word — the most frequent vocabulary keys with that prefix.
    pub fn completions(&self, lx: &Lexicon, context: Option<&Record>) -> Vec<String> {
        let Some(p) = self.prefix else {
            return Vec::new();
        };
        let key = &self.slots[p].f;
        let ok = |t: &str| t.starts_with(key.as_str()) && t != key;
        let mut chosen: Vec<String> = Vec::new();
        if let Some(rec) = context {
            for &(vi, _) in &rec.succ {
                let t = &lx.vocab[vi as usize];
                if ok(t) && chosen.len() < MAX_PREFIX {
                    chosen.push(t.clone());
                }
            }
        }
        let need = if lx.has(key) { 0 } else { MAX_PREFIX };
        if chosen.len() < need {
            let mut cands: Vec<usize> = (0..lx.vocab.len())
                .filter(|&i| ok(&lx.vocab[i]) && !chosen.contains(&lx.vocab[i]))
                .collect();
            cands.sort_by(|&a, &b| lx.df[b].cmp(&lx.df[a]).then(a.cmp(&b)));
            for i in cands.into_iter().take(need - chosen.len()) {
                chosen.push(lx.vocab[i].clone());
            }
        }
        chosen
    }

    /// Adds completions as alternatives of the prefix slot's unigram and of
    /// the bigram it ends.
    pub fn add_completions(&mut self, comps: &[String]) {
        let Some(p) = self.prefix else {
            return;
        };
        let left = if p > 0 && self.slots[p].adj {
            Some(edge_alts(&self.slots[p - 1], true))
        } else {
            None
        };
        for f in &mut self.features {
            match f.kind {
                FeatureKind::Uni(i) if i == p => {
                    for c in comps {
                        f.alts.push(Alt {
                            term: c.clone(),
                            w: W_PREFIX,
                            q: vec![None],
                            prefix: true,
                        });
                    }
                }
                FeatureKind::Bi(i) if i + 1 == p => {
                    let right: Vec<Alt> = comps
                        .iter()
                        .map(|c| Alt {
                            term: c.clone(),
                            w: W_PREFIX,
                            q: vec![None],
                            prefix: true,
                        })
                        .collect();
                    if let Some(l) = &left {
                        f.alts.extend(cross(l, &right));
                    }
                }
                _ => {}
            }
        }
    }

    /// Folded keys to highlight: every unigram alternative (including
    /// chosen completions) and the syllables of expansions.
    pub fn highlight_keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for f in &self.features {
            if let FeatureKind::Uni(_) = f.kind {
                keys.extend(f.alts.iter().map(|a| a.term.clone()));
            }
        }
        for s in &self.spans {
            for e in &s.alts {
                match e {
                    Expansion::Long { uni, .. } => keys.extend(uni.iter().cloned()),
                    Expansion::Abbr { term } => keys.push(term.clone()),
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }
}
