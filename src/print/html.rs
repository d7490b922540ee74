//! A small HTML tokenizer for rewriting page bodies into the bundle.
//!
//! The bodies come from sotay's own Markdown renderer (well-formed, attributes double-quoted and
//! escaped) plus whatever raw HTML authors wrote, so the tokenizer accepts single-quoted and
//! unquoted attributes too. It never decodes entities: text and attribute values are carried
//! through in their escaped form, so they can be written back as they were. Names and values
//! borrow from the page (a 10,000-page book has about a million tags); only lowercased names
//! and values the rewrite sets are owned.

use std::borrow::Cow;

/// Elements that never have an end tag.
pub const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// A start or end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lowercase element name.
    pub name: Cow<'a, str>,
    /// `</name>`.
    pub end: bool,
    /// Attributes in order, names lowercase, values still escaped.
    pub attrs: Vec<(Cow<'a, str>, Option<Cow<'a, str>>)>,
    /// Written as `<name/>`.
    pub self_closing: bool,
}

/// One piece of an HTML string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Character data (escaped).
    Text(&'a str),
    /// A tag.
    Tag(Tag<'a>),
    /// A comment, doctype, or the raw contents of `<script>` / `<style>`.
    Other(&'a str),
}

impl Tag<'_> {
    /// The (escaped) value of attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }

    /// True when the `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_ascii_whitespace().any(|c| c == class))
    }

    /// Sets (or adds) attribute `name`.
    pub fn set_attr(&mut self, name: &str, value: impl Into<String>) {
        let value = Some(Cow::Owned(value.into()));
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((Cow::Owned(name.to_owned()), value)),
        }
    }

    /// Removes attribute `name`.
    pub fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// True for elements without an end tag.
    pub fn is_void(&self) -> bool {
        self.self_closing || VOID.contains(&&*self.name)
    }

    /// Writes the tag back as HTML, values double-quoted.
    pub fn to_html(&self) -> String {
        let mut s = String::new();
        self.write_html(&mut s);
        s
    }

    /// Appends the tag as HTML to `out` (see [`Tag::to_html`]).
    pub fn write_html(&self, out: &mut String) {
        if self.end {
            out.push_str("</");
            out.push_str(&self.name);
            out.push('>');
            return;
        }
        out.push('<');
        out.push_str(&self.name);
        for (name, value) in &self.attrs {
            out.push(' ');
            out.push_str(name);
            if let Some(v) = value {
                out.push_str("=\"");
                let mut rest = &**v;
                while let Some(at) = memchr::memchr(b'"', rest.as_bytes()) {
                    out.push_str(&rest[..at]);
                    out.push_str("&quot;");
                    rest = &rest[at + 1..];
                }
                out.push_str(rest);
                out.push('"');
            }
        }
        out.push('>');
    }
}

/// Splits `html` into tokens.
pub fn tokenize(html: &str) -> Vec<Token<'_>> {
    // About one token per 40 bytes of a handbook page, one per 20 in tables.
    let mut tokens = Vec::with_capacity(html.len() / 16);
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(at) = next_lt(bytes, i) {
        i = at;
        let rest = &html[i..];
        let other_end = if rest.starts_with("<!--") {
            Some(rest.find("-->").map_or(html.len(), |e| i + e + 3))
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            Some(rest.find('>').map_or(html.len(), |e| i + e + 1))
        } else {
            None
        };
        if let Some(end) = other_end {
            push_text(&mut tokens, html, text_start, i);
            tokens.push(Token::Other(&html[i..end]));
            i = end;
            text_start = i;
            continue;
        }
        let Some((tag, end)) = parse_tag(html, i) else {
            i += 1;
            continue;
        };
        push_text(&mut tokens, html, text_start, i);
        i = end;
        let raw_text = !tag.end && (tag.name == "script" || tag.name == "style");
        let close = raw_text.then(|| format!("</{}", tag.name));
        tokens.push(Token::Tag(tag));
        if let Some(close) = close {
            let stop = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |e| i + e);
            if stop > i {
                tokens.push(Token::Other(&html[i..stop]));
            }
            i = stop;
        }
        text_start = i;
    }
    push_text(&mut tokens, html, text_start, html.len());
    tokens
}

/// Position of the first `<` at or after `from`. Most are at most a byte away (tags follow each
/// other, or a newline separates them), where a call to memchr costs more than looking; farther
/// ones are found with memchr, not byte by byte.
fn next_lt(bytes: &[u8], from: usize) -> Option<usize> {
    let near = &bytes[from..bytes.len().min(from + 2)];
    match near.iter().position(|&b| b == b'<') {
        Some(at) => Some(from + at),
        None => {
            let far = from + near.len();
            memchr::memchr(b'<', &bytes[far..]).map(|at| far + at)
        }
    }
}

fn push_text<'a>(tokens: &mut Vec<Token<'a>>, html: &'a str, from: usize, to: usize) {
    if to > from {
        tokens.push(Token::Text(&html[from..to]));
    }
}

/// Parses the tag starting at byte `at` (a `<`); returns it and the byte after its `>`.
fn parse_tag(html: &str, at: usize) -> Option<(Tag<'_>, usize)> {
    let bytes = html.as_bytes();
    let mut i = at + 1;
    let end = bytes.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    let name_start = i;
    let (name_end, seen) = scan(bytes, i, NAME_END);
    i = name_end;
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = lowercase(&html[name_start..i], seen);
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        i = scan(bytes, i, NOT_SPACE).0;
        match bytes.get(i)? {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let an_start = i;
        let (an_end, seen) = scan(bytes, i, ATTR_NAME_END);
        i = an_end;
        if i == an_start {
            i += 1;
            continue;
        }
        let attr_name = lowercase(&html[an_start..i], seen);
        i = scan(bytes, i, NOT_SPACE).0;
        if bytes.get(i) != Some(&b'=') {
            attrs.push((attr_name, None));
            continue;
        }
        i = scan(bytes, i + 1, NOT_SPACE).0;
        let value = match bytes.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = memchr::memchr(*q, &bytes[i + 1..])? + i + 1;
                let v = &html[i + 1..close];
                i = close + 1;
                v
            }
            _ => {
                let v_start = i;
                i = scan(bytes, i, VALUE_END).0;
                &html[v_start..i]
            }
        };
        attrs.push((attr_name, Some(Cow::Borrowed(value))));
    }
    self_closing &= !end;
    Some((
        Tag {
            name,
            end,
            attrs,
            self_closing,
        },
        i,
    ))
}

// Classes of the bytes of a tag, for `scan`: a table lookup per byte instead of a few
// comparisons, and the check for capitals comes free with the scan.
/// Ends an element name: not an ASCII letter, digit or `-`.
const NAME_END: u8 = 1;
/// Ends an attribute name: ASCII white space, `/`, `>` or `=`.
const ATTR_NAME_END: u8 = 2;
/// Ends an unquoted attribute value: ASCII white space or `>`.
const VALUE_END: u8 = 4;
/// Anything but ASCII white space.
const NOT_SPACE: u8 = 8;
/// An ASCII capital.
const UPPER: u8 = 16;

/// The classes of each byte.
static CLASSES: [u8; 256] = {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        if !(b.is_ascii_alphanumeric() || b == b'-') {
            class |= NAME_END;
        }
        if b.is_ascii_whitespace() {
            class |= ATTR_NAME_END | VALUE_END;
        } else {
            class |= NOT_SPACE;
        }
        if matches!(b, b'/' | b'>' | b'=') {
            class |= ATTR_NAME_END;
        }
        if b == b'>' {
            class |= VALUE_END;
        }
        if b.is_ascii_uppercase() {
            class |= UPPER;
        }
        table[i] = class;
        i += 1;
    }
    table
};

/// Scans from byte `i` to the first byte of a class in `stop` (or the end); returns where it
/// stopped and the union of the classes of the bytes passed.
fn scan(bytes: &[u8], mut i: usize, stop: u8) -> (usize, u8) {
    let mut seen = 0;
    while let Some(&b) = bytes.get(i) {
        let class = CLASSES[usize::from(b)];
        if class & stop != 0 {
            break;
        }
        seen |= class;
        i += 1;
    }
    (i, seen)
}

/// `name` in lowercase, borrowed when it already is (`seen`: the classes of its bytes, from
/// [`scan`]).
fn lowercase(name: &str, seen: u8) -> Cow<'_, str> {
    if seen & UPPER != 0 {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Decodes the few entities sotay writes (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;` and numeric
/// ones), for text that leaves HTML (plain captions, comparisons).
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let Some(semi) = after.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = after;
            continue;
        };
        let entity = &after[..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text of an HTML fragment without its tags (still escaped).
pub fn strip_tags(html: &str) -> String {
    tokenize(html)
        .into_iter()
        .filter_map(|t| match t {
            Token::Text(s) => Some(s),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_raw_script() {
        let toks = tokenize("<p class=a id='b' hidden>x &amp; y<script>if (a<b) {}</script></p>");
        let Token::Tag(p) = &toks[0] else { panic!() };
        assert_eq!(p.attr("class"), Some("a"));
        assert_eq!(p.attr("id"), Some("b"));
        assert!(p.attrs.iter().any(|(n, v)| n == "hidden" && v.is_none()));
        assert_eq!(toks[1], Token::Text("x &amp; y"));
        assert_eq!(toks[3], Token::Other("if (a<b) {}"));
        assert!(matches!(&toks[4], Token::Tag(t) if t.end && t.name == "script"));
    }

    #[test]
    fn stray_less_than_is_text() {
        let toks = tokenize("a < b <br/>");
        assert_eq!(toks[0], Token::Text("a < b "));
        assert!(matches!(&toks[1], Token::Tag(t) if t.name == "br" && t.is_void()));
    }

    #[test]
    fn round_trip_quotes_values() {
        let toks = tokenize("<a href='x\"y'>");
        let Token::Tag(a) = &toks[0] else { panic!() };
        assert_eq!(a.to_html(), "<a href=\"x&quot;y\">");
    }

    #[test]
    fn entities_decode() {
        assert_eq!(decode_entities("BNN&amp;MT &#273; &#x111;"), "BNN&MT đ đ");
        assert_eq!(decode_entities("a & b"), "a & b");
    }
}
