//! Building the index (spec §9): analyse pages in parallel, a chunk at a
//! time, merging each chunk's page-level postings into per-term
//! accumulators right away (so page tables never pile up); then write
//! unigram chunks, hash buckets, big-term files, page part files and the
//! manifest, all with content-hashed names.

use super::abbreviations::{merge, mine};
use super::codec::{FxBuild, base64_encode, fnv1a, get_varint, hex, put_varint};
use super::format::{
    GROUP, IN_HEADING, IN_TITLE, MAX_VARIANTS, Meta, Posting, RecordHead, VERSION, doc_entry,
    encode_pack, encode_part, is_vocab_key, write_record,
};
use super::legacy::repair;
use super::normalize::{clean, fold, lower};
use super::parts::{Section, split_parts};
use super::tokenize::{Forms, Run, TokenSink, grouped_number, tokenize_to};
use super::{Abbreviation, SearchDocument, SearchFiles};
use rayon::prelude::*;
use std::borrow::{Borrow, Cow};
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

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
/// Pages analysed before their terms are merged. A multiple of [`GROUP`],
/// so each chunk closes whole groups of part files.
const CHUNK: usize = 2 * GROUP;

/// What a term key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Kind {
    #[default]
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

/// What one occurrence adds to its term's statistics on the page: the same for every token of
/// a segment, so worked out once for it.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// Added to the term's count: occurrences are counted in the body only.
    tf: u32,
    /// [`IN_TITLE`] or [`IN_HEADING`], or 0 in the body.
    fields: u8,
    /// The bit of the page's part.
    part: u8,
}

impl Place {
    fn new(field: Field, part: usize) -> Place {
        let (tf, fields) = match field {
            Field::Body => (1, 0),
            Field::Title => (0, IN_TITLE),
            Field::Heading => (0, IN_HEADING),
        };
        Place {
            tf,
            fields,
            part: 1 << part,
        }
    }
}

/// Strings numbered as they are first asked for: the term keys or exact forms of words and
/// code tokens. (Bigrams are not numbered: see [`Text`].) The table is split into shards, each
/// behind its own lock, so the threads rarely wait for each other; ids come from one counter.
/// (The two threads ask in no fixed order, so nothing in the index depends on an id's value.)
struct Interner {
    next: AtomicU32,
    shards: Vec<Mutex<HashMap<Box<str>, u32, FxBuild>>>,
}

/// Shards of an [`Interner`]: a power of two, many times the number of threads.
const SHARDS: usize = 64;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            next: AtomicU32::new(0),
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl Interner {
    /// The id of `s`, numbering it if new.
    fn id(&self, s: &str) -> u32 {
        let hash = FxBuild::default().hash_one(s);
        // The high bits: FxHash's low bits are the weakest.
        let mut shard = self.shards[(hash >> 58) as usize % SHARDS]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(&i) = shard.get(s) {
            return i;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        shard.insert(s.into(), i);
        i
    }

    /// The strings by id.
    fn into_list(self) -> Vec<Box<str>> {
        let mut list: Vec<Box<str>> = vec![Box::default(); self.next.into_inner() as usize];
        for shard in self.shards {
            for (text, i) in shard.into_inner().unwrap_or_else(PoisonError::into_inner) {
                list[i as usize] = text;
            }
        }
        list
    }
}

/// A term key or an exact form: one interned text, or a bigram's two joined by a space, known
/// by the ids of the two. A real book has a hundred bigrams for each word; numbering them
/// meant a lookup in a shared table of millions for every bigram of every page, which took
/// most of the index's time with a realistic vocabulary. A page's bigrams are now told apart
/// in a small table of that page, and spelt out once, when the files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Text(u64);

/// Mixes the first word into the low bits: FxHash's low bits depend only on the value's low
/// bits, and a hash table picks its buckets with them, so bigrams ending in the same word
/// would all start at one bucket.
impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.mixed());
    }
}

/// [`Text`]'s mark of a single text (ids stay far below 2³¹).
const SINGLE: u64 = 1 << 63;

impl Text {
    /// The interned text `id`.
    fn one(id: u32) -> Text {
        Text(SINGLE | u64::from(id))
    }

    /// The texts `a` and `b` joined by a space.
    fn two(a: u32, b: u32) -> Text {
        Text((u64::from(a) << 32) | u64::from(b))
    }

    /// The value with the first word's id mixed into the low bits (see the `Hash` impl).
    fn mixed(self) -> u64 {
        self.0 ^ (self.0 >> 32).wrapping_mul(0x9e37_79b9)
    }

    /// Whether this is a single text.
    fn is_single(self) -> bool {
        self.0 & SINGLE != 0
    }

    /// Appends the text to `out`, given the interned strings by id.
    fn spell_into(self, list: &[Box<str>], out: &mut String) {
        if self.is_single() {
            out.push_str(&list[self.0 as u32 as usize]);
        } else {
            out.push_str(&list[(self.0 >> 32) as usize]);
            out.push(' ');
            out.push_str(&list[self.0 as u32 as usize]);
        }
    }

    /// The text, given the interned strings by id.
    fn spell(self, list: &[Box<str>]) -> Cow<'_, str> {
        if self.is_single() {
            return Cow::Borrowed(&list[self.0 as u32 as usize]);
        }
        let mut out = String::new();
        self.spell_into(list, &mut out);
        Cow::Owned(out)
    }
}

/// What all threads of one build share while analysing.
struct Shared {
    /// Distinguishes this build in the threads' id memos.
    build: u64,
    /// Term keys.
    keys: Interner,
    /// Exact forms (variants).
    forms: Interner,
}

/// Numbers builds, so a thread's memo never serves ids of another build.
static BUILDS: AtomicU64 = AtomicU64::new(1);

/// A thread's tables, kept between pages so that a page's tables grow into them instead of
/// growing from nothing on every page. The ids of words and code tokens are memoized in their
/// shared [`Forms`] ([`Forms::ids`]), so most tokens cost no string hashing or locking.
#[derive(Default)]
struct Ids {
    build: u64,
    /// [`DocAcc::at`], kept between pages (all zero).
    at: Vec<u32>,
    /// [`DocAcc::pairs`], kept between pages (emptied).
    pairs: PairTable,
    /// [`DocAcc::terms`], kept between pages (empty); they leave as exact-size copies.
    terms: [Vec<DocTerm>; MERGE_SHARDS],
    /// The tokens and code tokens of the last text, reused for the next.
    tokens: Vec<IdToken>,
    runs: Vec<Run>,
    /// The terms of each code token this thread has indexed, by its text: numbers and document
    /// numbers repeat, and working them out again took lowercasing, folding and four lookups
    /// in the shared tables each time.
    code: HashMap<Box<str>, Box<[CodeTerm]>, FxBuild>,
}

/// A term of a code token: what it is, its key, its exact form.
type CodeTerm = (Kind, Text, Text);

/// Code tokens remembered per thread ([`Ids::code`]) before the memo is emptied.
const CODE_MEMO: usize = 50_000;

/// A token as the index takes it from the tokenizer: where it is and its ids, no forms.
#[derive(Debug, Clone, Copy)]
struct IdToken {
    start: u32,
    end: u32,
    adj: bool,
    /// Ids of its key F and exact form E.
    ids: (u32, u32),
}

/// The tokenizer's output as the index keeps it ([`Ids::tokens`], [`Ids::runs`]).
struct IdSink<'a> {
    tokens: Vec<IdToken>,
    runs: Vec<Run>,
    shared: &'a Shared,
}

impl TokenSink for IdSink<'_> {
    fn count(&self) -> usize {
        self.tokens.len()
    }

    fn token(&mut self, start: usize, end: usize, adj: bool, forms: &Rc<Forms>) {
        self.tokens.push(IdToken {
            start: start as u32,
            end: end as u32,
            adj,
            ids: Ids::token(forms, self.shared),
        });
    }

    fn run(&mut self, run: Run) {
        self.runs.push(run);
    }
}

thread_local! {
    static IDS: RefCell<Ids> = RefCell::default();
}

impl Ids {
    /// Ids of a token's key F and exact form E.
    fn token(f: &Forms, sh: &Shared) -> (u32, u32) {
        let (build, k, e) = f.ids.get();
        if build == sh.build {
            return (k, e);
        }
        let (k, e) = (sh.keys.id(&f.f), sh.forms.id(&f.e));
        f.ids.set((sh.build, k, e));
        (k, e)
    }
}

/// A term's statistics within one page.
#[derive(Debug)]
struct DocTerm {
    key: Text,
    kind: Kind,
    tf: u32,
    fields: u8,
    parts: u8,
    /// First exact form; every term has one.
    first: Text,
    /// Further exact forms, rare: the first of them in the page's [`FormList`] (0: none).
    /// Nothing in a page's term owns memory, so its lists are freed without a look at each.
    more: u32,
}

/// A page's further exact forms, as linked lists in one vector: (form, next entry; 0 ends
/// the list). Entry 0 is unused, so that 0 can mean "none".
struct FormList(Vec<(Text, u32)>);

impl Default for FormList {
    fn default() -> Self {
        FormList(vec![(Text::default(), 0)])
    }
}

impl FormList {
    /// The forms of the list starting at `head`, in order.
    fn iter(&self, head: u32) -> impl Iterator<Item = Text> + '_ {
        std::iter::successors((head != 0).then_some(head), |&i| {
            let next = self.0[i as usize].1;
            (next != 0).then_some(next)
        })
        .map(|i| self.0[i as usize].0)
    }

    /// Appends `form` to the list starting at `head` (0: a new list); returns its head.
    fn push(&mut self, head: u32, form: Text) -> u32 {
        let at = self.0.len() as u32;
        self.0.push((form, 0));
        if head == 0 {
            return at;
        }
        let mut i = head as usize;
        while self.0[i].1 != 0 {
            i = self.0[i].1 as usize;
        }
        self.0[i].1 = at;
        head
    }
}

/// Terms of one page while it is analysed.
#[derive(Default)]
struct DocAcc {
    len: u32,
    /// Key id of a word or code token → 1 + [`slot`] in `terms` (0: not seen on this page);
    /// dense, since these ids are few and a lookup happens for every token.
    at: Vec<u32>,
    /// Bigram → [`slot`] in `terms`.
    pairs: PairTable,
    /// The page's terms by merge shard, so that each shard of the merge reads its own list.
    terms: [Vec<DocTerm>; MERGE_SHARDS],
    /// Their further exact forms.
    forms: FormList,
}

/// A page's bigrams → their [`slot`]s: an open-addressing table emptied by a new generation
/// number rather than by clearing it. A page has a thousand bigrams or so, looked up at every
/// occurrence; a general hash table cost a fifth more there than this.
#[derive(Default)]
struct PairTable {
    /// (bigram, slot, generation); an entry of an older generation is empty.
    entries: Vec<(Text, u32, u32)>,
    len: usize,
    generation: u32,
}

impl PairTable {
    /// The slot of `key`, made by `new` and remembered if `key` is not in the table yet.
    fn get_or_insert_with(&mut self, key: Text, new: impl FnOnce() -> u32) -> u32 {
        if 2 * (self.len + 1) > self.entries.len() {
            self.grow();
        }
        let mask = self.entries.len() - 1;
        // Fibonacci hashing of the mixed ids, high bits first.
        let mut i = (key.mixed().wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as usize & mask;
        loop {
            let e = &mut self.entries[i];
            if e.2 != self.generation {
                let slot = new();
                *e = (key, slot, self.generation);
                self.len += 1;
                return slot;
            }
            if e.0 == key {
                return e.1;
            }
            i = (i + 1) & mask;
        }
    }

    /// Doubles the table (from 4,096 entries), keeping this generation's entries.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.entries);
        self.entries = vec![(Text::default(), 0, NO_GENERATION); (2 * old.len()).max(4096)];
        self.len = 0;
        let generation = self.generation;
        for (key, slot, _) in old.into_iter().filter(|e| e.2 == generation) {
            self.get_or_insert_with(key, || slot);
        }
    }

    /// Empties the table.
    fn clear(&mut self) {
        self.generation += 1;
        self.len = 0;
        if self.generation == NO_GENERATION {
            // Before numbers come round again and old entries look current.
            self.entries.iter_mut().for_each(|e| e.2 = NO_GENERATION);
            self.generation = 0;
        }
    }
}

/// The generation of an entry that was never written; never a table's own.
const NO_GENERATION: u32 = u32::MAX;

/// A term's place in [`DocAcc::terms`]: its shard in the top bits, its index below.
fn slot(shard: u8, index: usize) -> u32 {
    (u32::from(shard) << 28) | index as u32
}

/// The index bits of a [`slot`].
const SLOT_INDEX: u32 = (1 << 28) - 1;

impl DocAcc {
    /// Records one occurrence of key `key` with exact form `e` at `place`. Inlined: it runs for
    /// every word and every bigram of every page, and a call cost a fifth of its instructions.
    #[inline(always)]
    fn add(&mut self, kind: Kind, key: Text, e: Text, place: Place) {
        let terms = &mut self.terms;
        // The shard is worked out only for a term new on this page: its slot carries it.
        let mut new_slot = || {
            let shard = merge_shard(key);
            let list = &mut terms[usize::from(shard)];
            list.push(DocTerm {
                key,
                kind,
                tf: 0,
                fields: 0,
                parts: 0,
                first: e,
                more: 0,
            });
            slot(shard, list.len() - 1)
        };
        let at = if key.is_single() {
            let k = key.0 as u32 as usize;
            if k >= self.at.len() {
                self.at.resize(k + 1, 0);
            }
            if self.at[k] == 0 {
                self.at[k] = new_slot() + 1;
            }
            self.at[k] - 1
        } else {
            self.pairs.get_or_insert_with(key, new_slot)
        };
        let d = &mut self.terms[(at >> 28) as usize][(at & SLOT_INDEX) as usize];
        d.tf += place.tf;
        d.fields |= place.fields;
        d.parts |= place.part;
        if d.first != e {
            self.add_form(at, e);
        }
    }

    /// Records exact form `e` of the term in `slot`, other than its first (rare).
    #[cold]
    fn add_form(&mut self, slot: u32, e: Text) {
        let d = &mut self.terms[(slot >> 28) as usize][(slot & SLOT_INDEX) as usize];
        let (count, seen) =
            (self.forms.iter(d.more)).fold((0, false), |(n, seen), f| (n + 1, seen || f == e));
        if !seen && count + 1 < 2 * MAX_VARIANTS {
            d.more = self.forms.push(d.more, e);
        }
    }

    /// Indexes one segment of cleaned text: unigrams, bigrams of adjacent
    /// tokens, code tokens (whole and sub-runs) and grouped numbers.
    fn segment(&mut self, text: &str, field: Field, part: usize, ids: &mut Ids, sh: &Shared) {
        let place = Place::new(field, part);
        let mut toks = IdSink {
            tokens: std::mem::take(&mut ids.tokens),
            runs: std::mem::take(&mut ids.runs),
            shared: sh,
        };
        toks.tokens.clear();
        toks.runs.clear();
        tokenize_to(text, &mut toks);
        let mut prev = (0, 0);
        for (i, t) in toks.tokens.iter().enumerate() {
            self.len += 1;
            let cur = t.ids;
            self.add(Kind::Uni, Text::one(cur.0), Text::one(cur.1), place);
            if t.adj && i > 0 {
                let (key, e) = (Text::two(prev.0, cur.0), Text::two(prev.1, cur.1));
                self.add(Kind::Bi, key, e, place);
            }
            prev = cur;
        }
        for run in &toks.runs {
            let (start, end) = (toks.tokens[run.first].start, toks.tokens[run.last].end);
            let raw = &text[start as usize..end as usize];
            if !ids.code.contains_key(raw) {
                if ids.code.len() >= CODE_MEMO {
                    ids.code.clear();
                }
                let terms = code_terms(*run, &toks.tokens, text, sh);
                ids.code.insert(raw.into(), terms);
            }
            for &(kind, key, e) in &ids.code[raw] {
                self.add(kind, key, e, place);
            }
        }
        (ids.tokens, ids.runs) = (toks.tokens, toks.runs);
    }
}

/// The terms of a code token, in order: its value if it is a grouped number (`1.500` →
/// `1500`), then the whole token and its shorter runs of parts.
fn code_terms(run: Run, tokens: &[IdToken], text: &str, sh: &Shared) -> Box<[CodeTerm]> {
    // Lowercase text of tokens `a..=b` with their connectors.
    let span = |a: usize, b: usize| {
        let (start, end) = (tokens[a].start, tokens[b].end);
        lower(&text[start as usize..end as usize])
    };
    let mut terms = Vec::new();
    if let Some(n) = grouped_number(&span(run.first, run.last)) {
        terms.push((
            Kind::Uni,
            Text::one(sh.keys.id(&n)),
            Text::one(sh.forms.id(&n)),
        ));
    }
    for a in run.first..run.last {
        for b in a + 1..=run.last {
            let is_full = a == run.first && b == run.last;
            if b - a < MAX_SUB_RUN || is_full {
                let w = span(a, b);
                let (key, e) = (Text::one(sh.keys.id(&fold(&w))), Text::one(sh.forms.id(&w)));
                terms.push((Kind::Whole, key, e));
            }
        }
    }
    terms.into_boxed_slice()
}

/// Everything the merge needs from one page.
struct Analysis {
    len: u32,
    nparts: u8,
    /// The page's terms by merge shard.
    terms: [Vec<DocTerm>; MERGE_SHARDS],
    /// Their further exact forms.
    forms: FormList,
    part_files: Vec<Vec<u8>>,
    mined: Vec<(String, String)>,
    warnings: Vec<String>,
}

/// Repairs legacy encodings, then cleans; findings become warnings.
fn prepare<'a>(raw: &'a str, url: &str, anchor: &str, warnings: &mut Vec<String>) -> Cow<'a, str> {
    let (text, found) = repair(raw);
    for (line, f) in found {
        warnings.push(format!("{url}#{anchor} line {line}: {}", f.describe()));
    }
    match text {
        Cow::Borrowed(t) => clean(t),
        Cow::Owned(t) => Cow::Owned(clean(&t).into_owned()),
    }
}

/// Analyses one page, using this thread's reusable tables.
fn analyze(doc: &SearchDocument, sh: &Shared) -> Analysis {
    let mut ids = IDS.with(RefCell::take);
    if ids.build != sh.build {
        ids = Ids {
            build: sh.build,
            ..Ids::default()
        };
    }
    let a = analyze_with(doc, &mut ids, sh);
    IDS.with(|c| *c.borrow_mut() = ids);
    a
}

/// Analyses one page.
fn analyze_with(doc: &SearchDocument, ids: &mut Ids, sh: &Shared) -> Analysis {
    let mut warnings = Vec::new();
    let title = prepare(&doc.title, &doc.url, "", &mut warnings);
    let texts: Vec<(Cow<str>, Cow<str>)> = doc
        .sections
        .iter()
        .map(|s| {
            let heading = prepare(&s.heading, &doc.url, &s.anchor, &mut warnings);
            (
                heading,
                prepare(&s.text, &doc.url, &s.anchor, &mut warnings),
            )
        })
        .collect();
    let sections: Vec<Section> = doc
        .sections
        .iter()
        .zip(&texts)
        .map(|(s, (heading, text))| Section {
            anchor: &s.anchor,
            heading,
            text,
        })
        .collect();
    let parts = split_parts(&sections);
    let path: Vec<Cow<str>> = doc.section_path.iter().map(|x| clean(x)).collect();
    let path: Vec<&str> = path.iter().map(|x| &**x).collect();
    let mut acc = DocAcc {
        at: std::mem::take(&mut ids.at),
        pairs: std::mem::take(&mut ids.pairs),
        terms: std::mem::take(&mut ids.terms),
        ..DocAcc::default()
    };
    acc.segment(&title, Field::Title, 0, ids, sh);
    let mut part_files = Vec::with_capacity(parts.len());
    let mut entries = Vec::new();
    for (p, pieces) in parts.iter().enumerate() {
        entries.clear();
        for piece in pieces {
            let s = &sections[piece.section];
            if piece.first {
                acc.segment(s.heading, Field::Heading, p, ids, sh);
            }
            acc.segment(piece.text, Field::Body, p, ids, sh);
            entries.push([s.anchor, s.heading, piece.text]);
        }
        part_files.push(encode_part(&doc.url, &title, &path, &entries));
    }
    for t in acc.terms.iter().flatten().filter(|t| t.key.is_single()) {
        acc.at[t.key.0 as u32 as usize] = 0;
    }
    ids.at = acc.at;
    acc.pairs.clear();
    ids.pairs = acc.pairs;
    // Exact-size copies; the lists keep their room for the thread's next page.
    let terms = acc.terms.each_mut().map(|t| {
        let mut copy = Vec::with_capacity(t.len());
        copy.append(t);
        copy
    });
    ids.terms = acc.terms;
    let mut mined = mine(&title);
    for s in &sections {
        mined.extend(mine(s.heading));
        mined.extend(mine(s.text));
    }
    Analysis {
        len: acc.len,
        nparts: parts.len() as u8,
        terms,
        forms: acc.forms,
        part_files,
        mined,
        warnings,
    }
}

/// A term's postings across all pages merged so far. Kept small (56 bytes): a realistic book
/// has millions of terms, most of them bigrams on a page or two.
#[derive(Default)]
struct TermAcc {
    /// The first exact form seen.
    first: Text,
    /// Pages with the first exact form.
    first_pages: u32,
    /// Pages holding the term.
    df: u32,
    /// Last page added.
    last: u32,
    kind: Kind,
    /// Postings, compact: varint doc gap, varint `tf << 6 | parts << 2 | fields` (one byte for
    /// the usual single occurrence), then, from the page where a second exact form was first
    /// seen, a varint mask of the page's forms (bit 0: the first form).
    postings: Vec<u8>,
    /// What only terms with more than one exact form need.
    more: Option<Box<MoreForms>>,
}

const _: () = assert!(std::mem::size_of::<TermAcc>() <= 56);
// A posting's part mask takes four bits.
const _: () = assert!(super::parts::MAX_PARTS <= 4);

/// A term's exact forms after the first.
#[derive(Default)]
struct MoreForms {
    /// (exact form, pages) in order of first appearance.
    forms: Vec<(Text, u32)>,
    /// The first posting with a mask (before it, every page has only the first form).
    masked_from: u32,
}

impl TermAcc {
    /// Adds page `doc`'s statistics (pages come in increasing order).
    fn add(&mut self, doc: u32, t: &DocTerm, forms: &FormList) {
        if self.df == 0 {
            self.kind = t.kind;
            self.first = t.first;
        }
        // Nearly always the page has only the term's first form: counted without a walk over
        // the page's forms.
        let mask = if t.more == 0 && t.first == self.first {
            self.first_pages += 1;
            1
        } else {
            self.count_forms(t, forms)
        };
        let gap = if self.df == 0 {
            doc
        } else {
            doc - self.last - 1
        };
        put_varint(&mut self.postings, u64::from(gap));
        let flags = u64::from(t.fields | t.parts << 2);
        put_varint(&mut self.postings, u64::from(t.tf.min(1000)) << 6 | flags);
        if self.more.is_some() {
            put_varint(&mut self.postings, u64::from(mask));
        }
        self.last = doc;
        self.df += 1;
    }

    /// Counts the page's exact forms of the term (before its page is added); returns their
    /// mask (bit `i`: the `i`-th form, the first one being 0).
    fn count_forms(&mut self, t: &DocTerm, forms: &FormList) -> u32 {
        let mut mask = 0u32;
        for v in std::iter::once(t.first).chain(forms.iter(t.more)) {
            let i = if v == self.first {
                self.first_pages += 1;
                0
            } else {
                let df = self.df;
                let more = &mut self
                    .more
                    .get_or_insert_with(|| {
                        Box::new(MoreForms {
                            forms: Vec::new(),
                            masked_from: df,
                        })
                    })
                    .forms;
                let i = match more.iter().position(|x| x.0 == v) {
                    Some(i) => i,
                    None => {
                        more.push((v, 0));
                        more.len() - 1
                    }
                };
                more[i].1 += 1;
                i + 1
            };
            if i < 32 {
                mask |= 1 << i;
            }
        }
        mask
    }

    /// The exact forms with their pages, in order of first appearance.
    fn forms(&self) -> Vec<(Text, u32)> {
        let more = self.more.as_deref().map_or(&[][..], |m| &m.forms);
        std::iter::once((self.first, self.first_pages))
            .chain(more.iter().copied())
            .collect()
    }

    /// The postings with their variant masks, decoded as they are read.
    fn postings(&self) -> Postings<'_> {
        Postings {
            bytes: &self.postings,
            pos: 0,
            doc: -1,
            read: 0,
            masked_from: self.more.as_ref().map_or(u32::MAX, |m| m.masked_from),
        }
    }
}

/// The postings of a [`TermAcc`] with their variant masks (see [`TermAcc::postings`]).
struct Postings<'a> {
    bytes: &'a [u8],
    pos: usize,
    doc: i64,
    /// Postings read so far.
    read: u32,
    /// The first posting with a mask.
    masked_from: u32,
}

impl Iterator for Postings<'_> {
    type Item = (Posting, u32);

    // Inlined into the loop that reads the postings: a call per posting cost a third of it.
    #[inline]
    fn next(&mut self) -> Option<(Posting, u32)> {
        let gap = get_varint(self.bytes, &mut self.pos)?;
        self.doc += gap as i64 + 1;
        let v = get_varint(self.bytes, &mut self.pos).unwrap_or(0);
        let p = Posting {
            doc: self.doc as u32,
            tf: (v >> 6) as u32,
            fields: v as u8 & 3,
            parts: (v as u8 >> 2) & 0xf,
            vmask: 0,
        };
        let mask = if self.read >= self.masked_from {
            get_varint(self.bytes, &mut self.pos).unwrap_or(1) as u32
        } else {
            1
        };
        self.read += 1;
        Some((p, mask))
    }
}

/// Appends a merged term's record to `out`: variants ranked and capped, masks remapped, part
/// masks kept only for terms in few enough pages. `scratch` is room to spell a form in, reused
/// from term to term.
fn write_term(
    out: &mut Vec<u8>,
    acc: &TermAcc,
    forms: &[Box<str>],
    nparts: &[u8],
    succ: &[(u32, u32)],
    scratch: &mut String,
) {
    let has_parts = acc.df as usize <= 64.max(nparts.len() / 8);
    if acc.more.is_none() {
        // One exact form, as nearly every term has: nothing to rank, no masks, and no list
        // or string made for it (with a realistic vocabulary, millions of terms, most of them
        // bigrams whose form was a string of its own).
        scratch.clear();
        acc.first.spell_into(forms, scratch);
        let head = RecordHead {
            df: acc.df as usize,
            variants: &[scratch.as_str()],
            truncated: false,
            has_parts,
            succ,
        };
        return write_record(out, &head, record_postings(acc, has_parts, None), nparts);
    }
    let variants = acc.forms();
    let spelt: Vec<Cow<str>> = variants.iter().map(|v| v.0.spell(forms)).collect();
    let mut order: Vec<usize> = (0..variants.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (variants[a].1, variants[b].1);
        y.cmp(&x).then_with(|| spelt[a].cmp(&spelt[b]))
    });
    let kept = &order[..order.len().min(MAX_VARIANTS)];
    let mut new_bit = [0u8; 32];
    for (new, &old) in kept.iter().enumerate() {
        if old < 32 {
            new_bit[old] = 1 << new;
        }
    }
    let kept_forms: Vec<&str> = kept.iter().map(|&i| &*spelt[i]).collect();
    let head = RecordHead {
        df: acc.df as usize,
        variants: &kept_forms,
        truncated: order.len() > MAX_VARIANTS,
        has_parts,
        succ,
    };
    let new_bit = (kept.len() > 1).then_some(new_bit);
    write_record(out, &head, record_postings(acc, has_parts, new_bit), nparts);
}

/// A term's postings as its record has them: part masks only if `has_parts`; variant masks
/// (none for a single variant) remapped by `new_bit`, which maps bit `old` of a page's mask to
/// the bit of that variant in the record (0: not kept). One function for every term, so that
/// [`write_record`] is made once, with the reading of the postings inlined into its loop.
fn record_postings(
    acc: &TermAcc,
    has_parts: bool,
    new_bit: Option<[u8; 32]>,
) -> impl Iterator<Item = Posting> + '_ {
    // Bit by bit, not by a search of the kept variants for each.
    let remap = |new_bit: &[u8; 32], mut m: u32| -> u8 {
        let mut v = 0;
        while m != 0 {
            v |= new_bit[m.trailing_zeros() as usize];
            m &= m - 1;
        }
        v
    };
    // Moved in, so that the loop reading the postings keeps what it needs at hand.
    acc.postings().map(move |(p, m)| Posting {
        parts: if has_parts { p.parts } else { 0 },
        vmask: new_bit.as_ref().map_or(0, |b| remap(b, m)),
        ..p
    })
}

/// Successor lists of unigrams from the bigrams: (vocab index, bigram df).
fn successors<'a, 't>(
    terms: impl Iterator<Item = (&'a str, &'t TermAcc)>,
    vocab: &HashMap<&str, u32, FxBuild>,
) -> HashMap<&'a str, Vec<(u32, u32)>, FxBuild> {
    let mut succ: HashMap<&str, Vec<(u32, u32)>, FxBuild> = HashMap::default();
    // The best first (most pages, then vocabulary order), only the best kept as they come: a
    // realistic book has hundreds of thousands of bigrams.
    let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    for (k, t) in terms.filter(|(_, t)| t.kind == Kind::Bi) {
        if let Some((u, v)) = k.split_once(' ')
            && let Some(&vi) = vocab.get(v)
        {
            let list = succ
                .entry(u)
                .or_insert_with(|| Vec::with_capacity(MAX_SUCC + 1));
            let item = (vi, t.df);
            let at = list.partition_point(|x| order(x, &item).is_lt());
            if at < MAX_SUCC {
                list.insert(at, item);
                list.truncate(MAX_SUCC);
            }
        }
    }
    succ
}

/// Content hash of a group of files.
fn group_hash(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Xxh3::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update(&[0]);
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.digest128().to_be_bytes(), 5)
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
fn unigram_chunks(uni: &[(&str, u32, Vec<u8>)]) -> (Vec<u32>, Vec<Vec<u8>>) {
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
struct Buckets<'a> {
    /// Number of buckets.
    count: u32,
    /// Bucket files.
    files: Vec<Vec<u8>>,
    /// Keys with their own file, in file order.
    big: Vec<&'a str>,
    /// Their files.
    big_files: Vec<Vec<u8>>,
}

/// Bigrams, code tokens and numbers: big ones get their own file (listed
/// in key order), the rest are hashed into buckets.
fn bucket_files<'a>(other: &[RecordBlock<'a>]) -> Buckets<'a> {
    let entry_len = |k: &str, r: &[u8]| k.len() + r.len() + 6;
    let entries = || other.iter().flat_map(RecordBlock::entries);
    let small_total: usize = entries()
        .map(|(k, r)| entry_len(k, r))
        .filter(|&l| l <= BIG_BYTES)
        .sum();
    let nb = small_total.div_ceil(BUCKET_TARGET).max(1);
    // Each entry's bucket, then the entries in bucket order (a counting sort, which keeps key
    // order within a bucket): a few bytes an entry where a list per bucket took 24.
    let mut big = Vec::new();
    let mut big_files = Vec::new();
    let mut starts = vec![0u32; nb + 1];
    let bucket_of: Vec<u32> = entries()
        .map(|(k, r)| {
            if entry_len(k, r) > BIG_BYTES {
                big.push(k);
                big_files.push(encode_pack(&[(k, r)]));
                u32::MAX
            } else {
                let b = fnv1a(k) as usize % nb;
                starts[b + 1] += 1;
                b as u32
            }
        })
        .collect();
    for b in 0..nb {
        starts[b + 1] += starts[b];
    }
    let mut next = starts.clone();
    let mut order = vec![(0u32, 0u32); starts[nb] as usize];
    let mut i = 0;
    for (block, records) in other.iter().enumerate() {
        for j in 0..records.keys.len() {
            if let Some(at) = next.get_mut(bucket_of[i] as usize) {
                order[*at as usize] = (block as u32, j as u32);
                *at += 1;
            }
            i += 1;
        }
    }
    let files = (0..nb)
        .map(|b| {
            let entries: Vec<(&str, &[u8])> = order[starts[b] as usize..starts[b + 1] as usize]
                .iter()
                .map(|&(block, j)| other[block as usize].entry(j as usize))
                .collect();
            encode_pack(&entries)
        })
        .collect();
    Buckets {
        count: nb as u32,
        files,
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

/// Encoded terms split by where they are stored.
struct Encoded<'a> {
    /// Vocabulary keys with their df and records, sorted by key.
    vocab: Vec<(&'a str, u32, Vec<u8>)>,
    /// Bigrams, code tokens and numbers with their records, sorted by key.
    other: Vec<RecordBlock<'a>>,
}

/// Records of consecutive terms, encoded end to end: with a realistic vocabulary there are
/// hundreds of thousands, and a vector and an allocation each cost more than most records.
struct RecordBlock<'a> {
    keys: Vec<&'a str>,
    bytes: Vec<u8>,
    /// Where each record ends in `bytes`.
    ends: Vec<u32>,
}

/// Most terms per [`RecordBlock`].
const RECORD_BLOCK: usize = 4096;

/// Terms per [`RecordBlock`] for `n` terms: at least 64 blocks (down to 64 terms each), so that
/// the blocks share out evenly between threads. A small vocabulary has few terms, each in
/// thousands of pages: in blocks of 4,096, one thread encoded the last block alone for a
/// tenth of a second.
fn record_block(n: usize) -> usize {
    (n / 64).clamp(64, RECORD_BLOCK)
}

impl<'a> RecordBlock<'a> {
    /// The `j`-th key and record.
    fn entry(&self, j: usize) -> (&'a str, &[u8]) {
        let start = j.checked_sub(1).map_or(0, |p| self.ends[p] as usize);
        (self.keys[j], &self.bytes[start..self.ends[j] as usize])
    }

    /// The keys and records in order.
    fn entries(&self) -> impl Iterator<Item = (&'a str, &[u8])> {
        (0..self.keys.len()).map(|j| self.entry(j))
    }
}

/// The keys of the merged terms spelt out end to end in one string (millions of them with a
/// realistic vocabulary: one allocation, not one each), and where each ends.
fn spell_keys(terms: impl Iterator<Item = Text>, keys: &[Box<str>]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let ends = terms
        .map(|t| {
            t.spell_into(keys, &mut text);
            text.len()
        })
        .collect();
    (text, ends)
}

/// Encodes one record per merged term; `keys` are the terms' keys from [`spell_keys`], `forms`
/// the interned exact forms. Each term's postings are freed once its record is made, so the
/// records grow into their memory.
fn encode_terms<'a, 't>(
    accs: impl Iterator<Item = &'t mut TermAcc>,
    (text, ends): (&'a str, &[usize]),
    forms: &[Box<str>],
    nparts: &[u8],
) -> Encoded<'a> {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    let mut terms: Vec<(&str, &mut TermAcc)> = starts
        .zip(ends)
        .map(|(a, &b)| &text[a..b])
        .zip(accs)
        .collect();
    terms.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
    let in_vocab = |k: &str, t: &TermAcc| t.kind == Kind::Uni && is_vocab_key(k);
    let vocab_index: HashMap<&str, u32, FxBuild> = terms
        .iter()
        .filter(|(k, t)| in_vocab(k, t))
        .enumerate()
        .map(|(i, (k, _))| (*k, i as u32))
        .collect();
    let succ = successors(terms.iter().map(|(k, t)| (*k, &**t)), &vocab_index);
    let record = |out: &mut Vec<u8>, k: &str, t: &mut TermAcc, scratch: &mut String| {
        let s = succ.get(k).map_or(&[][..], Vec::as_slice);
        write_term(out, t, forms, nparts, s, scratch);
        *t = TermAcc::default();
    };
    let vocab: Vec<(&str, &mut TermAcc)> = terms.extract_if(.., |(k, t)| in_vocab(k, t)).collect();
    let other = terms.len();
    // Each list collected at its exact size: there are millions of records.
    Encoded {
        vocab: vocab
            .into_par_iter()
            .map_init(String::new, |scratch, (k, t)| {
                let df = t.df;
                let mut out = Vec::new();
                record(&mut out, k, t, scratch);
                (k, df, out)
            })
            .collect(),
        other: terms
            .par_chunks_mut(record_block(other))
            .map(|chunk| {
                let mut block = RecordBlock {
                    keys: Vec::with_capacity(chunk.len()),
                    bytes: Vec::new(),
                    ends: Vec::with_capacity(chunk.len()),
                };
                let mut scratch = String::new();
                for (k, t) in chunk {
                    block.keys.push(k);
                    record(&mut block.bytes, k, t, &mut scratch);
                    block.ends.push(block.bytes.len() as u32);
                }
                block
            })
            .collect(),
    }
}

/// Shards of the merged terms. A chunk of pages is merged into all of them at once, each page's
/// terms listed by shard: with a realistic vocabulary (millions of terms) merging on one thread
/// held up the build.
const MERGE_SHARDS: usize = 8;

/// The merge shard of a term.
fn merge_shard(key: Text) -> u8 {
    // Bits the shard's own table does not use (its low bits and top seven).
    ((FxBuild::default().hash_one(key) >> 32) as usize % MERGE_SHARDS) as u8
}

/// One shard of the merged terms.
#[derive(Default)]
struct MergeShard {
    /// Term accumulators, kept in the table itself: with millions of terms, every lookup is a
    /// cache miss, and an index into a separate list would be one more.
    terms: HashMap<Text, TermAcc, FxBuild>,
}

impl MergeShard {
    /// Adds page `doc`'s statistics of one term.
    fn add(&mut self, doc: u32, t: &DocTerm, forms: &FormList) {
        self.terms.entry(t.key).or_default().add(doc, t, forms);
    }
}

/// Everything merged so far, page by page in document order.
#[derive(Default)]
struct Merged {
    shards: Vec<MergeShard>,
    /// Parts per document.
    nparts: Vec<u8>,
    /// The manifest's document table.
    table: Vec<u8>,
    /// Sum of document lengths.
    total: u64,
    /// Mined abbreviation pairs with the number of pages defining them.
    mined: HashMap<(String, String), usize>,
    warnings: Vec<String>,
    /// Group hashes of the part files.
    dg: Vec<String>,
}

impl Merged {
    /// Merges the next chunk of analysed pages; their tables die here and
    /// their named part files go to `parts`.
    fn merge_chunk(&mut self, chunk: Vec<Analysis>, parts: &mut PartSink<'_>) {
        if chunk.is_empty() {
            return;
        }
        let base = self.nparts.len();
        self.shards.resize_with(MERGE_SHARDS, MergeShard::default);
        self.shards
            .par_iter_mut()
            .enumerate()
            .for_each(|(s, shard)| {
                for (i, a) in chunk.iter().enumerate() {
                    for t in &a.terms[s] {
                        shard.add((base + i) as u32, t, &a.forms);
                    }
                }
            });
        let mut files = Vec::new();
        let mut groups = Vec::new();
        for (i, a) in chunk.into_iter().enumerate() {
            let d = base + i;
            for (p, bytes) in a.part_files.into_iter().enumerate() {
                files.push((format!("{d}-{p}"), bytes));
                groups.push(i / GROUP);
            }
            for m in a.mined {
                *self.mined.entry(m).or_default() += 1;
            }
            self.warnings.extend(a.warnings);
            self.table.extend(doc_entry(a.len, a.nparts));
            self.total += u64::from(a.len);
            self.nparts.push(a.nparts);
        }
        let mut named = Vec::with_capacity(files.len());
        let dg = name_groups("d", "json", files, |i| groups[i], &mut named);
        self.dg.extend(dg);
        parts(named);
    }

    /// The merged terms' keys, in the order their accumulators are in.
    fn keys(&self) -> impl Iterator<Item = Text> {
        self.shards.iter().flat_map(|s| s.terms.keys().copied())
    }
}

/// Receives the named part files (`d/…`) of each merged chunk, in document order.
pub type PartSink<'a> = dyn FnMut(Vec<(String, Vec<u8>)>) + Send + 'a;

/// Builds the search index for documents `0..n` given by `doc` (see
/// [`super::build_index_from`]). The part files, most of the index's bytes,
/// go to `parts` as soon as each chunk is merged instead of being returned.
pub fn build<D: Borrow<SearchDocument>>(
    n: usize,
    doc: impl Fn(usize) -> D + Sync,
    glossary: &[Abbreviation],
    parts: &mut PartSink<'_>,
) -> SearchFiles {
    let sh = Shared {
        build: BUILDS.fetch_add(1, Ordering::Relaxed),
        keys: Interner::default(),
        forms: Interner::default(),
    };
    let mut m = Merged::default();
    let mut pending = Vec::new();
    for start in (0..n).step_by(CHUNK) {
        let chunk = start..n.min(start + CHUNK);
        // The previous chunk merges while this one is analysed.
        let (next, ()) = rayon::join(
            || {
                let one = |i| analyze(doc(i).borrow(), &sh);
                chunk.into_par_iter().map(one).collect()
            },
            || m.merge_chunk(std::mem::take(&mut pending), parts),
        );
        pending = next;
    }
    m.merge_chunk(pending, parts);
    let (keys, forms) = (sh.keys.into_list(), sh.forms.into_list());
    // The keys are spelt in the order `encode_terms` reads the terms: the same tables, unchanged.
    let (text, ends) = spell_keys(m.keys(), &keys);
    drop(keys);
    let accs = m.shards.iter_mut().flat_map(|s| s.terms.values_mut());
    let enc = encode_terms(accs, (&text, &ends), &forms, &m.nparts);
    drop(std::mem::take(&mut m.shards));
    let (uc, uchunks) = unigram_chunks(&enc.vocab);
    let b = bucket_files(&enc.other);
    let mut out = Vec::new();
    let ug = name_groups("u", "bin", numbered(uchunks), |i| i / GROUP, &mut out);
    let pg = name_groups("p", "bin", numbered(b.files), |i| i / GROUP, &mut out);
    let bg = name_groups("t", "bin", numbered(b.big_files), |i| i / GROUP, &mut out);
    let mined: Vec<(String, String, usize)> =
        m.mined.into_iter().map(|((a, l), c)| (a, l, c)).collect();
    let abbr = merge(glossary, &mined)
        .into_iter()
        .map(|e| std::iter::once(e.abbr).chain(e.longs).collect())
        .collect();
    let meta = Meta {
        v: VERSION,
        n: n as u32,
        total: m.total,
        docs: base64_encode(&m.table),
        vocab: join_keys(enc.vocab.iter().map(|v| v.0)),
        df: enc.vocab.iter().map(|v| v.1).collect(),
        uc,
        ug,
        buckets: b.count,
        pg,
        big: join_keys(b.big.iter().copied()),
        bg,
        dg: m.dg,
        abbr,
    };
    let json = serde_json::to_vec(&meta).unwrap_or_default();
    let name = format!("meta.{}.json", hex(&xxh3_128(&json).to_be_bytes(), 5));
    out.insert(0, (name.clone(), json));
    SearchFiles {
        files: out,
        manifest: format!("/search/{name}"),
        warnings: m.warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_table_remembers_slots_across_growth_and_forgets_them_when_cleared() {
        let mut table = PairTable::default();
        let mut made = 0;
        for round in 0..3 {
            // More pairs than the first table holds, so it grows in the first round.
            for a in 0..5_000u32 {
                let slot = table.get_or_insert_with(Text::two(a, a + 1), || {
                    made += 1;
                    a
                });
                assert_eq!(slot, a);
            }
            for a in (0..5_000u32).rev() {
                let again = table.get_or_insert_with(Text::two(a, a + 1), || panic!("new"));
                assert_eq!(again, a, "round {round}");
            }
            table.clear();
        }
        assert_eq!(made, 15_000, "each round starts empty");
        table.generation = NO_GENERATION - 1;
        table.get_or_insert_with(Text::two(1, 2), || 7);
        table.clear();
        assert_eq!(table.generation, 0, "generations come round");
        assert_eq!(table.get_or_insert_with(Text::two(1, 2), || 8), 8);
    }

    #[test]
    fn form_lists_keep_their_order_and_stay_apart() {
        let mut list = FormList::default();
        let (mut a, mut b) = (0, 0);
        for k in 1..=5 {
            a = list.push(a, Text::one(k));
            b = list.push(b, Text::one(100 + k));
        }
        let spelt = |head| list.iter(head).map(|t| t.0 as u32).collect::<Vec<_>>();
        assert_eq!(spelt(a), [1, 2, 3, 4, 5]);
        assert_eq!(spelt(b), [101, 102, 103, 104, 105]);
        assert_eq!(spelt(0), Vec::<u32>::new(), "0 is the empty list");
    }

    #[test]
    fn interner_numbers_texts_and_bigrams_are_spelt_from_two_ids() {
        let interner = Interner::default();
        let (a, b) = (interner.id("sản"), interner.id("xuất"));
        assert_ne!(a, b);
        assert_eq!(interner.id("sản"), a, "the same text, the same id");
        let list = interner.into_list();
        assert_eq!(list.len(), 2);
        assert_eq!(Text::one(a).spell(&list), "sản");
        assert_eq!(Text::two(a, b).spell(&list), "sản xuất");
        assert_eq!(Text::two(b, a).spell(&list), "xuất sản");
        assert_ne!(Text::two(a, b), Text::two(b, a), "order matters");
        assert!(Text::one(a).is_single() && !Text::two(a, b).is_single());
        assert_ne!(
            Text::one(b),
            Text::two(0, b),
            "a text is never taken for a bigram"
        );
    }
}
