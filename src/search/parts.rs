//! Splitting a page into at most [`MAX_PARTS`] parts of similar size (spec
//! §9.4). Postings record which parts hold a term, so a result downloads only
//! the part with the best match for its excerpt.

/// Most parts per page (posting part masks are this many bits at most).
pub const MAX_PARTS: usize = 4;
/// Preferred part size in bytes of text.
pub const PART_TARGET: usize = 3000;

/// A cleaned section as input to splitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section<'a> {
    /// Heading id (`""` for the page top).
    pub anchor: &'a str,
    /// Heading text.
    pub heading: &'a str,
    /// Section text.
    pub text: &'a str,
}

/// A piece of one section inside a part (borrowing the section's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece<'a> {
    /// Index of the section.
    pub section: usize,
    /// Whether the piece starts its section (its heading is indexed here).
    pub first: bool,
    /// Text of the piece.
    pub text: &'a str,
}

/// Cuts `text` into chunks of at most about `max` bytes, at line or
/// sentence ends when possible, else after a space.
pub fn split_text(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > max {
        let mut cut = floor_char(rest, max);
        let window = &rest[..cut];
        if let Some(i) = window
            .rfind('\n')
            .or_else(|| window.rfind(". ").map(|i| i + 1))
        {
            if i > max / 3 {
                cut = i + 1;
            }
        } else if let Some(i) = window.rfind(' ')
            && i > max / 3
        {
            cut = i + 1;
        }
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() || out.is_empty() {
        out.push(rest);
    }
    out
}

/// Largest char boundary ≤ `i`, but never 0 (at least one char).
fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    if i == 0 {
        i = s.chars().next().map_or(0, char::len_utf8);
    }
    i
}

/// Splits sections into parts: pieces are packed in order into at most
/// [`MAX_PARTS`] parts of about `max(PART_TARGET, total / MAX_PARTS)` bytes.
pub fn split_parts<'a>(sections: &[Section<'a>]) -> Vec<Vec<Piece<'a>>> {
    let total: usize = sections
        .iter()
        .map(|s| s.heading.len() + s.text.len())
        .sum();
    let size = PART_TARGET.max(total.div_ceil(MAX_PARTS));
    let mut parts: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut used = 0;
    for (i, s) in sections.iter().enumerate() {
        for (j, chunk) in split_text(s.text, size).into_iter().enumerate() {
            let len = chunk.len() + if j == 0 { s.heading.len() } else { 0 };
            if used > 0 && used + len > size && parts.len() < MAX_PARTS {
                parts.push(Vec::new());
                used = 0;
            }
            used += len;
            if let Some(last) = parts.last_mut() {
                last.push(Piece {
                    section: i,
                    first: j == 0,
                    text: chunk,
                });
            }
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sec(a: &str, n: usize) -> Section<'static> {
        // Leaked: test-only, keeps the sections' borrows simple.
        let text: &'static str = "Câu văn mẫu. ".repeat(n).leak();
        let a: &'static str = a.to_owned().leak();
        Section {
            anchor: a,
            heading: a,
            text,
        }
    }

    #[test]
    fn small_page_is_one_part() {
        let p = split_parts(&[sec("", 10), sec("a", 10)]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].len(), 2);
    }

    #[test]
    fn large_page_has_at_most_four_parts() {
        let secs: Vec<Section> = (0..20).map(|i| sec(&format!("s{i}"), 60)).collect();
        let p = split_parts(&secs);
        assert_eq!(p.len(), MAX_PARTS);
        let n: usize = p.iter().map(Vec::len).sum();
        assert!(n >= 20);
        assert!(p.iter().all(|x| !x.is_empty()));
    }

    #[test]
    fn long_section_is_split_at_sentences() {
        let p = split_parts(&[sec("", 600)]);
        assert!(p.len() > 1);
        assert!(p[0][0].first);
        assert!(!p[1][0].first);
        assert!(p[0][0].text.ends_with(". "));
        let joined: String = p.iter().flatten().map(|x| x.text).collect();
        assert_eq!(joined, "Câu văn mẫu. ".repeat(600));
    }

    #[test]
    fn split_text_respects_char_boundaries() {
        let s = "đ".repeat(100);
        let parts = split_text(&s, 33);
        assert_eq!(parts.concat(), s);
    }
}
