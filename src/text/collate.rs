//! Vietnamese alphabetical order.
//!
//! The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and words that
//! differ only by tone are ordered ngang, huyền, hỏi, ngã, sắc, nặng. Like a dictionary (and the
//! Unicode Collation Algorithm), letters are compared first over the whole string and tones only
//! break ties, so "ba" < "bà" < "bả" < "bã" < "bá" < "bạ" < "bác".

use unicode_normalization::UnicodeNormalization;

/// A key that sorts strings in Vietnamese alphabetical order; compare keys with `Ord`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    original: String,
}

const ALPHABET: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxy";

/// Builds the sort key of `text`.
pub fn sort_key(text: &str) -> SortKey {
    let mut letters = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    for c in text.nfd().flat_map(char::to_lowercase) {
        match c {
            '\u{306}' | '\u{302}' | '\u{31b}' => modify_last(&mut letters, c),
            '\u{300}' => set_tone(&mut tones, 1),
            '\u{309}' => set_tone(&mut tones, 2),
            '\u{303}' => set_tone(&mut tones, 3),
            '\u{301}' => set_tone(&mut tones, 4),
            '\u{323}' => set_tone(&mut tones, 5),
            _ => {
                letters.push(letter_rank(c));
                tones.push(0);
            }
        }
    }
    SortKey {
        letters,
        tones,
        original: text.to_owned(),
    }
}

/// Letters of the alphabet rank 1..=29 in alphabet order, after spaces and punctuation (0) and
/// digits; anything else sorts after them by code point.
fn letter_rank(c: char) -> u32 {
    if let Some(i) = ALPHABET.chars().position(|a| a == c) {
        return 100 + i as u32;
    }
    match c {
        '0'..='9' => 10 + c as u32 - '0' as u32,
        c if c.is_alphanumeric() => 1000 + c as u32,
        _ => 0,
    }
}

/// Breve, circumflex and horn make new letters (ă, â, ê, ô, ơ, ư), not tones.
fn modify_last(letters: &mut [u32], mark: char) {
    let Some(last) = letters.last_mut() else {
        return;
    };
    let base = ALPHABET.chars().nth((*last as usize).wrapping_sub(100));
    let combined = match (base, mark) {
        (Some('a'), '\u{306}') => 'ă',
        (Some('a'), '\u{302}') => 'â',
        (Some('e'), '\u{302}') => 'ê',
        (Some('o'), '\u{302}') => 'ô',
        (Some('o'), '\u{31b}') => 'ơ',
        (Some('u'), '\u{31b}') => 'ư',
        _ => return,
    };
    *last = letter_rank(combined);
}

fn set_tone(tones: &mut [u8], tone: u8) {
    if let Some(last) = tones.last_mut() {
        *last = tone;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = words.to_vec();
        v.sort_by_key(|w| sort_key(w));
        v.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn alphabet_order_not_byte_order() {
        assert_eq!(
            sorted(&[
                "đá", "dê", "ăn", "ân", "an", "ơn", "ôm", "ong", "ưa", "uống"
            ]),
            [
                "an", "ăn", "ân", "dê", "đá", "ong", "ôm", "ơn", "uống", "ưa"
            ]
        );
    }

    #[test]
    fn tones_order_ngang_huyen_hoi_nga_sac_nang() {
        assert_eq!(
            sorted(&["bạ", "bá", "bã", "bả", "bà", "ba"]),
            ["ba", "bà", "bả", "bã", "bá", "bạ"]
        );
    }

    #[test]
    fn letters_before_tones() {
        assert_eq!(sorted(&["bác", "bà"]), ["bà", "bác"]);
    }

    #[test]
    fn nfd_sorts_like_nfc() {
        assert_eq!(sort_key("ho\u{300}a").letters, sort_key("hòa").letters);
        assert_eq!(sort_key("ho\u{300}a").tones, sort_key("hòa").tones);
    }
}
