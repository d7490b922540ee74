//! Build-time detection of legacy Vietnamese encodings (spec §10): TCVN3
//! (ABC) text is converted line by line when conversion makes it parse as
//! Vietnamese; VNI-Windows text and Cyrillic look-alikes are reported.

use super::normalize::{clean, is_word_char};
use super::syllable::parse;
use super::tokenize::tokenize;
use std::borrow::Cow;

/// What was found on one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// TCVN3 text, converted to Unicode.
    Tcvn3Converted,
    /// Looks like VNI-Windows text (not converted).
    VniSuspected,
    /// Cyrillic letters inside Latin words (PDF extraction glitch).
    CyrillicSuspected,
}

impl Finding {
    /// A short Vietnamese/English description for build warnings.
    pub fn describe(self) -> &'static str {
        match self {
            Finding::Tcvn3Converted => "TCVN3 (ABC) text converted to Unicode",
            Finding::VniSuspected => "text looks VNI-Windows encoded; convert it to Unicode",
            Finding::CyrillicSuspected => "Cyrillic look-alike letters inside Latin words",
        }
    }
}

/// Chars that never occur in Unicode Vietnamese but are TCVN3 letters.
const fn tcvn3_marker(c: char) -> bool {
    matches!(
        c,
        '¡' | '¢'
            | '£'
            | '¤'
            | '¥'
            | '¦'
            | '§'
            | '¨'
            | '©'
            | 'ª'
            | '«'
            | '¬'
            | '\u{AD}'
            | '®'
            | '¶'
            | '·'
            | '¸'
            | '¹'
            | '»'
            | '¼'
            | '½'
            | '¾'
            | '×'
            | '÷'
    )
}

/// VNI-Windows letters that never occur in Vietnamese.
const fn vni_letter(c: char) -> bool {
    matches!(
        c,
        'ñ' | 'ø' | 'û' | 'ï' | 'ö' | 'ë' | 'Ñ' | 'Ø' | 'Û' | 'Ï' | 'Ö' | 'Ë'
    )
}

/// Whether `c` hints at a legacy encoding: a TCVN3 marker, a VNI letter or
/// Cyrillic. Checked on every character, so the common case (ASCII and
/// Vietnamese letters) is decided by range first.
const fn suspicious(c: char) -> bool {
    match c as u32 {
        0..=0xA0 => false,
        0xA1..=0xFF => tcvn3_marker(c) || vni_letter(c),
        0x400..=0x4FF => true,
        _ => false,
    }
}

/// Which continuation bytes (by their low six bits) make a [`suspicious`] character after the
/// lead byte `lead` of a two-byte sequence.
const fn suspicious_after(lead: u32) -> u64 {
    let mut mask = 0;
    let mut low = 0;
    while low < 64 {
        if let Some(c) = char::from_u32(((lead & 0x1f) << 6) | low)
            && suspicious(c)
        {
            mask |= 1 << low;
        }
        low += 1;
    }
    mask
}

/// [`suspicious_after`] for U+0080–U+00BF and U+00C0–U+00FF.
const AFTER_C2: u64 = suspicious_after(0xC2);
const AFTER_C3: u64 = suspicious_after(0xC3);

/// Whether the character whose lead byte is at `at` is [`suspicious`], `bytes[at]` being one
/// of [`LEADS`].
fn suspicious_at(bytes: &[u8], at: usize) -> bool {
    let after = |mask: u64| {
        bytes
            .get(at + 1)
            .is_some_and(|&b| mask >> (b & 0x3f) & 1 == 1)
    };
    match bytes[at] {
        0xC2 => after(AFTER_C2),
        0xC3 => after(AFTER_C3),
        _ => true,
    }
}

/// The lead bytes of U+0080–U+00FF (`0xC2`, `0xC3`) and of U+0400–U+04FF (`0xD0`–`0xD3`):
/// only they can start a [`suspicious`] character.
const LEADS: [u8; 6] = [0xC2, 0xC3, 0xD0, 0xD1, 0xD2, 0xD3];

/// Whether any character is [`suspicious`], read from the UTF-8 bytes without decoding, and on
/// x86-64 sixteen bytes at a time ([`sse2`]): every page's text goes through this, and
/// Vietnamese has a `0xC3` lead (`â`, `ê`, `ô`, `á`…) every few letters. Continuation bytes
/// never equal a lead byte, so a scan may start anywhere.
fn any_suspicious(text: &str) -> bool {
    let bytes = text.as_bytes();
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of the x86-64 baseline: every x86-64 processor has it.
    let mut i = match unsafe { sse2::clean_prefix(bytes) } {
        Some(end) => end,
        None => return true,
    };
    #[cfg(not(target_arch = "x86_64"))]
    let mut i = 0;
    while let Some(at) = crate::text::bytes::find_any(bytes, i, &LEADS) {
        if suspicious_at(bytes, at) {
            return true;
        }
        i = at + 1;
    }
    false
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use crate::text::sse2::{eq, load};
    use std::arch::x86_64::{_mm_and_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};

    /// Checks `bytes` sixteen at a time while one more byte follows; returns where it stopped,
    /// or `None` at a [`super::suspicious`] character. Each lead byte of [`super::LEADS`] is
    /// looked at where the block has it, and the scan goes on with the next block.
    #[target_feature(enable = "sse2")]
    pub(super) fn clean_prefix(bytes: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i + 17 <= bytes.len() {
            let v = load(bytes, i);
            let latin = _mm_or_si128(eq(v, 0xC2), eq(v, 0xC3));
            let cyrillic = eq(_mm_and_si128(v, _mm_set1_epi8(0xFCu8 as i8)), 0xD0);
            let mut leads = _mm_movemask_epi8(_mm_or_si128(latin, cyrillic)) as u32;
            while leads != 0 {
                if super::suspicious_at(bytes, i + leads.trailing_zeros() as usize) {
                    return None;
                }
                leads &= leads - 1;
            }
            i += 16;
        }
        Some(i)
    }
}

/// Share of tokens that parse as Vietnamese syllables (letters only).
fn syllable_share(line: &str) -> f64 {
    let toks = tokenize(&clean(line)).tokens;
    let words: Vec<_> = toks
        .iter()
        .filter(|t| t.text.chars().all(char::is_alphabetic))
        .collect();
    if words.is_empty() {
        return 0.0;
    }
    let ok = words.iter().filter(|t| parse(&t.text).is_some()).count();
    ok as f64 / words.len() as f64
}

/// Converts a line from TCVN3 when it has TCVN3 markers and the result
/// parses as Vietnamese (≥ 80 % syllables, better than before).
fn convert_tcvn3(line: &str) -> Option<String> {
    if !line.chars().any(tcvn3_marker) {
        return None;
    }
    let out = crate::text::tcvn3::decode(line);
    let after = syllable_share(&out);
    (after >= 0.8 && after > syllable_share(line)).then_some(out)
}

/// VNI-Windows letters that never occur in Vietnamese.
fn vni_suspect(line: &str) -> bool {
    let words = line
        .split(|c: char| !is_word_char(c))
        .filter(|w| w.chars().any(vni_letter));
    words.count() >= 2
}

/// Cyrillic letters mixed into Latin words.
fn cyrillic_suspect(line: &str) -> bool {
    line.split(|c: char| !is_word_char(c)).any(|w| {
        w.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
            && w.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// Repairs raw text (before cleanup, since TCVN3 `ư` is U+00AD); returns
/// the text (borrowed when nothing is suspicious, as almost always) and the
/// 1-based lines with findings.
pub fn repair(text: &str) -> (Cow<'_, str>, Vec<(usize, Finding)>) {
    if !any_suspicious(text) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut found = Vec::new();
    let mut lines = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.is_ascii() {
            lines.push(line.to_owned());
            continue;
        }
        if let Some(c) = convert_tcvn3(line) {
            found.push((i + 1, Finding::Tcvn3Converted));
            lines.push(c);
            continue;
        }
        if vni_suspect(line) {
            found.push((i + 1, Finding::VniSuspected));
        } else if cyrillic_suspect(line) {
            found.push((i + 1, Finding::CyrillicSuspected));
        }
        lines.push(line.to_owned());
    }
    (Cow::Owned(lines.join("\n")), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_tcvn3() {
        let (t, f) = repair("s¶n xuÊt s¹ch h¬n cho ViÖt Nam");
        assert_eq!(t, "sản xuất sạch hơn cho Việt Nam");
        assert_eq!(f, [(1, Finding::Tcvn3Converted)]);
        assert_eq!(
            repair("tiÕt kiÖm n¨ng l\u{AD}îng").0,
            "tiết kiệm năng lượng"
        );
        assert_eq!(repair("QuyÕt ®Þnh").0, "Quyết định");
        assert_eq!(repair("§¸nh gi¸").0, "Đánh giá");
    }

    #[test]
    fn byte_scan_agrees_with_char_check() {
        for c in ('\0'..='\u{2000}').chain(['\u{1EA0}', '\u{20AB}', '\u{FEFF}']) {
            for s in [
                format!("a{c}b"),
                format!("abcdefgh{c}ijklmnop"),
                format!("ạbcdefg{c}"),
            ] {
                assert_eq!(any_suspicious(&s), suspicious(c), "{c:?}");
            }
            // At each offset of a sixteen-byte block, among Vietnamese letters with the same
            // lead bytes, and with the block's last byte a lead whose next byte is beyond it.
            for before in 0..=18 {
                let s = format!(
                    "{}{c}{}",
                    "â".repeat(before / 2) + &"a".repeat(before % 2),
                    "ê ô"
                );
                assert_eq!(
                    any_suspicious(&s),
                    suspicious(c),
                    "{c:?} after {before} bytes"
                );
            }
        }
    }

    #[test]
    fn leaves_unicode_alone() {
        let s = "Sản xuất sạch hơn ở Lâm Đồng — CÔNG TY\nGiá: 1.000 đ";
        let (t, f) = repair(s);
        assert_eq!(t, s);
        assert!(f.is_empty());
    }

    #[test]
    fn reports_vni_and_cyrillic() {
        let (_, f) = repair("Quyeát ñònh cuûa UBND tænh veà ñaàu tö");
        assert_eq!(f, [(1, Finding::VniSuspected)]);
        let (_, f) = repair("dӳ liӋu tiӃng Việt");
        assert_eq!(f, [(1, Finding::CyrillicSuspected)]);
    }
}
