//! Lints of the Vietnamese text: Unicode normalization (read from the raw bytes, because
//! loading normalizes to NFC), text left in a legacy 8-bit encoding (TCVN3/ABC, VNI-Windows),
//! both tone-placement styles in one document, and abbreviations missing from the glossary.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::text::is_nfc;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostics::Diagnostic;

/// A tone (thanh) of a Vietnamese syllable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// ngang (no mark)
    Level,
    /// huyền `à`
    Grave,
    /// sắc `á`
    Acute,
    /// hỏi `ả`
    Hook,
    /// ngã `ã`
    Tilde,
    /// nặng `ạ`
    Dot,
}

/// Splits a letter into its tone-free form and its tone: `ấ` → (`â`, sắc).
pub fn split_tone(c: char) -> (char, Tone) {
    if c.is_ascii() {
        return (c, Tone::Level);
    }
    let mut tone = Tone::Level;
    let mut base = String::new();
    for d in std::iter::once(c).nfd() {
        match d {
            '\u{300}' => tone = Tone::Grave,
            '\u{301}' => tone = Tone::Acute,
            '\u{309}' => tone = Tone::Hook,
            '\u{303}' => tone = Tone::Tilde,
            '\u{323}' => tone = Tone::Dot,
            other => base.push(other),
        }
    }
    (base.nfc().next().unwrap_or(c), tone)
}

const INITIALS: [&str; 28] = [
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
];
const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
/// Vowel groups that stand with or without a final consonant.
const NUCLEI_ANY: [&str; 13] = [
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "oa", "oe", "uy",
];
/// Vowel groups that need a final consonant.
const NUCLEI_CLOSED: [&str; 11] = [
    "ă", "â", "iê", "yê", "uô", "ươ", "oă", "uâ", "uyê", "oo", "uê",
];
/// Vowel groups that end in a glide and take no final consonant.
const NUCLEI_OPEN: [&str; 30] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ui", "ưa", "ưi",
    "ưu", "ua", "uơ", "uê", "oai", "oay", "oao", "oeo", "uây", "uya", "iêu", "yêu", "ươi", "ươu",
];
const MORE_OPEN: [&str; 3] = ["uôi", "uyu", "ya"];

fn is_vietnamese_letter(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă'
            | 'â'
            | 'b'
            | 'c'
            | 'd'
            | 'đ'
            | 'e'
            | 'ê'
            | 'g'
            | 'h'
            | 'i'
            | 'k'
            | 'l'
            | 'm'
            | 'n'
            | 'o'
            | 'ô'
            | 'ơ'
            | 'p'
            | 'q'
            | 'r'
            | 's'
            | 't'
            | 'u'
            | 'ư'
            | 'v'
            | 'x'
            | 'y'
    )
}

fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// The letters of `word`, lowercased, as (tone-free letter, tone).
fn letters(word: &str) -> Vec<(char, Tone)> {
    word.nfc()
        .flat_map(char::to_lowercase)
        .map(split_tone)
        .collect()
}

/// True when `word` is one well-formed Vietnamese syllable: an initial consonant, a vowel
/// group, a final consonant allowed after it, at most one tone (only sắc or nặng before
/// c, ch, p, t).
pub fn is_syllable(word: &str) -> bool {
    let parts = letters(word);
    if parts.is_empty() || parts.iter().any(|(c, _)| !is_vietnamese_letter(*c)) {
        return false;
    }
    let tones: Vec<Tone> = parts
        .iter()
        .map(|(_, t)| *t)
        .filter(|t| *t != Tone::Level)
        .collect();
    if tones.len() > 1 {
        return false;
    }
    let tone = tones.first().copied().unwrap_or(Tone::Level);
    let bare: String = parts.iter().map(|(c, _)| *c).collect();
    INITIALS.iter().any(|initial| {
        bare.strip_prefix(initial)
            .is_some_and(|rhyme| valid_rhyme(rhyme, tone))
    })
}

fn valid_rhyme(rhyme: &str, tone: Tone) -> bool {
    FINALS.iter().any(|fin| {
        let Some(nucleus) = rhyme.strip_suffix(fin) else {
            return false;
        };
        if nucleus.is_empty() {
            return false;
        }
        let ok = if fin.is_empty() {
            NUCLEI_ANY.contains(&nucleus)
                || NUCLEI_OPEN.contains(&nucleus)
                || MORE_OPEN.contains(&nucleus)
        } else {
            NUCLEI_ANY.contains(&nucleus) || NUCLEI_CLOSED.contains(&nucleus)
        };
        let stop = matches!(*fin, "c" | "ch" | "p" | "t");
        ok && (!stop || matches!(tone, Tone::Acute | Tone::Dot))
    })
}

/// True when every part of `word` split at hyphens is a syllable.
fn is_vietnamese_word(word: &str) -> bool {
    !word.is_empty() && word.split('-').all(is_syllable)
}

/// Reads `word` as VNI-Windows text that was taken for Latin-1: a base letter followed by
/// separate bytes for its marks (`saûn` = `sản`, `xuaát` = `xuất`).
pub fn decode_vni(word: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(word.len());
    for c in word.chars() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let prev = out
            .last()
            .map(|p| split_tone(p.to_lowercase().next().unwrap_or(*p)).0);
        // (circumflex or breve, tone) carried by the mark bytes.
        let mark: Option<(Option<char>, &str)> = match lower {
            'ù' => Some((None, "\u{301}")),
            'ø' => Some((None, "\u{300}")),
            'û' => Some((None, "\u{309}")),
            'õ' => Some((None, "\u{303}")),
            'ï' => Some((None, "\u{323}")),
            'â' => Some((Some('\u{302}'), "")),
            'á' => Some((Some('\u{302}'), "\u{301}")),
            'à' => Some((Some('\u{302}'), "\u{300}")),
            'å' => Some((Some('\u{302}'), "\u{309}")),
            'ã' => Some((Some('\u{302}'), "\u{303}")),
            'ä' => Some((Some('\u{302}'), "\u{323}")),
            'ê' => Some((Some('\u{306}'), "")),
            'é' => Some((Some('\u{306}'), "\u{301}")),
            'è' => Some((Some('\u{306}'), "\u{300}")),
            'ú' => Some((Some('\u{306}'), "\u{309}")),
            'ü' => Some((Some('\u{306}'), "\u{303}")),
            'ë' => Some((Some('\u{306}'), "\u{323}")),
            _ => None,
        };
        if let (Some((shape, tone)), Some(p)) = (mark, prev) {
            let shape_fits = match shape {
                Some('\u{302}') => matches!(p, 'a' | 'e' | 'o'),
                Some(_) => p == 'a',
                None => is_vowel(p),
            };
            if shape_fits {
                let last = out.pop().unwrap_or(' ');
                let mut composed = String::new();
                composed.push(last);
                if let Some(s) = shape {
                    composed.push(s);
                }
                composed.push_str(tone);
                out.extend(composed.nfc());
                continue;
            }
        }
        let single = match c {
            'ô' => 'ơ',
            'Ô' => 'Ơ',
            'ö' => 'ư',
            'Ö' => 'Ư',
            'ñ' => 'đ',
            'Ñ' => 'Đ',
            'æ' => 'ỉ',
            'Æ' => 'Ỉ',
            'ó' => 'ĩ',
            'Ó' => 'Ĩ',
            'ò' => 'ị',
            'Ò' => 'Ị',
            other => other,
        };
        out.push(single);
    }
    out.into_iter().collect::<String>().nfc().collect()
}

/// Which legacy encoding a word was written in, if it looks like one.
fn legacy_word(word: &str) -> Option<&'static str> {
    if !word.chars().any(|c| ('\u{A1}'..='\u{FF}').contains(&c))
        || !word.chars().any(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    // Units such as µm, µg.
    if word.starts_with('µ') && word.chars().count() <= 3 {
        return None;
    }
    if is_vietnamese_word(&word.to_lowercase()) {
        return None;
    }
    let tcvn = crate::text::tcvn3::decode(word);
    if tcvn != word && is_vietnamese_word(&tcvn.to_lowercase()) {
        return Some("TCVN3 (ABC)");
    }
    let vni = decode_vni(word);
    if vni != word && is_vietnamese_word(&vni.to_lowercase()) {
        return Some("VNI-Windows");
    }
    None
}

/// Words of a line for the legacy-encoding check: runs of letters and of Latin-1 symbols
/// (TCVN3 letters read as Latin-1 are symbols such as `¶`, and its `ư` is a soft hyphen).
fn legacy_words(line: &str) -> impl Iterator<Item = (usize, &str)> {
    let is_part = |c: char| c.is_alphabetic() || ('\u{A1}'..='\u{FF}').contains(&c);
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (is_part(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &line[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &line[s..]));
    }
    out.into_iter()
}

/// Lines of `text` that look like TCVN3 or VNI text read as Latin-1. A single odd word is
/// ignored (it is more likely a unit or a name); from two on, each line with one is reported.
pub fn legacy_encoding(file: &Path, text: &str, not_utf8: bool) -> Vec<Diagnostic> {
    let mut hits: Vec<(usize, usize, &'static str, String, String)> = Vec::new();
    let shorten = |s: &str| -> String {
        let s = s.trim();
        if s.chars().count() > 70 {
            format!("{}…", s.chars().take(70).collect::<String>())
        } else {
            s.to_owned()
        }
    };
    for (n, line) in text.lines().enumerate() {
        for (at, word) in legacy_words(line) {
            if let Some(kind) = legacy_word(word) {
                // Show the whole line, read in the encoding it seems to be in.
                let decoded = if kind.starts_with("TCVN3") {
                    crate::text::tcvn3::decode(line)
                } else {
                    decode_vni(line)
                };
                let col = line[..at].chars().count() + 1;
                hits.push((n + 1, col, kind, shorten(line), shorten(&decoded)));
            }
        }
    }
    if hits.len() < 2 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut seen_lines = HashSet::new();
    for (line, col, kind, word, decoded) in hits {
        if !seen_lines.insert(line) {
            continue;
        }
        let message = if not_utf8 {
            format!("tệp dùng bảng mã cũ {kind}, không phải Unicode: “{word}” là “{decoded}”")
        } else {
            format!("chữ bị lỗi bảng mã {kind}: “{word}” có lẽ là “{decoded}”")
        };
        out.push(Diagnostic::error(file, line, col, message).with_help(
            "chuyển văn bản sang Unicode: trong Unikey mở Công cụ chuyển mã (Ctrl+Shift+F6), chọn Nguồn: TCVN3 (ABC) hoặc VNI Windows, Đích: Unicode, rồi dán lại; lưu tệp với bảng mã UTF-8",
        ));
    }
    out
}

/// Characters that carry a Vietnamese diacritic when written precomposed.
fn is_precomposed_vietnamese(c: char) -> bool {
    ('\u{C0}'..='\u{1EF9}').contains(&c) && c.is_alphabetic()
}

/// Text written in decomposed Unicode (NFD, what some Windows keyboards and PDF copies
/// produce), alone or mixed with precomposed text.
pub fn normalization(file: &Path, text: &str) -> Vec<Diagnostic> {
    if is_nfc(text) {
        return Vec::new();
    }
    let mut bad_lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if !is_nfc(line) {
            let nfc: String = line.nfc().collect();
            let col = line
                .chars()
                .zip(nfc.chars())
                .position(|(a, b)| a != b)
                .map_or(1, |p| p + 1);
            bad_lines.push((n + 1, col));
        }
    }
    let Some(&(line, col)) = bad_lines.first() else {
        return Vec::new();
    };
    // Precomposed letters in the file mean the two forms are mixed.
    let mixed = text
        .lines()
        .filter(|l| is_nfc(l))
        .any(|l| l.chars().any(is_precomposed_vietnamese))
        || text.chars().any(is_precomposed_vietnamese);
    let lines = if bad_lines.len() == 1 {
        "1 dòng".to_owned()
    } else {
        format!("{} dòng", bad_lines.len())
    };
    let message = if mixed {
        format!(
            "trộn lẫn Unicode dựng sẵn và Unicode tổ hợp (NFD) trong cùng tệp: {lines} viết dạng tổ hợp"
        )
    } else {
        format!("tệp viết bằng Unicode tổ hợp (NFD): {lines}")
    };
    vec![Diagnostic::warning(file, line, col, message).with_help(
        "lưu lại tệp ở dạng Unicode dựng sẵn (NFC): trong Unikey dùng Công cụ chuyển mã, Nguồn: Unicode tổ hợp, Đích: Unicode; gõ bằng Unikey/EVKey với bảng mã Unicode dựng sẵn. sotay vẫn tự chuẩn hóa khi tạo trang, nhưng tìm kiếm trong trình soạn thảo và so sánh phiên bản sẽ sai",
    )]
}

/// Where the tone mark of a syllable ending in oa, oe or uy sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// On the first vowel: hòa, khỏe, thủy — the handbook's style (that of current legal texts).
    Old,
    /// On the second vowel: hoà, khoẻ, thuỷ.
    New,
}

/// The tone placement of `word`, when it is a syllable where the two styles differ.
pub fn placement(word: &str) -> Option<Placement> {
    let parts = letters(word);
    let n = parts.len();
    if n < 2 {
        return None;
    }
    let (b1, t1) = parts[n - 2];
    let (b2, t2) = parts[n - 1];
    if !matches!((b1, b2), ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    if n >= 3 {
        let before = parts[n - 3].0;
        // In "quy" the u belongs to the initial: quý is right in both styles.
        if before == 'q' || is_vowel(before) {
            return None;
        }
    }
    if !is_syllable(word) {
        return None;
    }
    match (t1 != Tone::Level, t2 != Tone::Level) {
        (true, false) => Some(Placement::Old),
        (false, true) => Some(Placement::New),
        _ => None,
    }
}

fn words_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// Both tone-placement styles in one document, or the style the handbook does not use.
pub fn tone_placement(file: &Path, text: &str) -> Vec<Diagnostic> {
    let mut old = 0usize;
    let mut new: Vec<(usize, String)> = Vec::new();
    for (at, word) in words_with_offsets(text) {
        match placement(word) {
            Some(Placement::Old) => old += 1,
            Some(Placement::New) => new.push((at, word.to_owned())),
            None => {}
        }
    }
    let Some((first_at, first_word)) = new.first() else {
        return Vec::new();
    };
    let (line, col) = crate::text::line_col(text, *first_at);
    let mut examples: Vec<String> = Vec::new();
    for (at, w) in &new {
        let (l, _) = crate::text::line_col(text, *at);
        let e = format!("“{w}” (dòng {l})");
        if !examples.contains(&e) && examples.len() < 6 {
            examples.push(e);
        }
    }
    let message = if old > 0 {
        format!(
            "trộn hai kiểu bỏ dấu trong cùng tài liệu: {} chữ kiểu “hoà, thuỷ” và {old} chữ kiểu “hòa, thủy”; ví dụ {}",
            new.len(),
            examples.join(", ")
        )
    } else {
        format!(
            "bỏ dấu kiểu “hoà, thuỷ” ({} chữ, ví dụ “{first_word}”); sổ tay dùng kiểu “hòa, thủy” của văn bản pháp quy hiện hành",
            new.len()
        )
    };
    vec![Diagnostic::warning(file, line, col, message).with_help(
        "đặt dấu thanh trên nguyên âm thứ nhất của oa, oe, uy khi không có phụ âm cuối: hòa, hóa, khỏe, thủy, ủy ban (Unikey: bỏ chọn “Đặt dấu oà, uý”)",
    )]
}

/// True for a Roman numeral written canonically (II, IV, XII), used in part numbers.
fn is_roman(token: &str) -> bool {
    let value = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let Some(values) = token.chars().map(value).collect::<Option<Vec<usize>>>() else {
        return false;
    };
    let mut total = 0usize;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total = total.wrapping_sub(*v);
        } else {
            total = total.wrapping_add(*v);
        }
    }
    total > 0 && total < 4000 && crate::site::numbering::roman(total) == token
}

/// Units and currencies written in capitals that are not abbreviations to define.
const NOT_ABBREVIATIONS: [&str; 12] = [
    "MW", "GW", "TW", "MJ", "GJ", "TJ", "PJ", "TOE", "VND", "VNĐ", "USD", "EUR",
];

/// The abbreviations the glossary defines: each `abbr` and its parts (`NĐ-CP` → `NĐ`, `CP`),
/// and capitalised words of the terms themselves.
pub fn known_abbreviations(glossary: &[crate::content::Term]) -> HashSet<String> {
    let mut known: HashSet<String> = NOT_ABBREVIATIONS.iter().map(|s| s.to_string()).collect();
    for t in glossary {
        for source in t.abbr.iter().chain(std::iter::once(&t.term)) {
            known.insert(source.trim().to_owned());
            for (_, piece) in words_with_offsets(source) {
                if piece.chars().any(|c| c.is_uppercase()) {
                    known.insert(piece.to_owned());
                }
            }
        }
    }
    known
}

/// A word that is an abbreviation to look up: two or more capitals A–Z or Đ, no digits.
fn is_abbreviation(token: &str) -> bool {
    token.chars().count() >= 2
        && token.chars().all(|c| c.is_ascii_uppercase() || c == 'Đ')
        && !is_roman(token)
}

/// Abbreviations in the prose of a document (text outside code) that the glossary lacks: one
/// warning per abbreviation, at its first use.
pub fn abbreviations(
    file: &Path,
    text: &str,
    body_offset: usize,
    known: &HashSet<String>,
) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let body = &text[body_offset..];
    let mut found: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut in_code = 0usize;
    for (event, range) in
        Parser::new_ext(body, crate::markdown::parser_options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(t) if in_code == 0 => {
                // Text in capitals (a shouted heading) holds ordinary words, not abbreviations.
                let letters_total = t.chars().filter(|c| c.is_alphabetic()).count();
                let upper = t.chars().filter(|c| c.is_uppercase()).count();
                let shouting = letters_total >= 8 && upper * 10 >= letters_total * 7;
                let source = &body[range.clone()];
                for (start, token) in words_with_offsets(&t) {
                    if !is_abbreviation(token) || known.contains(token) {
                        continue;
                    }
                    // Part of a dotted name such as E.ON or U.S.A.
                    let before = t[..start].chars().rev().take(2).collect::<Vec<char>>();
                    let after = t[start + token.len()..]
                        .chars()
                        .take(2)
                        .collect::<Vec<char>>();
                    let dotted = |pair: &[char]| {
                        pair.len() == 2 && pair[0] == '.' && pair[1].is_alphabetic()
                    };
                    if dotted(&before) || dotted(&after) {
                        continue;
                    }
                    if shouting && is_syllable(token) {
                        continue;
                    }
                    let at = source.find(token).map_or(range.start, |o| range.start + o);
                    let entry = found
                        .entry(token.to_owned())
                        .or_insert((body_offset + at, 0));
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|(token, (at, count))| {
            let (line, col) = crate::text::line_col(text, at);
            let times = if count > 1 {
                format!(" ({count} lần)")
            } else {
                String::new()
            };
            Diagnostic::warning(
                file,
                line,
                col,
                format!("chữ viết tắt {token}{times} chưa có trong bảng thuật ngữ content/thuat-ngu.toml"),
            )
            .with_help(format!(
                "thêm vào content/thuat-ngu.toml:\n    [[term]]\n    abbr = \"{token}\"\n    term = \"…\"\n    definition = \"…\"\n  hoặc viết đầy đủ thay cho chữ viết tắt"
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        for ok in [
            "sản", "xuất", "sạch", "hơn", "nghiêng", "quý", "hòa", "hoà", "khuya", "thuở", "gì",
            "người", "Đà", "LẠT", "xoong", "huỳnh", "khuỷu",
        ] {
            assert!(is_syllable(ok), "{ok}");
        }
        for bad in [
            "s¶n", "xuÊt", "saûn", "xuaát", "hôn1", "sotay", "ISO", "bap", "hoà-x",
        ] {
            assert!(!is_syllable(bad), "{bad}");
        }
    }

    #[test]
    fn legacy_encodings_decode() {
        assert_eq!(
            crate::text::tcvn3::decode("s¶n xuÊt s¹ch h¬n"),
            "sản xuất sạch hơn"
        );
        assert_eq!(crate::text::tcvn3::decode("n¨ng l\u{AD}îng"), "năng lượng");
        assert_eq!(crate::text::tcvn3::decode("§¸nh gi¸"), "Đánh giá");
        assert_eq!(decode_vni("saûn"), "sản");
        assert_eq!(decode_vni("xuaát"), "xuất");
        assert_eq!(decode_vni("Vieät"), "Việt");
        assert_eq!(decode_vni("ñònh"), "định");
        assert_eq!(decode_vni("hôn"), "hơn");
    }

    #[test]
    fn legacy_text_is_found_but_units_and_vietnamese_are_not() {
        let f = Path::new("a.md");
        let tcvn = legacy_encoding(f, "Gi¶i ph¸p s¶n xuÊt s¹ch h¬n\n", false);
        assert_eq!(tcvn.len(), 1);
        assert!(tcvn[0].message.contains("TCVN3"), "{}", tcvn[0].message);
        let vni = legacy_encoding(f, "x\nsaûn xuaát saïch hôn\n", false);
        assert_eq!(vni.len(), 1);
        assert_eq!(vni[0].line, 2);
        assert!(vni[0].message.contains("VNI"), "{}", vni[0].message);
        assert!(
            legacy_encoding(
                f,
                "Sản xuất sạch hơn, 25 µm, 5 kW·h, 30°C, © 2026, café naïve\n",
                false
            )
            .is_empty()
        );
    }

    #[test]
    fn normalization_forms() {
        let f = Path::new("a.md");
        assert!(normalization(f, "Đà Lạt\n").is_empty());
        let nfd = normalization(f, "a\nDa\u{300} La\u{323}t\n");
        assert_eq!(nfd[0].line, 2);
        assert!(nfd[0].message.contains("NFD"));
        let mixed = normalization(f, "Đà Lạt\nDa\u{300} La\u{323}t\n");
        assert!(
            mixed[0].message.contains("trộn lẫn"),
            "{}",
            mixed[0].message
        );
    }

    #[test]
    fn tone_placement_styles() {
        assert_eq!(placement("hòa"), Some(Placement::Old));
        assert_eq!(placement("hoà"), Some(Placement::New));
        assert_eq!(placement("thuỷ"), Some(Placement::New));
        assert_eq!(placement("Ủy"), Some(Placement::Old));
        assert_eq!(placement("quý"), None);
        assert_eq!(placement("hoàn"), None);
        assert_eq!(placement("hoa"), None);
        let f = Path::new("a.md");
        assert!(tone_placement(f, "hòa bình, thủy lợi").is_empty());
        let mixed = tone_placement(f, "hòa bình\nhoà hợp");
        assert_eq!(mixed[0].line, 2);
        assert!(mixed[0].message.contains("trộn"));
    }

    #[test]
    fn abbreviations_outside_glossary() {
        let f = Path::new("a.md");
        let known: HashSet<String> = ["SXSH".to_owned(), "UBND".to_owned()].into();
        let text = "+++\n+++\n# PHẦN II: TỔNG QUAN VỀ NGÀNH\n\nSXSH và QĐ-UBND, TCVN 5945, ISO 14001, CO2, E.ON, Phần IV.\n\n```\nABC\n```\nLại TCVN.\n";
        let d = abbreviations(f, text, 8, &known);
        let names: Vec<&str> = d
            .iter()
            .map(|d| d.message.split(' ').nth(3).unwrap())
            .collect();
        assert_eq!(names, ["ISO", "QĐ", "TCVN"], "{d:?}");
        assert_eq!(d[2].line, 5);
        assert!(d[2].message.contains("2 lần"));
    }
}
