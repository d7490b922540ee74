//! Tokenizer (spec §4): word runs joined by connectors (`1419/QĐ-TTg`) become
//! code tokens kept whole and in parts; each part carries its E and F forms and
//! whether it is adjacent to the previous part (bigram evidence).

use super::codec::FxBuild;
use super::normalize::{is_upper, is_word_char, lower};
use super::syllable::forms;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;

/// Parts longer than this many characters are dropped (URLs, hashes).
pub const MAX_TOKEN_CHARS: usize = 40;

/// The normalized forms of a token's text (shared between equal tokens).
#[derive(Debug, Clone)]
pub struct Forms {
    /// Lowercase NFC text.
    pub text: String,
    /// Folded key F.
    pub f: String,
    /// Exact form E.
    pub e: String,
    /// Whether the text has any non-ASCII character (the user typed marks).
    pub marked: bool,
    /// How many characters lowercasing changed (capitals in the source).
    pub upper: usize,
    /// The index build's interned ids for these forms: (build number, key
    /// id, exact-form id); build 0 is none yet. Cached here so a repeated
    /// token costs the index no hash lookup.
    pub ids: Cell<(u64, u32, u32)>,
}

/// Equality of the forms proper; the id cache is not part of it.
impl PartialEq for Forms {
    fn eq(&self, o: &Self) -> bool {
        (&self.text, &self.f, &self.e, self.marked, self.upper)
            == (&o.text, &o.f, &o.e, o.marked, o.upper)
    }
}

impl Eq for Forms {}

/// One token (a part of a run). Derefs to its [`Forms`] (`t.f`, `t.e`…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token in the cleaned input.
    pub start: usize,
    /// Byte offset just past the token.
    pub end: usize,
    /// Whether the token continues the previous one: same run, or only
    /// spaces/tabs between them. Bigrams are formed only across such joins.
    pub adj: bool,
    /// Text, F, E and flags.
    pub forms: Rc<Forms>,
}

impl Deref for Token {
    type Target = Forms;
    fn deref(&self) -> &Forms {
        &self.forms
    }
}

/// Distinct raw tokens remembered per thread before the memo is reset.
const MEMO_LIMIT: usize = 100_000;

/// Raw token text → its forms (most tokens repeat). Tokens of up to 16 bytes, nearly all,
/// are keyed by their bytes packed in a `u128`: one multiply to hash and one compare to
/// match, instead of a string hash and a `memcmp` per token.
struct Memo {
    /// Forms of the short tokens, numbered.
    forms: Vec<Rc<Forms>>,
    /// Short token → number of its forms.
    short: HashMap<u128, u32, FxBuild>,
    /// The tokens met last, by a hash of their key: (key, number of the forms); key 0, which
    /// no token packs to, is an empty slot. A token found here costs one compare, where a
    /// lookup in `short` costs a probe of a group of slots.
    recent: Box<[(u128, u32)]>,
    long: HashMap<Box<str>, Rc<Forms>, FxBuild>,
}

/// Slots of [`Memo::recent`] (a power of two): more than a handbook's common words.
const RECENT_BITS: u32 = 12;

impl Default for Memo {
    fn default() -> Self {
        Memo {
            forms: Vec::new(),
            short: HashMap::default(),
            recent: vec![(0, 0); 1 << RECENT_BITS].into_boxed_slice(),
            long: HashMap::default(),
        }
    }
}

thread_local! {
    static MEMO: RefCell<Memo> = RefCell::default();
}

/// `raw` packed into a `u128`, zero-padded, if it fits. Tokens are word characters, never
/// NUL, so the padding cannot be confused with the text.
fn packed(raw: &str) -> Option<u128> {
    let bytes = raw.as_bytes();
    match bytes.len() {
        0..=8 => Some(u128::from(load_le(bytes))),
        9..=16 => {
            let (low, high) = bytes.split_at(8);
            Some(u128::from(load_le(low)) | u128::from(load_le(high)) << 64)
        }
        _ => None,
    }
}

/// Up to eight bytes as a little-endian number, zero-padded. Read with two overlapping loads
/// whose overlap holds the same bytes, not copied into a buffer first: a load that spans
/// several smaller stores stalls the processor, once per token.
fn load_le(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let at = |i: usize, shift: usize| u64::from(bytes[i]) << (8 * shift);
    match n {
        0 => 0,
        1..=3 => at(0, 0) | at(n / 2, n / 2) | at(n - 1, n - 1),
        4..=7 => {
            let word = |i: usize| {
                let four: [u8; 4] = bytes[i..i + 4].try_into().unwrap_or_default();
                u64::from(u32::from_le_bytes(four))
            };
            word(0) | word(n - 4) << (8 * (n - 4))
        }
        _ => {
            let eight: [u8; 8] = bytes[..8].try_into().unwrap_or_default();
            u64::from_le_bytes(eight)
        }
    }
}

/// The forms of a raw (cleaned, case-kept) token, memoized in `memo` (lent, so that a token
/// handed to the index costs no reference count). Inlined: it runs for every token, and the call
/// was a fifth of its instructions.
#[inline(always)]
fn forms_of<'m>(memo: &'m mut Memo, raw: &str) -> &'m Rc<Forms> {
    match packed(raw) {
        Some(k) => {
            let slot = ((k as u64 ^ (k >> 64) as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                >> (64 - RECENT_BITS)) as usize;
            let (key, at) = memo.recent[slot];
            if key == k {
                return &memo.forms[at as usize];
            }
            let at = match memo.short.get(&k) {
                Some(&at) => at,
                None => {
                    memo.forms.push(make_forms(raw));
                    let at = (memo.forms.len() - 1) as u32;
                    memo.short.insert(k, at);
                    at
                }
            };
            memo.recent[slot] = (k, at);
            &memo.forms[at as usize]
        }
        None => {
            if !memo.long.contains_key(raw) {
                memo.long.insert(raw.into(), make_forms(raw));
            }
            &memo.long[raw]
        }
    }
}

/// The forms of a raw token, made anew.
fn make_forms(raw: &str) -> Rc<Forms> {
    let text = lower(raw);
    let (f, e) = forms(&text);
    Rc::new(Forms {
        marked: !text.is_ascii(),
        upper: raw.chars().filter(|c| is_upper(*c)).count(),
        text,
        f,
        e,
        ids: Cell::new((0, 0, 0)),
    })
}

/// A code token: a run of at least two parts, by token index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Index of the first part.
    pub first: usize,
    /// Index of the last part.
    pub last: usize,
}

/// Tokenizer output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    /// Parts in text order.
    pub tokens: Vec<Token>,
    /// Code tokens with two or more parts.
    pub runs: Vec<Run>,
}

impl Tokens {
    /// Lowercase text of tokens `a..=b` including their connectors.
    pub fn span_text(&self, clean: &str, a: usize, b: usize) -> String {
        lower(&clean[self.tokens[a].start..self.tokens[b].end])
    }
}

/// Characters allowed between tokens that still count as adjacent.
fn is_gap_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{B}' | '\u{C}')
}

/// Whether `mid` joins the word characters `before` and `after` into one run (`before` is
/// looked at only for a comma).
fn is_connector(before: impl FnOnce() -> char, mid: char, after: char) -> bool {
    match mid {
        '/' | ':' | '.' | '-' | '&' => is_word_char(after),
        ',' => before().is_numeric() && after.is_numeric(),
        _ => false,
    }
}

/// The char starting at byte `i` of `s` (`i` is a char boundary inside `s`); ASCII, most of
/// the text, without decoding.
fn char_at(s: &str, i: usize) -> char {
    match s.as_bytes()[i] {
        b @ 0..=0x7f => char::from(b),
        _ => s[i..].chars().next().unwrap_or('\0'),
    }
}

/// Tokenizes cleaned text (output of [`super::normalize::clean`]).
///
/// Scans the text once by byte offset: a run is word characters joined by
/// connectors ([`is_connector`] looks at the chars either side).
pub fn tokenize(clean: &str) -> Tokens {
    let mut out = Tokens::default();
    tokenize_into(clean, &mut out);
    out
}

/// [`tokenize`] into `out`, whose lists are cleared first and reused: the index tokenizes
/// every section of every page, and growing new lists each time cost an allocation and
/// several copies per section.
pub fn tokenize_into(clean: &str, out: &mut Tokens) {
    out.tokens.clear();
    out.runs.clear();
    tokenize_to(clean, out);
}

/// Where the tokenizer puts what it finds: a [`Tokens`], or the search index's own lists.
pub trait TokenSink {
    /// Tokens received so far (runs are numbered by them).
    fn count(&self) -> usize;
    /// The next token: its bytes in the text, whether it continues the previous token (see
    /// [`Token::adj`]), its forms.
    fn token(&mut self, start: usize, end: usize, adj: bool, forms: &Rc<Forms>);
    /// A code token, once its parts have been received.
    fn run(&mut self, run: Run);
}

impl TokenSink for Tokens {
    fn count(&self) -> usize {
        self.tokens.len()
    }

    fn token(&mut self, start: usize, end: usize, adj: bool, forms: &Rc<Forms>) {
        self.tokens.push(Token {
            start,
            end,
            adj,
            forms: Rc::clone(forms),
        });
    }

    fn run(&mut self, run: Run) {
        self.runs.push(run);
    }
}

/// Tokenizes cleaned text into `sink`, which is not emptied first.
pub fn tokenize_to(clean: &str, sink: &mut impl TokenSink) {
    // One borrow of the memo for the whole text, not one per token.
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        // Emptied between texts, not in the middle of one: the memo lends its forms.
        if memo.short.len() + memo.long.len() >= MEMO_LIMIT {
            *memo = Memo::default();
        }
        tokenize_with(clean, &mut memo, sink)
    });
}

/// Whether each ASCII byte is a word character (a letter or digit): one load instead of the
/// range tests, for the most frequent bytes of every page.
const ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The byte length of the word character starting at byte `i` of `s`, or `None` if the
/// character there is no word character ([`is_word_char`]). Decided from the bytes for ASCII
/// and for the lead bytes of Vietnamese letters (Latin-1 to Latin Extended-B, Latin Extended
/// Additional), nearly every character of a page; other characters are decoded. Called for
/// every character of every page, so always inlined.
#[inline(always)]
fn word_char_len(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match b[i] {
        c @ 0..=0x7f => ASCII_WORD[usize::from(c)].then_some(1),
        // U+00C0–U+00FF, but × (C3 97) and ÷ (C3 B7).
        0xc3 => (!matches!(b[i + 1], 0x97 | 0xb7)).then_some(2),
        // U+0100–U+023F.
        0xc4..=0xc8 => Some(2),
        // U+1E00–U+1EFF.
        0xe1 if matches!(b[i + 1], 0xb8..=0xbb) => Some(3),
        _ => {
            let c = char_at(s, i);
            is_word_char(c).then(|| c.len_utf8())
        }
    }
}

/// Characters in `s`: its bytes that do not continue a character.
fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

/// [`tokenize_into`] with the thread's memo borrowed.
fn tokenize_with(clean: &str, memo: &mut Memo, out: &mut impl TokenSink) {
    let mut joined = false;
    let mut i = 0;
    while i < clean.len() {
        if word_char_len(clean, i).is_none() {
            let c = char_at(clean, i);
            joined &= is_gap_space(c);
            i += c.len_utf8();
            continue;
        }
        let first = out.count();
        let (mut nparts, mut whole) = (0, true);
        loop {
            let s = i;
            while i < clean.len() {
                match word_char_len(clean, i) {
                    Some(n) => i += n,
                    None => break,
                }
            }
            nparts += 1;
            let raw = &clean[s..i];
            // A part of more bytes than the limit's characters may still be short enough.
            if raw.len() > MAX_TOKEN_CHARS && char_count(raw) > MAX_TOKEN_CHARS {
                joined = false;
                whole = false;
            } else {
                out.token(s, i, joined, forms_of(memo, raw));
                joined = true;
            }
            if i < clean.len() {
                let mid = char_at(clean, i);
                let next = i + mid.len_utf8();
                let last = || raw.chars().next_back().unwrap_or('\0');
                if next < clean.len() && is_connector(last, mid, char_at(clean, next)) {
                    i = next;
                    continue;
                }
            }
            break;
        }
        if whole && nparts > 1 {
            out.run(Run {
                first,
                last: out.count() - 1,
            });
        }
    }
}

/// `1.000.000` → `1000000` (digit groups of three joined by dots).
pub fn grouped_number(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split('.').collect();
    let ok = groups.len() > 1
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3);
    ok.then(|| groups.concat())
}

#[cfg(test)]
mod tests {
    use super::super::normalize::clean;
    use super::*;

    fn toks(s: &str) -> Vec<(String, bool)> {
        let c = clean(s);
        tokenize(&c)
            .tokens
            .into_iter()
            .map(|t| (t.text.clone(), t.adj))
            .collect()
    }

    fn runs(s: &str) -> Vec<String> {
        let c = clean(s);
        let t = tokenize(&c);
        t.runs
            .iter()
            .map(|r| t.span_text(&c, r.first, r.last))
            .collect()
    }

    #[test]
    fn splits_on_space_and_punctuation() {
        let t = toks("Nước thải, ở làng nghề.");
        let words: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        assert_eq!(words, ["nước", "thải", "ở", "làng", "nghề"]);
        let adj: Vec<bool> = t.iter().map(|x| x.1).collect();
        assert_eq!(adj, [false, true, false, true, true]);
    }

    #[test]
    fn newline_breaks_adjacency() {
        let adj: Vec<bool> = toks("sạch\nhơn").iter().map(|x| x.1).collect();
        assert_eq!(adj, [false, false]);
    }

    #[test]
    fn one_letter_syllables_are_tokens() {
        assert_eq!(toks("ở")[0].0, "ở");
        assert_eq!(toks("và ở y")[2].0, "y");
    }

    #[test]
    fn code_tokens_whole_and_parts() {
        let t: Vec<String> = toks("Quyết định 1419/QĐ-TTg")
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(t, ["quyết", "định", "1419", "qđ", "ttg"]);
        assert_eq!(runs("Quyết định 1419/QĐ-TTg"), ["1419/qđ-ttg"]);
        assert_eq!(runs("QCVN 40:2011/BTNMT"), ["40:2011/btnmt"]);
        assert_eq!(runs("08/2022/NĐ-CP"), ["08/2022/nđ-cp"]);
        let adj: Vec<bool> = toks("QCVN 40:2011/BTNMT").iter().map(|x| x.1).collect();
        assert_eq!(adj, [false, true, true, true]);
    }

    #[test]
    fn decimal_comma_only_between_digits() {
        assert_eq!(runs("0,5 %"), ["0,5"]);
        assert!(runs("nước, khí").is_empty());
        assert_eq!(runs("1.000 kWh"), ["1.000"]);
    }

    #[test]
    fn trailing_connector_is_not_joined() {
        assert!(runs("SXSH: sản xuất").is_empty());
        assert!(runs("kết thúc. Tiếp").is_empty());
    }

    #[test]
    fn counts_capitals() {
        let c = clean("SXSH Sản ttg");
        let t = tokenize(&c);
        let up: Vec<usize> = t.tokens.iter().map(|x| x.upper).collect();
        assert_eq!(up, [4, 1, 0]);
    }

    #[test]
    fn long_tokens_are_dropped() {
        let long = "a".repeat(50);
        let t = toks(&format!("x {long} y"));
        assert_eq!(t.len(), 2);
        assert!(!t[1].1);
    }

    #[test]
    fn packing_is_the_zero_padded_bytes() {
        let text = "sản xuất sạch hơn 1419/QĐ-TTg abcdefghijklmnopq";
        for i in 0..text.len() {
            for j in i..=text.len() {
                let Some(raw) = text.get(i..j) else { continue };
                let mut buf = [0u8; 16];
                let expect = buf
                    .get_mut(..raw.len())
                    .map(|b| b.copy_from_slice(raw.as_bytes()))
                    .map(|()| u128::from_le_bytes(buf));
                assert_eq!(packed(raw), expect, "{raw:?}");
            }
        }
    }

    #[test]
    fn byte_scan_agrees_with_word_char() {
        for c in ('\0'..='\u{2fff}').chain(['\u{1f600}', '\u{ff21}', '\u{3042}']) {
            let s = format!("{c}x");
            let expect = is_word_char(c).then(|| c.len_utf8());
            assert_eq!(word_char_len(&s, 0), expect, "{c:?}");
        }
        assert_eq!(char_count("sản xuất"), 8);
        let long = "ạ".repeat(20); // 60 bytes, 20 characters: a token
        assert_eq!(toks(&long).len(), 1);
    }

    #[test]
    fn grouped_numbers() {
        assert_eq!(grouped_number("1.000").as_deref(), Some("1000"));
        assert_eq!(grouped_number("12.500.000").as_deref(), Some("12500000"));
        assert_eq!(grouped_number("1.5"), None);
        assert_eq!(grouped_number("1000"), None);
    }
}
