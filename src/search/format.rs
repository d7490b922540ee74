//! The on-disk index format (spec §9): the manifest, term records, term packs
//! and file naming. Shared by the builder ([`super::index`]) and the Rust
//! query side ([`super::query`]); `search.js` reads the same bytes.

use super::codec::{
    BitReader, BitWriter, base64_decode, fnv1a, gamma_code, get_bytes, get_varint, put_bytes,
    put_varint, rice_code, rice_len,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Format version written to the manifest.
pub const VERSION: u32 = 1;
/// Files per content-hash group: a file's name carries the hash of its group.
pub const GROUP: usize = 64;
/// Field bit: the term occurs in the page title.
pub const IN_TITLE: u8 = 1;
/// Field bit: the term occurs in a section heading.
pub const IN_HEADING: u8 = 2;
/// Most E variants listed per term (posting masks are this wide at most).
pub const MAX_VARIANTS: usize = 8;
/// Record flag: postings carry part masks.
const F_PARTS: u8 = 1;
/// Record flag: a successor list follows the variants.
const F_SUCC: u8 = 2;
/// Record flag: the term has more variants than are listed.
const F_TRUNC: u8 = 4;

/// The manifest `meta.<hash>.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// Format version.
    pub v: u32,
    /// Number of documents.
    pub n: u32,
    /// Sum of all document lengths in tokens (an integer, so that both sides
    /// compute the same average `total / n`).
    pub total: u64,
    /// Base64 of 2 bytes per document (little endian): length in tokens
    /// (14 bits, capped) | (parts − 1) << 14.
    pub docs: String,
    /// Vocabulary: the folded unigram keys that are not plain numbers,
    /// sorted by UTF-8 bytes, joined by `\n`.
    pub vocab: String,
    /// Document frequency of each vocabulary entry.
    pub df: Vec<u32>,
    /// Start index in `vocab` of each unigram chunk file `u/<i>`.
    pub uc: Vec<u32>,
    /// Group hashes of the unigram chunk files.
    pub ug: Vec<String>,
    /// Number of hash buckets `p/<i>` for bigrams and code tokens.
    pub buckets: u32,
    /// Group hashes of the bucket files.
    pub pg: Vec<String>,
    /// Keys too large for a bucket, joined by `\n`; the i-th has its own
    /// file `t/<i>`.
    pub big: String,
    /// Group hashes of the big-term files.
    pub bg: Vec<String>,
    /// Group hashes of the document part files `d/<doc>-<part>`.
    pub dg: Vec<String>,
    /// Abbreviations: `[abbr, long form, …]`.
    pub abbr: Vec<Vec<String>>,
}

impl Meta {
    /// Average document length (`total / n`, 1 when empty).
    pub fn avgdl(&self) -> f64 {
        if self.n == 0 {
            1.0
        } else {
            self.total as f64 / f64::from(self.n)
        }
    }

    /// Per-document (length, parts) decoded from [`Meta::docs`].
    pub fn doc_table(&self) -> Option<Vec<(u32, u8)>> {
        let b = base64_decode(&self.docs)?;
        Some(
            b.chunks_exact(2)
                .map(|c| {
                    let v = u16::from_le_bytes([c[0], c[1]]);
                    (u32::from(v & 0x3fff), (v >> 14) as u8 + 1)
                })
                .collect(),
        )
    }
}

/// Packs a document's length and part count into the 2-byte table entry.
pub fn doc_entry(len: u32, parts: u8) -> [u8; 2] {
    let v = (len.min(0x3fff) as u16) | (u16::from(parts.clamp(1, 4) - 1) << 14);
    v.to_le_bytes()
}

/// Path of unigram chunk `i`.
pub fn unigram_path(i: usize, meta: &Meta) -> String {
    format!("u/{i}.{}.bin", meta.ug[i / GROUP])
}

/// Path of bucket `i`.
pub fn bucket_path(i: usize, meta: &Meta) -> String {
    format!("p/{i}.{}.bin", meta.pg[i / GROUP])
}

/// Path of big-term file `i`.
pub fn big_path(i: usize, meta: &Meta) -> String {
    format!("t/{i}.{}.bin", meta.bg[i / GROUP])
}

/// Path of part `p` of document `d`.
pub fn part_path(d: usize, p: usize, meta: &Meta) -> String {
    format!("d/{d}-{p}.{}.json", meta.dg[d / GROUP])
}

/// Whether a key is a unigram (no space, no connector).
pub fn is_unigram_key(k: &str) -> bool {
    !k.contains([' ', '/', ':', '.', '-', ',', '&'])
}

/// Whether a key is in the vocabulary: a unigram that is not all digits.
pub fn is_vocab_key(k: &str) -> bool {
    is_unigram_key(k) && !k.bytes().all(|b| b.is_ascii_digit())
}

/// Splits a `\n`-joined key list.
pub fn split_keys(s: &str) -> Vec<String> {
    if s.is_empty() {
        Vec::new()
    } else {
        s.split('\n').map(str::to_owned).collect()
    }
}

/// Key → position of a key list.
pub fn key_index(keys: &[String]) -> HashMap<String, u32> {
    keys.iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i as u32))
        .collect()
}

/// Where term records are: vocabulary and big-term positions.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Vocabulary key → index.
    pub vocab: HashMap<String, u32>,
    /// Big key → file index.
    pub big: HashMap<String, u32>,
}

impl Directory {
    /// Builds the directory of a manifest.
    pub fn new(meta: &Meta) -> Directory {
        Directory {
            vocab: key_index(&split_keys(&meta.vocab)),
            big: key_index(&split_keys(&meta.big)),
        }
    }

    /// The file that holds `key`'s record, or `None` when the key cannot
    /// exist (a vocabulary-shaped key missing from the vocabulary).
    pub fn locate(&self, key: &str, meta: &Meta) -> Option<String> {
        if is_vocab_key(key) {
            let i = *self.vocab.get(key)?;
            let c = meta.uc.partition_point(|&s| s <= i).checked_sub(1)?;
            return Some(unigram_path(c, meta));
        }
        if let Some(&i) = self.big.get(key) {
            return Some(big_path(i as usize, meta));
        }
        let b = (fnv1a(key) % meta.buckets.max(1)) as usize;
        Some(bucket_path(b, meta))
    }
}

/// One document's entry in a term's posting list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Posting {
    /// Document id.
    pub doc: u32,
    /// Occurrences in section text (capped at 1000).
    pub tf: u32,
    /// [`IN_TITLE`] | [`IN_HEADING`].
    pub fields: u8,
    /// Bit `p`: the term occurs in part `p` (0 when not stored).
    pub parts: u8,
    /// Bit `i`: the document has variant `i` (0 when unknown/not stored).
    pub vmask: u8,
}

/// A term's record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// Exact forms E seen for this key, most frequent first.
    pub variants: Vec<String>,
    /// More variants exist than are listed.
    pub truncated: bool,
    /// Postings carry part masks.
    pub has_parts: bool,
    /// Most frequent next syllables: (vocabulary index, bigram df).
    pub succ: Vec<(u32, u32)>,
    /// Postings by increasing document id.
    pub postings: Vec<Posting>,
}

/// Rice parameter minimizing the size of the gaps (each a posting's first item).
fn best_k<T>(gaps: &[(u64, T)]) -> u32 {
    // The total length is convex in k: going from k to k + 1 adds one bit per gap and saves
    // ⌈(g >> k) / 2⌉, a saving that only shrinks as k grows. So the first k whose successor is
    // no shorter is the first minimum over 0..24, found without trying all 24.
    let len = |k: u32| gaps.iter().map(|g| rice_len(g.0, k)).sum::<u64>();
    let mut k = 0;
    let mut here = len(0);
    while k < 23 {
        let next = len(k + 1);
        if next >= here {
            break;
        }
        (k, here) = (k + 1, next);
    }
    k
}

/// Everything in a record before its postings.
#[derive(Debug, Clone, Copy)]
pub struct RecordHead<'a> {
    /// Number of postings.
    pub df: usize,
    /// Exact forms, most frequent first.
    pub variants: &'a [&'a str],
    /// More variants exist than are listed.
    pub truncated: bool,
    /// Postings carry part masks.
    pub has_parts: bool,
    /// Most frequent next syllables: (vocabulary index, bigram df).
    pub succ: &'a [(u32, u32)],
}

/// Encodes a record; `nparts[d]` is document `d`'s part count.
pub fn encode_record(r: &Record, nparts: &[u8]) -> Vec<u8> {
    let variants: Vec<&str> = r.variants.iter().map(String::as_str).collect();
    let head = RecordHead {
        df: r.postings.len(),
        variants: &variants,
        truncated: r.truncated,
        has_parts: r.has_parts,
        succ: &r.succ,
    };
    let mut out = Vec::new();
    write_record(&mut out, &head, r.postings.iter().copied(), nparts);
    out
}

/// Appends a record to `out`: `head`, then the `head.df` postings, by increasing document id.
/// The index builder hands its compact lists over as they are decoded, without making a
/// [`Record`] of each first.
pub fn write_record(
    out: &mut Vec<u8>,
    head: &RecordHead<'_>,
    postings: impl Iterator<Item = Posting>,
    nparts: &[u8],
) {
    put_varint(out, head.df as u64);
    let flags = (if head.has_parts { F_PARTS } else { 0 })
        | (if head.succ.is_empty() { 0 } else { F_SUCC })
        | (if head.truncated { F_TRUNC } else { 0 });
    out.push(flags);
    put_varint(out, head.variants.len() as u64);
    for v in head.variants {
        put_bytes(out, v.as_bytes());
    }
    if !head.succ.is_empty() {
        put_varint(out, head.succ.len() as u64);
        for &(i, c) in head.succ {
            put_varint(out, u64::from(i));
            put_varint(out, u64::from(c));
        }
    }
    // The gaps first: the Rice parameter depends on all of them. Kept in a list of this
    // thread's, so that the postings are read once and nothing is allocated per record.
    GAPS.with_borrow_mut(|gaps| {
        gaps.clear();
        gaps.reserve(head.df);
        let mut prev = -1i64;
        // A plain loop, not `extend`: the iterator then stays a local whose state the compiler
        // keeps in registers (through `extend` it lived in memory, read and written back for
        // every posting).
        for p in postings {
            gaps.push(((i64::from(p.doc) - prev - 1) as u64, p));
            prev = i64::from(p.doc);
        }
        let k = best_k(gaps);
        out.push(k as u8);
        let mut w = BitWriter::appending_to(std::mem::take(out));
        let nv = head.variants.len() as u32;
        let low = |v: u8, n: u32| u64::from(v) & ((1 << n) - 1);
        for &(g, p) in gaps.iter() {
            // After the gap's Rice code: the Elias-gamma code of tf + 1, the field flag and
            // fields, the parts, the variants.
            let (mut code, mut n) = gamma_code(u64::from(p.tf.min(1000)) + 1);
            if p.fields != 0 {
                (code, n) = (code << 3 | 4 | low(p.fields, 2), n + 3);
            } else {
                (code, n) = (code << 1, n + 1);
            }
            let np = u32::from(nparts.get(p.doc as usize).copied().unwrap_or(1));
            if head.has_parts && np > 1 {
                (code, n) = (code << np | low(p.parts, np), n + np);
            }
            if nv > 1 {
                (code, n) = (code << nv | low(p.vmask, nv), n + nv);
            }
            // The gap's code and the rest in one write when they fit in a word, as they
            // nearly always do.
            match rice_code(g, k) {
                Some((gap, gn)) if gn + n <= 64 => w.bits(gap << n | code, gn + n),
                _ => {
                    w.rice(g, k);
                    w.bits(code, n);
                }
            }
        }
        *out = w.finish();
    });
}

thread_local! {
    /// [`write_record`]'s postings with their gaps, reused from record to record.
    static GAPS: std::cell::RefCell<Vec<(u64, Posting)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Decodes a record; `nparts[d]` is document `d`'s part count.
pub fn decode_record(b: &[u8], nparts: &[u8]) -> Option<Record> {
    let mut pos = 0;
    let df = get_varint(b, &mut pos)? as usize;
    let flags = *b.get(pos)?;
    pos += 1;
    let nv = get_varint(b, &mut pos)? as usize;
    let mut r = Record {
        has_parts: flags & F_PARTS != 0,
        truncated: flags & F_TRUNC != 0,
        ..Record::default()
    };
    for _ in 0..nv {
        r.variants
            .push(String::from_utf8(get_bytes(b, &mut pos)?.to_vec()).ok()?);
    }
    if flags & F_SUCC != 0 {
        for _ in 0..get_varint(b, &mut pos)? {
            let i = get_varint(b, &mut pos)? as u32;
            r.succ.push((i, get_varint(b, &mut pos)? as u32));
        }
    }
    let k = u32::from(*b.get(pos)?);
    let mut rd = BitReader::new(b.get(pos + 1..)?);
    let mut doc = -1i64;
    for _ in 0..df {
        doc += rd.rice(k)? as i64 + 1;
        let mut p = Posting {
            doc: doc as u32,
            tf: rd.gamma()? as u32 - 1,
            ..Posting::default()
        };
        if rd.bit() {
            p.fields = rd.bits(2) as u8;
        }
        let np = *nparts.get(p.doc as usize)?;
        if r.has_parts && np > 1 {
            p.parts = rd.bits(u32::from(np)) as u8;
        }
        if nv > 1 {
            p.vmask = rd.bits(nv as u32) as u8;
        }
        r.postings.push(p);
    }
    Some(r)
}

/// Serializes a term pack: `count, (key, record)*`.
pub fn encode_pack(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, entries.len() as u64);
    for (k, r) in entries {
        put_bytes(&mut out, k.as_bytes());
        put_bytes(&mut out, r);
    }
    out
}

/// Finds `key`'s record bytes in a term pack.
pub fn find_in_pack<'a>(pack: &'a [u8], key: &str) -> Option<&'a [u8]> {
    let mut pos = 0;
    let n = get_varint(pack, &mut pos)?;
    for _ in 0..n {
        let k = get_bytes(pack, &mut pos)?;
        let r = get_bytes(pack, &mut pos)?;
        if k == key.as_bytes() {
            return Some(r);
        }
    }
    None
}

/// One document part file `d/<doc>-<part>.json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PartFile {
    /// Page URL.
    pub u: String,
    /// Page title.
    pub t: String,
    /// Breadcrumb titles.
    pub p: Vec<String>,
    /// Pieces: `[anchor, heading, text]`.
    pub s: Vec<[String; 3]>,
}

/// Serializes a part file exactly as `serde_json::to_vec(&PartFile)` does,
/// from borrowed pieces (the builder writes one per part of every page, so
/// it skips building a [`PartFile`] of owned copies).
pub fn encode_part(url: &str, title: &str, path: &[&str], pieces: &[[&str; 3]]) -> Vec<u8> {
    let text: usize = pieces.iter().flatten().map(|x| x.len() + 3).sum();
    let mut out = Vec::with_capacity(url.len() + title.len() + text + 32);
    out.extend_from_slice(b"{\"u\":");
    json_str(&mut out, url);
    out.extend_from_slice(b",\"t\":");
    json_str(&mut out, title);
    out.extend_from_slice(b",\"p\":[");
    for (i, x) in path.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(&mut out, x);
    }
    out.extend_from_slice(b"],\"s\":[");
    for (i, piece) in pieces.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",[" } else { b"[" });
        for (j, x) in piece.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            json_str(&mut out, x);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

/// A JSON string with serde_json's escapes: `"`, `\\`, and control
/// characters (short forms where JSON has them, else `\u00xx`).
fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    // Jumps from one byte needing escape to the next (most text has none).
    while let Some(i) = next_special(bytes, start) {
        let b = bytes[i];
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\t' => b"\\t",
            b'\r' => b"\\r",
            0x08 => b"\\b",
            0x0c => b"\\f",
            _ => b"",
        };
        out.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.extend_from_slice(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The first byte from `from` on that JSON must escape: a control character, `"` or `\\`.
/// Blocks of 16 bytes without one are skipped whole.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let special = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\');
    let rest = bytes.get(from..)?;
    // A block is checked with no branch per byte, which compiles to a few vector instructions
    // for all 16: 40 % fewer instructions than words of eight bytes checked with bit tricks.
    let (blocks, _) = rest.as_chunks::<16>();
    let clean = blocks
        .iter()
        .take_while(|block| !block.iter().fold(false, |any, &b| any | special(b)))
        .count();
    let at = from + 16 * clean;
    let found = bytes[at..].iter().position(|&b| special(b));
    found.map(|i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn best_k_is_the_first_minimum() {
        let exhaustive = |gaps: &[u64]| {
            (0..24)
                .min_by_key(|&k| gaps.iter().map(|&g| rice_len(g, k)).sum::<u64>())
                .unwrap_or(0)
        };
        let mut x = 7u64;
        for n in 0..300 {
            let gaps: Vec<u64> = (0..n % 40)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    (x >> 33) >> (x % 31)
                })
                .collect();
            let with_postings: Vec<(u64, ())> = gaps.iter().map(|&g| (g, ())).collect();
            assert_eq!(best_k(&with_postings), exhaustive(&gaps), "{gaps:?}");
        }
        assert_eq!(best_k::<()>(&[]), 0);
        assert_eq!(best_k(&[(0, ()), (0, ()), (0, ())]), 0);
        assert_eq!(best_k(&[(1 << 40, ())]), 23);
    }

    fn sample() -> Record {
        Record {
            variants: vec!["sach1".into(), "sach5".into()],
            truncated: false,
            has_parts: true,
            succ: vec![(3, 7), (0, 1)],
            postings: vec![
                Posting {
                    doc: 0,
                    tf: 3,
                    fields: IN_TITLE,
                    parts: 0,
                    vmask: 0b01,
                },
                Posting {
                    doc: 2,
                    tf: 0,
                    fields: IN_TITLE | IN_HEADING,
                    parts: 0b101,
                    vmask: 0b11,
                },
                Posting {
                    doc: 9,
                    tf: 1,
                    fields: 0,
                    parts: 0,
                    vmask: 0b10,
                },
            ],
        }
    }

    #[test]
    fn record_round_trip() {
        let np = [1u8, 1, 3, 1, 1, 1, 1, 1, 1, 1];
        let r = sample();
        let b = encode_record(&r, &np);
        assert_eq!(decode_record(&b, &np), Some(r));
    }

    #[test]
    fn pack_lookup() {
        let p = encode_pack(&[("a b", b"xy"), ("c", b"z")]);
        assert_eq!(find_in_pack(&p, "c"), Some(&b"z"[..]));
        assert_eq!(find_in_pack(&p, "a b"), Some(&b"xy"[..]));
        assert_eq!(find_in_pack(&p, "d"), None);
    }

    #[test]
    fn doc_entries() {
        let mut s = Vec::new();
        s.extend(doc_entry(1234, 3));
        s.extend(doc_entry(99999, 1));
        let m = Meta {
            v: 1,
            n: 2,
            total: 2,
            docs: super::super::codec::base64_encode(&s),
            vocab: String::new(),
            df: vec![],
            uc: vec![],
            ug: vec![],
            buckets: 1,
            pg: vec![],
            big: String::new(),
            bg: vec![],
            dg: vec![],
            abbr: vec![],
        };
        assert_eq!(m.doc_table(), Some(vec![(1234, 3), (0x3fff, 1)]));
    }

    #[test]
    fn unigram_keys() {
        assert!(is_unigram_key("sach"));
        assert!(!is_unigram_key("sach hon"));
        assert!(!is_unigram_key("40:2011"));
        assert!(is_vocab_key("bod5"));
        assert!(!is_vocab_key("2011"));
        assert_eq!(split_keys(""), Vec::<String>::new());
        assert_eq!(split_keys("a\nb c"), ["a", "b c"]);
    }

    #[test]
    fn part_json_matches_serde() {
        // Long clean runs between the escapes, at every alignment, for the eight-byte skips.
        let odd = "a\"b\\c\nd\te\r\u{8}\u{c}\u{1}\u{1f}\u{7f}/đ’…</script> sản xuất sạch hơn\"\n";
        let odd = &(0..9)
            .map(|k| format!("{}{odd}", "x".repeat(k)))
            .collect::<String>();
        let pf = PartFile {
            u: "/a/b/".into(),
            t: odd.into(),
            p: vec!["x".into(), odd.into()],
            s: vec![
                ["".into(), "".into(), odd.into()],
                ["h-1".into(), "Đầu".into(), "".into()],
            ],
        };
        let path: Vec<&str> = pf.p.iter().map(String::as_str).collect();
        let pieces: Vec<[&str; 3]> =
            pf.s.iter()
                .map(|[a, b, c]| [a.as_str(), b.as_str(), c.as_str()])
                .collect();
        let want = serde_json::to_vec(&pf).unwrap_or_default();
        assert_eq!(encode_part(&pf.u, &pf.t, &path, &pieces), want);
        let empty = PartFile {
            u: String::new(),
            t: String::new(),
            p: Vec::new(),
            s: Vec::new(),
        };
        let want = serde_json::to_vec(&empty).unwrap_or_default();
        assert_eq!(encode_part("", "", &[], &[]), want);
    }
}
