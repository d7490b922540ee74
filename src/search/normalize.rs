//! The text pipeline shared by indexing and querying: cleanup of invisible
//! characters, NFC, lowercasing and ASCII folding.
//!
//! Spec: `docs/search-normalization.md` §1–§3. `search.js` implements the same
//! steps; `tests/search_vectors.json` proves both agree.

use crate::text::bytes as text_bytes;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What cleanup does with one code point (spec §1).
enum Clean {
    Drop,
    Keep,
    Map(char),
}

/// Classifies one code point for cleanup.
fn clean_class(c: char) -> Clean {
    match c {
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Clean::Drop,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Clean::Map(' ')
        }
        '\u{0085}' | '\u{2028}' | '\u{2029}' => Clean::Map('\n'),
        '\u{2010}' | '\u{2011}' => Clean::Map('-'),
        '\u{FF01}'..='\u{FF5E}' => Clean::Map(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
        _ => Clean::Keep,
    }
}

/// Cleanup (spec §1) followed by NFC (spec §2); case is kept.
///
/// Removes soft hyphens and zero-width characters, maps NBSP and the other
/// fixed-width spaces to U+0020, Unicode line separators to `\n`, hyphen
/// variants U+2010/U+2011 to `-` and fullwidth ASCII to ASCII. Text that
/// is already clean and NFC (nearly all of it) is returned borrowed.
pub fn clean(s: &str) -> Cow<'_, str> {
    if is_clean(s) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match clean_class(c) {
            Clean::Drop => {}
            Clean::Keep => out.push(c),
            Clean::Map(m) => out.push(m),
        }
    }
    Cow::Owned(nfc(&out))
}

/// Whether cleanup and NFC would leave `s` unchanged.
fn is_clean(s: &str) -> bool {
    // By bytes: every character cleanup changes starts with one of four lead bytes
    // (U+0085–U+00AD, U+2000–U+2060, U+3000, U+FEFF–U+FF5E), so only those are decoded, and
    // words of eight bytes without them are skipped whole. Continuation bytes never equal a
    // lead byte.
    const LEADS: [u8; 4] = [0xC2, 0xE2, 0xE3, 0xEF];
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(at) = text_bytes::find_any(bytes, i, &LEADS) {
        if let Some(c) = s[at..].chars().next()
            && !matches!(clean_class(c), Clean::Keep)
        {
            return false;
        }
        i = at + 1;
    }
    crate::text::is_nfc(s)
}

/// NFC with a fast path for text that is already composed.
pub fn nfc(s: &str) -> String {
    if crate::text::is_nfc(s) {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Full Unicode lowercasing followed by NFC (spec §3).
pub fn lower(s: &str) -> String {
    let l = s.to_lowercase();
    if crate::text::is_nfc(&l) {
        l
    } else {
        l.nfc().collect()
    }
}

/// The whole pipeline for a string: cleanup, NFC, lowercase, NFC.
pub fn normalize(s: &str) -> String {
    lower(&clean(s))
}

/// Letters with no canonical decomposition that folding maps explicitly
/// (spec §5): `đ` first of all.
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' | 'ð' => "d",
        'ø' => "o",
        'ł' => "l",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ı' => "i",
        'þ' => "th",
        _ => return None,
    })
}

/// Folds a lowercase string: canonical decomposition, every combining mark
/// removed, then the special letters of [`fold_special`] mapped.
///
/// `nước` → `nuoc`, `đầu` → `dau`. Characters with no ASCII base (CJK,
/// Cyrillic…) stay as they are.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            match fold_special(d) {
                Some(m) => out.push_str(m),
                None => out.push(d),
            }
        });
    }
    out
}

/// Word characters (spec §4): Unicode Alphabetic or Numeric, or a combining
/// mark. JS: `/[\p{Alphabetic}\p{N}\p{M}]/u`.
pub fn is_word_char(c: char) -> bool {
    // Ranges decided without Unicode tables: ASCII, Latin-1 letters,
    // Latin Extended-A/B and Latin Extended Additional (all letters).
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        0xC0..=0x24F => c != '×' && c != '÷',
        0x1E00..=0x1EFF => true,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

/// Whether lowercasing changes `c` (used to count capitals in a token).
pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    let mut l = c.to_lowercase();
    !(l.next() == Some(c) && l.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleanup_removes_invisibles_and_maps_spaces() {
        assert_eq!(clean("sản\u{200B}xuất"), "sảnxuất");
        assert_eq!(clean("a\u{00AD}b\u{FEFF}c\u{200D}d\u{200C}e"), "abcde");
        assert_eq!(clean("sạch\u{00A0}hơn"), "sạch hơn");
        assert_eq!(clean("a\u{202F}b\u{2009}c"), "a b c");
        assert_eq!(clean("NĐ\u{2011}CP"), "NĐ-CP");
        assert_eq!(clean("ＳＸＳＨ１"), "SXSH1");
        assert_eq!(clean("a\u{2028}b"), "a\nb");
    }

    #[test]
    fn cleanup_runs_before_nfc() {
        // A soft hyphen between a letter and its combining mark.
        assert_eq!(clean("ho\u{00AD}\u{0300}a"), "hòa");
    }

    #[test]
    fn nfc_composes_combining_sequences() {
        assert_eq!(nfc("ho\u{0300}a"), "hòa");
        assert_eq!(nfc("Vie\u{0323}\u{0302}t"), "Việt");
        assert_eq!(nfc("hòa"), "hòa");
    }

    #[test]
    fn lowercase_handles_vietnamese_capitals() {
        assert_eq!(normalize("ĐẦU TƯ"), "đầu tư");
        assert_eq!(normalize("Ủy Ban"), "ủy ban");
        assert_eq!(normalize("QĐ-TTg"), "qđ-ttg");
    }

    #[test]
    fn fold_strips_marks_and_maps_d_bar() {
        assert_eq!(fold("nước thải"), "nuoc thai");
        assert_eq!(fold("đầu tư thiết bị"), "dau tu thiet bi");
        assert_eq!(fold("điện"), "dien");
        assert_eq!(fold("ưởng"), "uong");
        assert_eq!(fold("straße"), "strasse");
        assert_eq!(fold("ǿ"), "o");
        assert_eq!(fold("水"), "水");
    }

    #[test]
    fn word_chars() {
        assert!(is_word_char('ữ'));
        assert!(is_word_char('5'));
        assert!(is_word_char('\u{0301}'));
        assert!(!is_word_char('-'));
        assert!(!is_word_char('_'));
        assert!(!is_word_char(' '));
    }

    #[test]
    fn word_char_fast_ranges_agree_with_unicode() {
        for c in ('\0'..='\u{2FF}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn byte_check_agrees_with_char_check() {
        let exact = |s: &str| {
            s.chars().all(|c| matches!(clean_class(c), Clean::Keep)) && crate::text::is_nfc(s)
        };
        let odd = ['\u{FEFF}', '\u{FF01}', '\u{FF5E}', '\u{3000}', '\u{E000}'];
        for c in ('\0'..='\u{3100}').chain(odd) {
            for s in [
                format!("a{c}b"),
                format!("abcdefgh{c}ijklmnop"),
                format!("ạbcdefg{c}"),
            ] {
                assert_eq!(is_clean(&s), exact(&s), "{c:?}");
            }
        }
    }

    #[test]
    fn upper_detection() {
        assert!(is_upper('Đ'));
        assert!(is_upper('S'));
        assert!(!is_upper('s'));
        assert!(!is_upper('5'));
    }
}
