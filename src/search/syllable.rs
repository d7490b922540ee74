//! Vietnamese syllable parsing (spec §5): a lowercase NFC token is split into
//! initial, rhyme and tone, giving the exact form **E** (tone stored as a
//! trailing digit, so tone placement never matters) and the folded key **F**.

use super::normalize::{fold, nfc};
use std::sync::OnceLock;

/// Vowel letters with their vowel marks, without tone.
pub const VOWELS: &str = "aăâeêioôơuưy";
/// Consonant letters of the Vietnamese alphabet.
const CONSONANTS: &str = "bcdđghklmnpqrstvx";
/// Tone combining marks in tone-digit order 1–5: sắc, huyền, hỏi, ngã, nặng.
pub const TONE_MARKS: [char; 5] = ['\u{0301}', '\u{0300}', '\u{0309}', '\u{0303}', '\u{0323}'];
/// Initials, longest first; `gi` and `qu` need a following vowel.
const INITIALS: &[&str] = &[
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];
/// Final consonants.
const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
/// Vowel clusters that never take a final consonant.
const OPEN_ONLY: &[&str] = &[
    "ai", "ay", "ây", "oi", "ôi", "ơi", "ui", "ưi", "uôi", "ươi", "oai", "oay", "uây", "ao", "au",
    "âu", "eo", "êu", "iu", "ưu", "iêu", "yêu", "ươu", "oao", "oeo", "uyu", "ia", "ua", "ưa",
    "uya", "uơ", "y",
];
/// Vowel clusters that need a final consonant.
const FINAL_ONLY: &[&str] = &["ă", "â", "iê", "yê", "uô", "ươ", "uyê", "oă", "uâ", "oo"];
/// Vowel clusters that occur open and closed.
const BOTH: &[&str] = &[
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "oa", "oe", "uê", "uy",
];

/// Every Vietnamese vowel letter lies below this code point.
const TABLE_END: usize = 0x1F00;

/// Maps every toned vowel (NFC) to its toneless vowel and tone digit,
/// indexed by code point (`'\0'` = not a vowel).
fn tone_table() -> &'static [(char, u8)] {
    static TABLE: OnceLock<Vec<(char, u8)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = vec![('\0', 0u8); TABLE_END];
        for v in VOWELS.chars() {
            m[v as usize] = (v, 0);
            for (i, mark) in TONE_MARKS.iter().enumerate() {
                let composed = nfc(&format!("{v}{mark}"));
                let mut it = composed.chars();
                if let (Some(c), None) = (it.next(), it.next()) {
                    m[c as usize] = (v, i as u8 + 1);
                }
            }
        }
        m
    })
}

/// Toneless vowel and tone of `c`, if it is a Vietnamese vowel.
fn vowel_tone(c: char) -> Option<(char, u8)> {
    tone_table()
        .get(c as usize)
        .copied()
        .filter(|x| x.0 != '\0')
}

/// Whether `c` is a toneless Vietnamese vowel letter.
pub fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Splits a lowercase NFC token into its toneless letters and tone, when
/// every letter is Vietnamese and at most one carries a tone.
pub fn split_tone(token: &str) -> Option<(String, u8)> {
    let mut base = String::with_capacity(token.len());
    let mut tone = 0u8;
    for c in token.chars() {
        if let Some((v, t)) = vowel_tone(c) {
            if t != 0 {
                if tone != 0 {
                    return None;
                }
                tone = t;
            }
            base.push(v);
        } else if CONSONANTS.contains(c) {
            base.push(c);
        } else {
            return None;
        }
    }
    Some((base, tone))
}

/// Whether `rhyme` (toneless) is vowel cluster + final consonant.
fn valid_rhyme(rhyme: &str) -> bool {
    let split = rhyme.find(|c: char| !is_vowel(c)).unwrap_or(rhyme.len());
    let (v, k) = rhyme.split_at(split);
    if v.is_empty() || !FINALS.contains(&k) {
        return false;
    }
    if k.is_empty() {
        OPEN_ONLY.contains(&v) || BOTH.contains(&v)
    } else {
        FINAL_ONLY.contains(&v) || BOTH.contains(&v)
    }
}

/// Whether the rhyme is valid after `initial` (with the `qu`/`gi` rules).
fn valid_after(initial: &str, rhyme: &str) -> bool {
    match initial {
        "qu" => valid_rhyme(&format!("u{rhyme}")) || valid_rhyme(&format!("o{rhyme}")),
        "gi" => valid_rhyme(rhyme) || valid_rhyme(&format!("i{rhyme}")),
        _ => valid_rhyme(rhyme),
    }
}

/// Splits toneless letters into (initial, rhyme).
fn split_initial(base: &str) -> Option<(&str, &str)> {
    for ini in INITIALS {
        if let Some(rest) = base.strip_prefix(ini)
            && rest.starts_with(is_vowel)
        {
            return Some((&base[..ini.len()], rest));
        }
    }
    base.starts_with(is_vowel).then_some(("", base))
}

/// A parsed Vietnamese syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Syllable {
    /// Initial consonant (`""`, `ngh`, `qu`, `gi`, `đ`…).
    pub initial: String,
    /// Toneless rhyme with vowel marks; a lone `y` after an initial is `i`.
    pub rhyme: String,
    /// Tone 0–5 (ngang, sắc, huyền, hỏi, ngã, nặng).
    pub tone: u8,
}

impl Syllable {
    /// Exact form E: toneless letters + tone digit (`hòa`, `hoà` → `hoa2`).
    pub fn exact(&self) -> String {
        format!("{}{}{}", self.initial, self.rhyme, self.tone)
    }

    /// Folded key F (`điện` → `dien`, `kỹ` → `ki`).
    pub fn folded(&self) -> String {
        fold(&format!("{}{}", self.initial, self.rhyme))
    }
}

/// Splits toneless letters into a valid (initial, rhyme) pair.
pub fn split(base: &str) -> Option<(&str, &str)> {
    let (initial, rhyme) = split_initial(base)?;
    valid_after(initial, rhyme).then_some((initial, rhyme))
}

/// Parses toneless letters plus a tone as a syllable.
pub fn parse_base(base: &str, tone: u8) -> Option<Syllable> {
    let (initial, rhyme) = split(base)?;
    let rhyme = if !initial.is_empty() && rhyme == "y" {
        "i"
    } else {
        rhyme
    };
    Some(Syllable {
        initial: initial.to_owned(),
        rhyme: rhyme.to_owned(),
        tone,
    })
}

/// Parses a lowercase NFC token as a Vietnamese syllable.
pub fn parse(token: &str) -> Option<Syllable> {
    let (base, tone) = split_tone(token)?;
    parse_base(&base, tone)
}

/// The (F, E) forms of any lowercase NFC token: syllable forms when it parses,
/// else (`fold(token)`, `token`).
pub fn forms(token: &str) -> (String, String) {
    let parsed = split_tone(token).and_then(|(base, tone)| {
        let (initial, rhyme) = split(&base)?;
        let rhyme = if !initial.is_empty() && rhyme == "y" {
            "i"
        } else {
            rhyme
        };
        let mut e = String::with_capacity(base.len() + 1);
        e.push_str(initial);
        e.push_str(rhyme);
        let f = fold(&e);
        e.push(char::from(b'0' + tone));
        Some((f, e))
    });
    parsed.unwrap_or_else(|| (fold(token), token.to_owned()))
}

/// Writes a syllable with its tone mark placed (old style: `hòa`, `thủy`),
/// for display of decoded Telex/VNI input.
pub fn compose(initial: &str, rhyme: &str, tone: u8) -> String {
    let chars: Vec<char> = rhyme.chars().collect();
    let nv = chars.iter().take_while(|c| is_vowel(**c)).count();
    let closed = nv < chars.len();
    let target = tone_target(&chars[..nv], closed);
    let mut out = initial.to_owned();
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if i == target && tone > 0 {
            out.push(TONE_MARKS[tone as usize - 1]);
        }
    }
    nfc(&out)
}

/// Index of the vowel that carries the tone mark.
fn tone_target(vowels: &[char], closed: bool) -> usize {
    if let Some(i) = vowels.iter().rposition(|c| "ăâêôơư".contains(*c)) {
        return i;
    }
    match (vowels.len(), closed) {
        (0 | 1, _) => 0,
        (2, false) => 0,
        (2, true) => 1,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(t: &str) -> String {
        forms(t).1
    }
    fn f(t: &str) -> String {
        forms(t).0
    }

    #[test]
    fn tone_is_stored_separately() {
        assert_eq!(e("hòa"), "hoa2");
        assert_eq!(e("hoà"), "hoa2");
        assert_eq!(e("thủy"), "thuy3");
        assert_eq!(e("thuỷ"), "thuy3");
        assert_eq!(e("khỏe"), e("khoẻ"));
        assert_eq!(e("điện"), "điên5");
        assert_eq!(e("ở"), "ơ3");
    }

    #[test]
    fn misplaced_tones_after_qu_and_gi() {
        assert_eq!(e("qúy"), e("quý"));
        assert_eq!(e("gía"), e("giá"));
        assert_eq!(e("giá"), "gia1");
    }

    #[test]
    fn final_y_after_consonant_folds_to_i() {
        assert_eq!(f("kỹ"), "ki");
        assert_eq!(f("kĩ"), "ki");
        assert_eq!(e("kỹ"), e("kĩ"));
        assert_eq!(f("quy"), "qui");
        assert_eq!(f("qui"), "qui");
        assert_eq!(e("quý"), e("quí"));
        assert_eq!(f("lý"), "li");
        // Not after a consonant, or part of a cluster: kept.
        assert_eq!(f("ý"), "y");
        assert_eq!(f("tay"), "tay");
        assert_eq!(f("thủy"), "thuy");
        assert_eq!(f("quyết"), "quyet");
    }

    #[test]
    fn d_bar_folds() {
        assert_eq!(f("đầu"), "dau");
        assert_eq!(f("Đ".to_lowercase().as_str()), "d");
    }

    #[test]
    fn initials() {
        let p = parse("nghiêng").unwrap();
        assert_eq!((p.initial.as_str(), p.rhyme.as_str()), ("ngh", "iêng"));
        let p = parse("gìn").unwrap();
        assert_eq!((p.initial.as_str(), p.rhyme.as_str()), ("g", "in"));
        let p = parse("giữa").unwrap();
        assert_eq!((p.initial.as_str(), p.rhyme.as_str()), ("gi", "ưa"));
        let p = parse("quốc").unwrap();
        assert_eq!((p.initial.as_str(), p.rhyme.as_str()), ("qu", "ôc"));
    }

    #[test]
    fn valid_and_invalid_syllables() {
        for s in [
            "sản", "xuất", "sạch", "hơn", "nước", "thải", "ở", "làng", "nghề", "khuỷu", "chuyện",
            "quần", "xoong", "uống", "yến", "hoặc", "tuần", "thuở", "người", "gì", "quýt", "huynh",
        ] {
            assert!(parse(s).is_some(), "{s} should parse");
        }
        for s in [
            "bod", "qcvn", "ubnd", "iso", "sxsh", "tiê", "kcn", "wifi", "hoàà", "ttg",
        ] {
            assert!(parse(s).is_none(), "{s} should not parse");
        }
    }

    #[test]
    fn non_syllables_keep_their_text() {
        assert_eq!(forms("qđ"), ("qd".to_owned(), "qđ".to_owned()));
        assert_eq!(forms("bod5"), ("bod5".to_owned(), "bod5".to_owned()));
    }

    #[test]
    fn compose_places_tone() {
        assert_eq!(compose("s", "an", 3), "sản");
        assert_eq!(compose("x", "uât", 1), "xuất");
        assert_eq!(compose("h", "oa", 2), "hòa");
        assert_eq!(compose("ng", "ươi", 2), "người");
        assert_eq!(compose("h", "ơn", 0), "hơn");
    }
}
