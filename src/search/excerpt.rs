//! Excerpts (spec §13): pick the piece of a part file with the most query
//! words, then a window around the densest matches. Matching is on folded
//! keys, so `nuoc thai` highlights `nước thải`.

use super::format::PartFile;
use super::normalize::{clean, is_word_char};
use super::tokenize::{Token, tokenize};
use std::collections::HashSet;

/// Width in characters of the window that should hold most matches.
pub const WINDOW: usize = 160;
/// Characters of context kept before the first match.
pub const CONTEXT: usize = 40;
/// Longest excerpt in characters.
pub const LENGTH: usize = 220;

/// Which folded keys to highlight (completions of a typed prefix are keys
/// too, so `năng l` highlights `lượng` but not every word starting with l).
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Folded keys.
    pub keys: HashSet<String>,
}

impl Matcher {
    /// Builds a matcher from keys.
    pub fn new(keys: Vec<String>) -> Matcher {
        Matcher {
            keys: keys.into_iter().collect(),
        }
    }

    /// Whether a token matches.
    pub fn hit(&self, t: &Token) -> bool {
        self.keys.contains(&t.f)
    }
}

/// An excerpt with highlighted byte ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Excerpt {
    /// Anchor of the chosen piece's section.
    pub anchor: String,
    /// The excerpt text.
    pub text: String,
    /// Byte ranges of matches in `text`.
    pub marks: Vec<(usize, usize)>,
}

/// Score of a piece: 2 × distinct matched keys + adjacent matched pairs
/// (at most 10).
fn piece_score(heading: &[Token], text: &[Token], m: &Matcher) -> usize {
    let mut keys: HashSet<&str> = HashSet::new();
    for t in heading.iter().chain(text).filter(|t| m.hit(t)) {
        keys.insert(&t.f);
    }
    let pairs = (1..text.len())
        .filter(|&i| text[i].adj && m.hit(&text[i]) && m.hit(&text[i - 1]))
        .count();
    2 * keys.len() + pairs.min(10)
}

/// Char offset of every byte offset boundary in `s` (index by byte).
fn char_offsets(s: &str) -> Vec<usize> {
    let mut v = vec![0; s.len() + 1];
    let mut n = 0;
    for (b, ch) in s.char_indices() {
        v[b] = n;
        n += 1;
        for k in 1..ch.len_utf8() {
            v[b + k] = n;
        }
    }
    v[s.len()] = n;
    v
}

/// The (start, end) byte range of the excerpt window in `text`.
fn window(text: &str, toks: &[Token], hits: &[usize]) -> (usize, usize) {
    let co = char_offsets(text);
    let cs = |t: &Token| co[t.start];
    let ce = |t: &Token| co[t.end];
    let mut best = (0, 0usize);
    for (n, &j) in hits.iter().enumerate() {
        let count = hits[n..]
            .iter()
            .filter(|&&m| ce(&toks[m]) - cs(&toks[j]) <= WINDOW)
            .count();
        if count > best.1 {
            best = (j, count);
        }
    }
    let j = best.0;
    let first = (0..=j)
        .find(|&k| cs(&toks[j]) - cs(&toks[k]) <= CONTEXT)
        .unwrap_or(j);
    let start = if hits.is_empty() {
        0
    } else {
        toks[first].start
    };
    let from = if hits.is_empty() { 0 } else { first };
    let mut end = start;
    for t in &toks[from..] {
        if ce(t) - co[start] > LENGTH {
            break;
        }
        end = t.end;
    }
    if end == start {
        let limit = text[start..]
            .char_indices()
            .nth(LENGTH)
            .map_or(text.len(), |(b, _)| start + b);
        end = limit;
    }
    (start, end)
}

/// Builds the excerpt of a part file.
pub fn excerpt(part: &PartFile, m: &Matcher) -> Excerpt {
    let mut best: Option<(usize, usize)> = None;
    let mut texts = Vec::with_capacity(part.s.len());
    for (i, [_, heading, text]) in part.s.iter().enumerate() {
        let text = clean(text);
        let (h, t) = (tokenize(&clean(heading)).tokens, tokenize(&text).tokens);
        let sc = piece_score(&h, &t, m);
        if best.is_none_or(|b| sc > b.1) {
            best = Some((i, sc));
        }
        texts.push((text, t));
    }
    let Some((i, _)) = best else {
        return Excerpt::default();
    };
    let (text, toks) = &texts[i];
    let hits: Vec<usize> = (0..toks.len()).filter(|&k| m.hit(&toks[k])).collect();
    let (start, mut end) = window(text, toks, &hits);
    let lead = if start > 0 { "…" } else { "" };
    let more = text[end..].chars().any(is_word_char);
    let tail = if more { "…" } else { "" };
    if !more {
        end = text.trim_end().len().max(start);
    }
    let marks = hits
        .iter()
        .map(|&k| &toks[k])
        .filter(|t| t.start >= start && t.end <= end)
        .map(|t| (t.start - start + lead.len(), t.end - start + lead.len()))
        .collect();
    Excerpt {
        anchor: part.s[i][0].clone(),
        text: format!("{lead}{}{tail}", &text[start..end]),
        marks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(pieces: &[(&str, &str, &str)]) -> PartFile {
        PartFile {
            u: "/x/".into(),
            t: "X".into(),
            p: vec![],
            s: pieces
                .iter()
                .map(|(a, h, t)| [a.to_string(), h.to_string(), t.to_string()])
                .collect(),
        }
    }

    fn m(keys: &[&str]) -> Matcher {
        Matcher::new(keys.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn folded_matches_are_highlighted() {
        let p = part(&[("", "", "Xử lý nước thải ở làng nghề.")]);
        let e = excerpt(&p, &m(&["nuoc", "thai"]));
        assert_eq!(e.text, "Xử lý nước thải ở làng nghề.");
        let marked: Vec<&str> = e.marks.iter().map(|&(a, b)| &e.text[a..b]).collect();
        assert_eq!(marked, ["nước", "thải"]);
    }

    #[test]
    fn picks_the_best_section() {
        let p = part(&[
            ("", "", "Giới thiệu chung."),
            (
                "khai-niem",
                "Khái niệm",
                "Sản xuất sạch hơn là chiến lược phòng ngừa.",
            ),
        ]);
        let e = excerpt(&p, &m(&["san", "xuat", "sach", "hon"]));
        assert_eq!(e.anchor, "khai-niem");
    }

    #[test]
    fn window_centres_on_matches_with_ellipses() {
        let filler = "đoạn dẫn rất dài ".repeat(30);
        let text = format!("{filler}tiết kiệm năng lượng trong nhà máy {filler}");
        let p = part(&[("", "", &text)]);
        let e = excerpt(&p, &m(&["tiet", "kiem", "nang", "luong"]));
        assert!(e.text.starts_with('…'));
        assert!(e.text.ends_with('…'));
        let marked: Vec<&str> = e.marks.iter().map(|&(a, b)| &e.text[a..b]).collect();
        assert!(marked.starts_with(&["tiết", "kiệm", "năng", "lượng"]));
        assert!(e.text.chars().count() <= LENGTH + 2);
    }

    #[test]
    fn no_match_gives_the_start() {
        let p = part(&[("", "", "Một đoạn văn.")]);
        let e = excerpt(&p, &m(&["xyz"]));
        assert_eq!(e.text, "Một đoạn văn.");
        assert!(e.marks.is_empty());
    }
}
