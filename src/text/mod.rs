//! Vietnamese text utilities shared by every stage: Unicode normalization, ASCII folding for
//! slugs and ids, and Vietnamese alphabetical ordering.

pub mod bytes;
pub mod collate;
pub mod fold;
pub mod tcvn3;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Whether `c` is NFC whatever surrounds it: it has no canonical decomposition and combines
/// with nothing (quick check "Yes", combining class 0). Covers almost every character of a
/// Vietnamese text: ASCII, Latin-1 and Latin Extended-A/B, the precomposed Vietnamese letters,
/// general punctuation (but U+2000 and U+2001, which decompose) and the đồng sign.
fn is_stable_nfc(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}' | '\u{1ea0}'..='\u{1ef9}' | '\u{2010}'..='\u{205e}' | '\u{20ab}')
}

/// Whether `text` is in NFC. Vietnamese text is checked character by character against a few
/// ranges first: the table lookups of the general quick check cost a tenth of a build.
pub fn is_nfc(text: &str) -> bool {
    all_stable_nfc(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

/// Whether `c` is NFC whatever surrounds it, by the Unicode tables: for the characters outside
/// [`is_stable_nfc`]'s ranges that a handbook still uses (`CO₂`, `≈`, `−`).
fn is_nfc_starter(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Whether every character of `text` is NFC whatever surrounds it ([`is_stable_nfc`], else
/// [`is_nfc_starter`]): then the text is NFC. Read from the UTF-8 bytes: only lead bytes from
/// U+0300 up are looked at, and on x86-64 sixteen bytes at a time ([`sse2`]), since every
/// page's text goes through this twice (on loading and for the search index). One `₂` does not
/// send the whole file to the general check.
fn all_stable_nfc(text: &str) -> bool {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 processor has it.
    let start = match unsafe { sse2::stable_prefix(text) } {
        Some(end) => end,
        None => return false,
    };
    #[cfg(not(target_arch = "x86_64"))]
    let start = 0;
    stable_from(text, start)
}

/// [`all_stable_nfc`] for the bytes of `text` from `start`, eight at a time: each lead byte is
/// checked where it lies in its word, so the scan goes on with the next word instead of
/// starting again after it. `start` may fall inside a character.
fn stable_from(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    // Bytes below 0xCC are ASCII, continuation bytes or leads of U+0080–U+02FF: all fine, and
    // a byte from 0xCC up always starts a character (continuation bytes are below 0xC0; `text`
    // is valid UTF-8, so the character's continuation bytes follow it).
    let words = bytes[start..].chunks_exact(8);
    let tail = start + 8 * words.len();
    for (k, word) in words.enumerate() {
        let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
        let mut leads = bytes::lanes_at_least(word, 0xCC);
        while leads != 0 {
            if !stable_char_at(text, start + 8 * k + leads.trailing_zeros() as usize / 8) {
                return false;
            }
            leads &= leads - 1;
        }
    }
    (tail..bytes.len()).all(|at| bytes[at] < 0xCC || stable_char_at(text, at))
}

/// Scans sixteen bytes at a time with SSE2, which every x86-64 processor has: the NFC check
/// here, and the helpers for other scans of text.
#[cfg(target_arch = "x86_64")]
pub(crate) mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };

    /// The sixteen bytes of `bytes` at `at` (`at + 16 <= bytes.len()`).
    #[target_feature(enable = "sse2")]
    pub(crate) fn load(bytes: &[u8], at: usize) -> __m128i {
        let chunk: &[u8; 16] = bytes[at..at + 16].try_into().expect("sixteen bytes");
        // SAFETY: `chunk` is 16 readable bytes; the load has no alignment requirement.
        unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) }
    }

    /// Lanes equal to `b`.
    #[target_feature(enable = "sse2")]
    pub(crate) fn eq(v: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b as i8))
    }

    /// Lanes of `b` or more (unsigned).
    #[target_feature(enable = "sse2")]
    fn at_least(v: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(b as i8)), v)
    }

    /// Lanes of `b` or less (unsigned).
    #[target_feature(enable = "sse2")]
    fn at_most(v: __m128i, b: u8) -> __m128i {
        _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(b as i8)), v)
    }

    /// Checks `text` sixteen bytes at a time while two more bytes follow; returns where it
    /// stopped, or `None` at a character that is not stable NFC. Each lane is a byte and the
    /// two after it: a lead byte from 0xCC up is fine at once when it starts one of the
    /// three-byte ranges of [`super::stable_three`], and decoded otherwise.
    #[target_feature(enable = "sse2")]
    pub(super) fn stable_prefix(text: &str) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i + 18 <= bytes.len() {
            let v0 = load(bytes, i);
            let mut leads = _mm_movemask_epi8(at_least(v0, 0xCC)) as u32;
            if leads != 0 {
                let (v1, v2) = (load(bytes, i + 1), load(bytes, i + 2));
                let and = _mm_and_si128;
                let or = _mm_or_si128;
                // U+1EA0–U+1EF9: E1 BA A0.. or E1 BB ..B9.
                let letters = and(
                    eq(v0, 0xE1),
                    or(
                        and(eq(v1, 0xBA), at_least(v2, 0xA0)),
                        and(eq(v1, 0xBB), at_most(v2, 0xB9)),
                    ),
                );
                // U+2010–U+205E and U+20AB: E2 80 90.., E2 81 ..9E, E2 82 AB.
                let punctuation = and(
                    eq(v0, 0xE2),
                    or(
                        or(
                            and(eq(v1, 0x80), at_least(v2, 0x90)),
                            and(eq(v1, 0x81), at_most(v2, 0x9E)),
                        ),
                        and(eq(v1, 0x82), eq(v2, 0xAB)),
                    ),
                );
                leads &= !(_mm_movemask_epi8(or(letters, punctuation)) as u32);
                while leads != 0 {
                    if !super::stable_char_decoded(text, i + leads.trailing_zeros() as usize) {
                        return None;
                    }
                    leads &= leads - 1;
                }
            }
            i += 16;
        }
        Some(i)
    }
}

/// Whether the character at byte `at` of `text` is NFC whatever surrounds it. Inlined into the
/// scan: most lead bytes it sees are those of precomposed Vietnamese letters.
#[inline(always)]
fn stable_char_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    let lead = bytes[at];
    (matches!(lead, 0xE1 | 0xE2) && stable_three(lead, bytes[at + 1], bytes[at + 2]))
        || stable_char_decoded(text, at)
}

/// [`stable_char_at`] for the other characters, rare in Vietnamese: decoded, then looked up.
#[inline(never)]
fn stable_char_decoded(text: &str, at: usize) -> bool {
    let c = text[at..].chars().next().unwrap_or('\0');
    is_stable_nfc(c) || is_nfc_starter(c)
}

/// Whether a three-byte UTF-8 sequence is in a range of [`is_stable_nfc`]: U+1EA0–U+1EF9,
/// U+2010–U+205E or U+20AB. (Two-byte sequences up to U+02FF have lead bytes up to `0xCB`.)
fn stable_three(lead: u8, b1: u8, b2: u8) -> bool {
    matches!(
        (lead, b1, b2),
        (0xe1, 0xba, 0xa0..)
            | (0xe1, 0xbb, ..=0xb9)
            | (0xe2, 0x80, 0x90..)
            | (0xe2, 0x81, ..=0x9e)
            | (0xe2, 0x82, 0xab)
    )
}

/// Returns `text` in Unicode NFC, borrowing when it already is (the common case).
pub fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Prepares an author's file for parsing: drops a UTF-8 byte-order mark, turns Windows (CRLF)
/// and old Mac (CR) line endings into LF, and normalizes to NFC.
/// Takes the text by value and copies it only when something changes: a clean file is the
/// common case, and at 10,000 pages each copy of the sources is 90 MB of fresh memory.
pub fn clean_source(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if is_nfc(&text) {
        text
    } else {
        text.nfc().collect()
    }
}

/// Words in `text`, as `text.split_whitespace().count()` counts them. Every page's text goes
/// through this for its reading time, and decoding every character took a sixth of the Markdown
/// stage: a text without non-ASCII spaces (nearly all) is counted by bytes, as word starts
/// (a space, then a byte that is not one), eight bytes at a time.
pub fn word_count(text: &str) -> usize {
    let b = text.as_bytes();
    if has_unicode_space(b) {
        return text.split_whitespace().count();
    }
    // Eight bytes at a time: a lane's high bit says "this byte is an ASCII space" (exact in
    // every lane: no sum below carries into the next lane).
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const fn splat(b: u8) -> u64 {
        u64::from_ne_bytes([b; 8])
    }
    let spaces = |w: u64| {
        let y = w ^ splat(b' ');
        let blank = !(((y & LOW7) + LOW7) | y) & HIGH; // lanes equal to ' '
        let ge = |min: u8| ((w & LOW7) + splat(0x80 - min)) & HIGH; // lanes (ASCII part) ≥ min
        blank | (ge(b'\t') & !ge(b'\r' + 1) & !w & HIGH) // \t \n \x0B \x0C \r
    };
    let (mut count, mut before) = (0, HIGH); // the text starts after a space
    let chunks = b.chunks_exact(8);
    let tail = chunks.remainder();
    for chunk in chunks {
        let sp = spaces(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        // Lane i starts a word when it is no space and lane i − 1 (or the last lane of the
        // chunk before) was one.
        let prev = (sp << 8) | (before >> 56);
        count += (!sp & prev & HIGH).count_ones() as usize;
        before = sp;
    }
    let mut after_space = before >> 63 == 1;
    for &c in tail {
        let space = c == b' ' || c.wrapping_sub(b'\t') < 5;
        count += usize::from(after_space && !space);
        after_space = space;
    }
    count
}

/// True when `b` holds one of the non-ASCII spaces of `char::is_whitespace` (U+0085, U+00A0,
/// U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). Their lead bytes but one
/// are rare in Vietnamese text; U+1680's, 0xE1, leads most Vietnamese letters, so it is
/// looked for whole.
fn has_unicode_space(b: &[u8]) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    memchr::memchr3_iter(0xC2, 0xE2, 0xE3, b).any(|i| {
        matches!(
            (b[i], at(i + 1), at(i + 2)),
            (0xC2, 0x85 | 0xA0, _)
                | (0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)
                | (0xE2, 0x81, 0x9F)
                | (0xE3, 0x80, 0x80)
        )
    }) || memchr::memmem::find(b, "\u{1680}".as_bytes()).is_some()
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// [`line_col`] for many offsets of one text, mostly in increasing order (the links of a page):
/// each call counts lines on from the previous offset instead of from the top, so a page's
/// links cost one pass over it, not one each.
#[derive(Debug)]
pub struct LineCursor(std::cell::Cell<(usize, usize, usize)>);

impl Default for LineCursor {
    fn default() -> Self {
        LineCursor(std::cell::Cell::new((0, 1, 0)))
    }
}

impl LineCursor {
    /// 1-based line and column (in characters) of byte `offset` in `text`, which must be the
    /// same text on every call.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        // (previous offset, its line, the byte where that line starts)
        let (from, mut line, mut line_start) = self.0.get();
        if offset < from {
            return line_col(text, offset);
        }
        for i in memchr::memchr_iter(b'\n', &text.as_bytes()[from..offset]) {
            line += 1;
            line_start = from + i + 1;
        }
        self.0.set((offset, line, line_start));
        (line, text[line_start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_count_is_split_whitespace() {
        for text in [
            "",
            "  ",
            "Sản xuất sạch hơn (SXSH)",
            "a\u{a0}b\u{2003}c\u{3000}d\u{85}e\u{1680}f\u{202f}g\u{205f}h",
            "\tđầu\r\ncuối\u{b}\u{c}x",
            "â\u{2013}b\u{2028}c ₂ 𝑥 ",
            "\u{200b}zero\u{feff}width",
            "Tiết kiệm năng lượng ở Đà Lạt — ạ ở ữ ỹ",
            "\u{2000}\u{200a}\u{200b}\u{2029}\u{2030}\u{205e}\u{3001}\u{1681}\u{a1}\u{84}",
        ] {
            assert_eq!(
                word_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
        // Eight bytes at a time: every ASCII byte and some others, at every offset in a word.
        for c in (0..0x80).chain([0x85, 0xA0, 0x1680, 0x1EA1, 0x2003, 0x2013, 0x3000, 0x1F600]) {
            let c = char::from_u32(c).unwrap_or('x');
            for pad in 0..9 {
                let text = format!(
                    "{}x{c}{c}y z\tw{c}\n{}",
                    "ab ".repeat(pad),
                    "đầu ".repeat(pad)
                );
                assert_eq!(
                    word_count(&text),
                    text.split_whitespace().count(),
                    "{text:?}"
                );
            }
        }
        // Every character of the Basic Multilingual Plane, and a sample beyond, between words.
        for c in (0..0x1_0000).chain((0x1_0000..0x11_0000).step_by(97)) {
            let Some(c) = char::from_u32(c) else { continue };
            let text = format!("a{c}b {c}");
            assert_eq!(word_count(&text), text.split_whitespace().count(), "{c:?}");
        }
    }

    #[test]
    fn line_cursor_agrees_with_line_col() {
        let text = "một\nhai ba\n\nbốn năm sáu\nbảy";
        let cursor = LineCursor::default();
        let offsets = (0..=text.len() + 2).chain([5, 0, 20, 3, text.len()]);
        for offset in offsets {
            let whole = line_col(text, offset);
            assert_eq!(cursor.line_col(text, offset), whole, "{offset}");
        }
    }

    #[test]
    fn byte_ranges_agree_with_the_unicode_check() {
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        let exact = |s: &str| is_nfc_quick(s.chars()) == IsNormalized::Yes;
        for c in ('\0'..='\u{2200}').chain('\u{1E00}'..='\u{1F00}') {
            for s in [format!("a{c}"), format!("{c}"), format!("abcdefgh{c}ij")] {
                assert!(!all_stable_nfc(&s) || exact(&s), "{c:?}");
            }
            if is_stable_nfc(c) {
                assert!(all_stable_nfc(&format!("a{c}b")), "{c:?}");
            }
        }
        assert!(!is_nfc("a\u{301}"));
        assert!(is_nfc("CO₂ ≈ 1,5 tấn − 0,2"));
    }

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd = "Đa\u{300} La\u{323}t";
        assert_eq!(to_nfc(nfd), "Đà Lạt");
    }

    #[test]
    fn stable_characters_pass_the_full_quick_check() {
        for c in (0..=0x2fff_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_stable_nfc(c))
        {
            // Alone, and after a base letter that could compose with a combining mark.
            for text in [c.to_string(), format!("a{c}"), format!("{c}a")] {
                assert_eq!(
                    is_nfc_quick(text.chars()),
                    IsNormalized::Yes,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert!(is_nfc("Sản xuất sạch hơn – 40 000 ₫"));
        // The byte scan agrees with the character test, alone and amid ASCII runs.
        let sample = (0..=0x2fff_u32).chain((0x3000..=0x10ffff).step_by(97));
        for c in sample.filter_map(char::from_u32) {
            // Short texts, and long ones read sixteen bytes at a time with `c` at each place
            // of a block, across blocks, and at the end.
            let long = (0..=18).map(|k| format!("{}{c}{}", "a".repeat(k), "ệ".repeat(7)));
            for text in [
                c.to_string(),
                format!("abcdefghij{c}klmnop"),
                format!("abcdefg{c}hijklmnop"), // across two words
                format!("{c}{c}ệ"),
                format!("{}{c}", "ệ".repeat(9)),
            ]
            .into_iter()
            .chain(long)
            {
                assert_eq!(
                    all_stable_nfc(&text),
                    text.chars().all(|c| is_stable_nfc(c) || is_nfc_starter(c)),
                    "U+{:04X}",
                    c as u32
                );
                // Never says NFC where the full check does not.
                if all_stable_nfc(&text) {
                    assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes);
                }
            }
        }
        assert!(!is_nfc("ho\u{300}a"), "NFD hòa");
        assert!(!is_nfc("CO₂ ho\u{300}a"), "NFD after a subscript");
        assert!(is_nfc("CO₂ ≈ 0,5 tấn"));
        assert!(!is_nfc("\u{2000}"), "en quad decomposes to en space");
    }

    #[test]
    fn clean_source_strips_bom_and_crlf() {
        assert_eq!(clean_source("\u{feff}a\r\nb\rc".into()), "a\nb\nc");
        assert_eq!(clean_source("\u{feff}Đa\u{300}".into()), "Đà");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "một\nhai ba";
        assert_eq!(line_col(text, 0), (1, 1));
        let off = text.find("ba").unwrap();
        assert_eq!(line_col(text, off), (2, 5));
    }
}
