//! Telex and VNI decoding of query tokens typed without an input method
//! (spec §7): `sanr` → `sản`, `xua61t` → `xuất`.
//!
//! A decode is only *proposed* here; the query planner accepts it when the raw
//! token is not in the index vocabulary and the decoded key is.

use super::syllable::{compose, is_vowel, parse_base, split};

/// A decoded syllable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// Display form with the tone mark placed (`sản`).
    pub text: String,
    /// Folded key F.
    pub f: String,
    /// Exact form E.
    pub e: String,
}

/// Tone digit of a Telex tone key.
fn telex_tone(c: char) -> Option<u8> {
    Some(match c {
        's' => 1,
        'f' => 2,
        'r' => 3,
        'x' => 4,
        'j' => 5,
        'z' => 0,
        _ => return None,
    })
}

/// Vowel with a circumflex (`â ê ô`), breve (`ă`) or horn (`ơ ư`).
fn with_mark(c: char, mark: char) -> Option<char> {
    Some(match (c, mark) {
        ('a', '^') => 'â',
        ('e', '^') => 'ê',
        ('o', '^') => 'ô',
        ('a', '(') => 'ă',
        ('o', '+') => 'ơ',
        ('u', '+') => 'ư',
        _ => return None,
    })
}

/// Applies a horn (Telex `w`, VNI `7`) to the letters typed so far.
/// `uo` takes the horn on both vowels (`ươ`). Returns false when no vowel
/// can take it.
fn apply_horn(out: &mut [char]) -> bool {
    let n = out.len();
    if let Some(p) = (0..n).rev().find(|&i| matches!(out[i], 'o' | 'u')) {
        if out[p] == 'o' && p > 0 && matches!(out[p - 1], 'u' | 'ư') {
            out[p - 1] = 'ư';
            out[p] = 'ơ';
        } else if out[p] == 'u' && p + 1 < n && out[p + 1] == 'o' {
            out[p] = 'ư';
            out[p + 1] = 'ơ';
        } else {
            out[p] = with_mark(out[p], '+').unwrap_or(out[p]);
        }
        return true;
    }
    false
}

/// Applies a circumflex (`^`) or breve (`(`) to the last vowel that takes it.
fn apply_mark(out: &mut [char], mark: char) -> bool {
    match (0..out.len())
        .rev()
        .find(|&i| with_mark(out[i], mark).is_some())
    {
        Some(p) => {
            out[p] = with_mark(out[p], mark).unwrap_or(out[p]);
            true
        }
        None => false,
    }
}

/// Validates toneless letters + tone and builds the decoded forms.
fn finish(letters: &[char], tone: u8, raw: &str) -> Option<Decoded> {
    let base: String = letters.iter().collect();
    let (initial, rhyme) = split(&base)?;
    let text = compose(initial, rhyme, tone);
    if text == raw {
        return None;
    }
    let syl = parse_base(&base, tone)?;
    Some(Decoded {
        text,
        f: syl.folded(),
        e: syl.exact(),
    })
}

/// Index of the first vowel letter (Telex `w` counts as one).
fn first_vowel(cs: &[char]) -> Option<usize> {
    cs.iter().position(|c| "aeiouyw".contains(*c))
}

/// Decodes a Telex token: `aa ee oo` → `â ê ô`, `aw` → `ă`, `ow uw` →
/// `ơ ư` (`uow` → `ươ`, a late `w` marks the vowel group), `dd` → `đ`, and one
/// tone key `s f r x j` (or `z`) anywhere after the first vowel.
pub fn telex(raw: &str) -> Option<Decoded> {
    let cs: Vec<char> = raw.chars().collect();
    if !(2..=10).contains(&cs.len()) || !cs.iter().all(|c| c.is_ascii_lowercase()) {
        return None;
    }
    let v0 = first_vowel(&cs)?;
    let keys: Vec<usize> = (v0 + 1..cs.len())
        .filter(|&i| telex_tone(cs[i]).is_some())
        .collect();
    if keys.len() > 1 {
        return None;
    }
    let tone = keys.first().map_or(0, |&i| telex_tone(cs[i]).unwrap_or(0));
    let rest: Vec<char> = (0..cs.len())
        .filter(|i| !keys.contains(i))
        .map(|i| cs[i])
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(rest.len());
    let mut i = 0;
    if rest.starts_with(&['d', 'd']) {
        out.push('đ');
        i = 2;
    }
    while i < rest.len() {
        let c = rest[i];
        if c == 'w' {
            let done = match out.last() {
                Some('a') => apply_mark(&mut out, '('),
                _ => apply_horn(&mut out) || apply_mark(&mut out, '('),
            };
            if !done {
                out.push('ư');
            }
        } else if "aeo".contains(c) && rest.get(i + 1) == Some(&c) {
            out.push(with_mark(c, '^')?);
            i += 1;
        } else {
            out.push(c);
        }
        i += 1;
    }
    finish(&out, tone, raw)
}

/// Decodes a VNI token: digits `1–5` tones, `6` circumflex, `7` horn, `8`
/// breve, `9` đ, `0` no tone. The token must start with a letter, and a tone
/// digit must follow a vowel.
pub fn vni(raw: &str) -> Option<Decoded> {
    let cs: Vec<char> = raw.chars().collect();
    let ok = (2..=12).contains(&cs.len())
        && cs[0].is_ascii_lowercase()
        && cs
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && cs.iter().any(|c| ('1'..='9').contains(c));
    if !ok {
        return None;
    }
    let mut out: Vec<char> = Vec::new();
    let mut tone: Option<u8> = None;
    for &c in &cs {
        let applied = match c {
            'a'..='z' => {
                out.push(c);
                true
            }
            '0' => true,
            '1'..='5' => {
                let fresh = tone.is_none() && out.iter().any(|c| is_vowel(*c));
                tone = Some(c as u8 - b'0');
                fresh
            }
            '6' => apply_mark(&mut out, '^'),
            '7' => apply_horn(&mut out),
            '8' => apply_mark(&mut out, '('),
            _ => match out.iter().position(|&x| x == 'd') {
                Some(p) => {
                    out[p] = 'đ';
                    true
                }
                None => false,
            },
        };
        if !applied {
            return None;
        }
    }
    finish(&out, tone.unwrap_or(0), raw)
}

/// Telex for letter-only tokens, VNI for tokens with digits.
pub fn decode(raw: &str) -> Option<Decoded> {
    if raw.bytes().any(|b| b.is_ascii_digit()) {
        vni(raw)
    } else {
        telex(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Option<String> {
        decode(s).map(|d| d.text)
    }

    #[test]
    fn telex_examples() {
        assert_eq!(t("sanr").as_deref(), Some("sản"));
        assert_eq!(t("xuaats").as_deref(), Some("xuất"));
        assert_eq!(t("sachj").as_deref(), Some("sạch"));
        assert_eq!(t("hown").as_deref(), Some("hơn"));
        assert_eq!(t("tieesng").as_deref(), Some("tiếng"));
        assert_eq!(t("vieejt").as_deref(), Some("việt"));
        assert_eq!(t("truwowngf").as_deref(), Some("trường"));
        assert_eq!(t("huongw").as_deref(), Some("hương"));
        assert_eq!(t("ddaauf").as_deref(), Some("đầu"));
        assert_eq!(t("tw").as_deref(), Some("tư"));
        assert_eq!(t("nuowcs").as_deref(), Some("nước"));
        assert_eq!(t("awn").as_deref(), Some("ăn"));
        assert_eq!(t("quawn").as_deref(), Some("quăn"));
    }

    #[test]
    fn telex_keeps_forms_consistent() {
        let d = decode("hoaf").unwrap();
        assert_eq!(d.e, "hoa2");
        assert_eq!(d.f, "hoa");
    }

    #[test]
    fn telex_rejects_non_syllables() {
        assert_eq!(t("cod"), None);
        assert_eq!(t("iso"), None);
        assert_eq!(t("sxsh"), None);
        assert_eq!(t("ssss"), None);
        // Nothing to decode.
        assert_eq!(t("sach"), None);
    }

    #[test]
    fn vni_examples() {
        assert_eq!(t("sa3n").as_deref(), Some("sản"));
        assert_eq!(t("xua61t").as_deref(), Some("xuất"));
        assert_eq!(t("tie61ng").as_deref(), Some("tiếng"));
        assert_eq!(t("vie65t").as_deref(), Some("việt"));
        assert_eq!(t("d9a6u2").as_deref(), Some("đầu"));
        assert_eq!(t("nuo71c").as_deref(), Some("nước"));
        assert_eq!(t("ho72").as_deref(), Some("hờ"));
    }

    #[test]
    fn vni_rejects_codes() {
        assert_eq!(t("05"), None);
        assert_eq!(t("2013"), None);
        assert_eq!(t("bod5"), None);
        assert_eq!(t("h2o"), None);
        assert_eq!(t("pm10"), None);
    }
}
