//! Rewrites the body HTML of one page for the bundle: ids prefixed with the page's key so they
//! stay unique across chapters, links to other pages turned into anchors inside the bundle,
//! external URLs printed after their link, footnotes moved to where they are called, images
//! pointed at the bundle's copies, document numbers kept on one line, and everything that only
//! makes sense on screen (scripts, heading anchors, back links) left out.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

use super::docno;
use super::html::{Tag, Token, decode_entities, strip_tags, tokenize};
use crate::markdown::highlight::html_escape;
use crate::markdown::links::is_external;

/// Where the links of a page may point.
#[derive(Debug, Default)]
pub struct LinkMap {
    /// Page URL → its key (the id of its unit in the bundle).
    pub pages: HashMap<String, String>,
    /// Asset URL → its path inside the bundle (`img/phan-1/so-do.svg`), for images.
    pub images: HashMap<String, String>,
    /// Public address of the site without trailing slash, to print links to downloads.
    pub base_url: String,
    /// Key to use for pages that are not in the bundle (the home page): the contents.
    pub fallback: String,
}

/// A heading of the page, after rewriting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Level in the page's own Markdown (2 for `##`).
    pub level: u8,
    /// Prefixed id.
    pub id: String,
    /// Text (escaped HTML, no tags).
    pub text: String,
}

/// A numbered figure or table, for the lists of figures and tables.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Caption {
    /// `figure` or `table`.
    pub kind: &'static str,
    /// Prefixed id of the `<figure>`.
    pub id: String,
    /// "Hình 4.1".
    pub number: String,
    /// Caption text (escaped HTML, no tags).
    pub text: String,
}

/// One footnote, as the browser fallback lists it at the end of the page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Endnote {
    /// Number in its chapter.
    pub number: usize,
    /// Id of the list item.
    pub id: String,
    /// Id of the call in the text.
    pub call_id: String,
    /// Inline HTML of the note.
    pub html: String,
}

/// The rewritten page.
#[derive(Debug, Default)]
pub struct Rewritten {
    /// Body HTML for the bundle.
    pub html: String,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Figures and tables in order.
    pub captions: Vec<Caption>,
    /// URLs of the images the page shows.
    pub images: Vec<String>,
    /// Footnotes in order of their calls.
    pub endnotes: Vec<Endnote>,
}

/// How to rewrite one page.
pub struct Page<'a> {
    /// Prefix of every id of the page; also the id of the page's unit.
    pub key: &'a str,
    /// Levels to add to every heading (a page nested in a chapter has its headings one lower).
    pub shift: u8,
    /// Link targets.
    pub links: &'a LinkMap,
}

impl Page<'_> {
    /// Rewrites `html`. `footnotes` is the last footnote number used in the current chapter
    /// (footnotes are numbered per chapter, across the pages of the chapter).
    pub fn rewrite(&self, html: &str, footnotes: &mut usize) -> Rewritten {
        let (body, notes) = split_footnotes(html);
        let mut w = Writer {
            page: self,
            out: String::with_capacity(body.len() + body.len() / 4),
            result: Rewritten::default(),
            notes,
            footnotes,
            note_calls: HashMap::new(),
            note_mode: false,
            long_tables: Vec::new(),
            tables_seen: 0,
        };
        let mut tokens = tokenize(body);
        w.long_tables = long_tables(&tokens);
        w.run(&mut tokens);
        w.result.html = w.out;
        w.result
    }

    fn prefixed(&self, id: &str) -> String {
        let mut out = String::with_capacity(self.key.len() + 2 + id.len());
        self.push_prefixed(id, &mut out);
        out
    }

    /// Appends `id` prefixed with the page's key (`key--id`; the key alone for an empty id).
    /// Pushed piece by piece: `format!` was a tenth of the rewrite's time.
    fn push_prefixed(&self, id: &str, out: &mut String) {
        out.push_str(self.key);
        if !id.is_empty() {
            out.push_str("--");
            out.push_str(id);
        }
    }

    /// The bundle-internal target of `href` (`#key` or `#key--fragment`), or `None` when it
    /// leaves the bundle.
    fn internal_href(&self, href: &str) -> Option<String> {
        let mut out = String::with_capacity(self.key.len() + href.len() + 3);
        out.push('#');
        if let Some(fragment) = href.strip_prefix('#') {
            self.push_prefixed(fragment, &mut out);
            return Some(out);
        }
        if !href.starts_with('/') || href.starts_with("//") {
            return None;
        }
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        let links = self.links;
        let key = links.pages.get(path)?;
        out.push_str(key);
        if key != &links.fallback && !fragment.is_empty() {
            out.push_str("--");
            out.push_str(fragment);
        }
        Some(out)
    }
}

/// Splits the page's footnote list (always last, as the renderer writes it) from the body and
/// returns the notes by id (`fn-nguon` → inner HTML of the list item).
fn split_footnotes(html: &str) -> (&str, HashMap<String, String>) {
    const START: &str = "<section class=\"footnotes\"";
    let Some(at) = html.rfind(START) else {
        return (html, HashMap::new());
    };
    let mut notes = HashMap::new();
    let tokens = tokenize(&html[at..]);
    let mut current: Option<(String, String, usize)> = None;
    for t in &tokens {
        match t {
            Token::Tag(tag) if tag.name == "li" && !tag.end && current.is_none() => {
                current = Some((
                    tag.attr("id").unwrap_or_default().to_owned(),
                    String::new(),
                    0,
                ));
                continue;
            }
            Token::Tag(tag) if tag.name == "li" => {
                if let Some((id, body, depth)) = current.as_mut() {
                    if tag.end && *depth == 0 {
                        notes.insert(std::mem::take(id), std::mem::take(body));
                        current = None;
                        continue;
                    }
                    *depth = if tag.end { *depth - 1 } else { *depth + 1 };
                }
            }
            _ => {}
        }
        if let Some((_, body, _)) = current.as_mut() {
            match t {
                Token::Text(s) | Token::Other(s) => body.push_str(s),
                Token::Tag(tag) => tag.write_html(body),
            }
        }
    }
    (&html[..at], notes)
}

struct Writer<'p, 'a> {
    page: &'p Page<'a>,
    out: String,
    result: Rewritten,
    notes: HashMap<String, String>,
    footnotes: &'p mut usize,
    /// Number and calls so far of each note of the page, by its id (`fn-x`).
    note_calls: HashMap<String, (usize, usize)>,
    /// Rewriting the inside of a footnote: inline only, no ids.
    note_mode: bool,
    /// Per table of the page, in order: too long to keep on one page.
    long_tables: Vec<bool>,
    /// Tables met so far.
    tables_seen: usize,
}

/// Rows, or characters of text, beyond which a table may break between rows: keeping it whole
/// would leave most of a page empty (or a heading alone at the foot of one).
const LONG_TABLE_ROWS: usize = 14;
const LONG_TABLE_CHARS: usize = 1400;

/// For each top-level table of `tokens`, in order: whether it is long.
fn long_tables(tokens: &[Token<'_>]) -> Vec<bool> {
    let mut result = Vec::new();
    let (mut depth, mut rows, mut chars) = (0usize, 0usize, 0usize);
    for t in tokens {
        match t {
            Token::Tag(tag) if tag.name == "table" && !tag.end => {
                if depth == 0 {
                    rows = 0;
                    chars = 0;
                }
                depth += 1;
            }
            Token::Tag(tag) if tag.name == "table" && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    result.push(rows > LONG_TABLE_ROWS || chars > LONG_TABLE_CHARS);
                }
            }
            Token::Tag(tag) if tag.name == "tr" && !tag.end && depth > 0 => rows += 1,
            Token::Text(text) if depth > 0 => chars += text.trim().chars().count(),
            _ => {}
        }
    }
    result
}

/// Attributes holding ids of the page (space-separated lists for the ARIA ones).
const ID_ATTRS: [&str; 5] = [
    "id",
    "for",
    "headers",
    "aria-labelledby",
    "aria-describedby",
];

/// What an open element means for the text inside it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Plain,
    /// Code, math, preformatted text: left exactly as written.
    Verbatim,
    /// A link to another site: its URL is printed after it.
    External,
    /// Dropped along with its content.
    Dropped,
}

impl Open {
    const COUNT: usize = 4;
}

/// The open elements of the source, innermost last, and how many of each [`Open`] kind are
/// open: every token asks whether it is inside a dropped, verbatim or external element, and
/// counting spares a scan of the stack for each.
#[derive(Default)]
struct OpenElements<'t> {
    stack: Vec<(Cow<'t, str>, Open)>,
    counts: [usize; Open::COUNT],
}

impl<'t> OpenElements<'t> {
    fn push(&mut self, name: Cow<'t, str>, open: Open) {
        self.counts[open as usize] += 1;
        self.stack.push((name, open));
    }

    /// True when an element of kind `open` is open.
    fn inside(&self, open: Open) -> bool {
        self.counts[open as usize] > 0
    }

    /// Closes the innermost open `name` and whatever was left open inside it; returns how it
    /// was opened, or `None` (and closes nothing) when no `name` is open.
    fn close(&mut self, name: &str) -> Option<Open> {
        let pos = self.stack.iter().rposition(|(n, _)| n == name)?;
        let open = self.stack[pos].1;
        for (_, o) in self.stack.drain(pos..) {
            self.counts[o as usize] -= 1;
        }
        Some(open)
    }
}

/// `h1` … `h6`, for heading levels 1 to 6.
fn heading_name(level: u8) -> &'static str {
    ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(level.clamp(1, 6)) - 1]
}

impl Writer<'_, '_> {
    /// Rewrites `tokens` into `self.out`. Each token is taken out of `tokens` as it comes (so
    /// a start tag is rewritten in place, not cloned); the helpers only look ahead of it.
    fn run(&mut self, tokens: &mut [Token<'_>]) {
        let mut stack = OpenElements::default();
        let mut link_text = String::new();
        let mut link_href = String::new();
        let mut figure: Option<(&'static str, String)> = None;
        let mut caption: Option<(String, String, bool)> = None;
        let mut heading: Option<(u8, String, String)> = None;
        let mut i = 0;
        while i < tokens.len() {
            let token = std::mem::replace(&mut tokens[i], Token::Text(""));
            i += 1;
            let dropped = stack.inside(Open::Dropped);
            let verbatim = stack.inside(Open::Verbatim);
            let in_link = stack.inside(Open::External);
            match token {
                Token::Other(raw) => {
                    if !dropped && !raw.starts_with("<!--") {
                        self.out.push_str(raw);
                    }
                }
                Token::Text(text) => {
                    if dropped {
                        continue;
                    }
                    if in_link {
                        link_text.push_str(text);
                    }
                    if let Some((_, _, t)) = heading.as_mut() {
                        t.push_str(text);
                    }
                    if let Some((number, rest, in_number)) = caption.as_mut() {
                        if *in_number {
                            number.push_str(text);
                        } else {
                            rest.push_str(text);
                        }
                    }
                    if verbatim {
                        self.out.push_str(text);
                    } else {
                        docno::wrap_into(text, &mut self.out);
                    }
                }
                Token::Tag(tag) if tag.end => {
                    let Some(open) = stack.close(&tag.name) else {
                        if !dropped {
                            self.end_tag(&tag);
                        }
                        continue;
                    };
                    if open == Open::Dropped || stack.inside(Open::Dropped) {
                        continue;
                    }
                    match &*tag.name {
                        "figcaption" => {
                            if let (Some((kind, id)), Some((number, rest, _))) =
                                (figure.as_ref(), caption.take())
                            {
                                self.result.captions.push(Caption {
                                    kind,
                                    id: id.clone(),
                                    number: number.trim().trim_end_matches('.').to_owned(),
                                    text: rest.trim().to_owned(),
                                });
                            }
                        }
                        "figure" => figure = None,
                        "span" => {
                            if let Some(c) = caption.as_mut() {
                                c.2 = false;
                            }
                        }
                        name if is_heading(name) => {
                            if let Some((level, id, text)) = heading.take() {
                                self.out.push_str("</");
                                self.out.push_str(heading_name(self.heading_level(level)));
                                self.out.push('>');
                                self.result.headings.push(Heading {
                                    level,
                                    id,
                                    text: text.trim().to_owned(),
                                });
                                continue;
                            }
                        }
                        _ => {}
                    }
                    self.end_tag(&tag);
                    if open == Open::External {
                        self.print_url(&link_href, &link_text);
                    }
                }
                Token::Tag(mut tag) => {
                    if dropped {
                        if !tag.is_void() {
                            stack.push(tag.name, Open::Plain);
                        }
                        continue;
                    }
                    let source_name = tag.name.clone();
                    let open = self.start_tag(&mut tag, tokens, &mut i);
                    let Some(open) = open else { continue };
                    match &*tag.name {
                        "figure" | "table" => {
                            let long = self.long_tables.get(self.tables_seen) == Some(&true);
                            if long && (tag.name == "table" || tag.has_class("table-figure")) {
                                add_class(&mut tag, "table-long");
                            }
                            if tag.name == "table" {
                                self.tables_seen += 1;
                            }
                            let kind = if tag.name == "table" {
                                None
                            } else if tag.has_class("table-figure") {
                                Some("table")
                            } else if tag.has_class("figure") {
                                Some("figure")
                            } else {
                                None
                            };
                            if tag.name == "figure" {
                                figure = kind.zip(tag.attr("id").map(str::to_owned));
                            }
                        }
                        "figcaption" if figure.is_some() => {
                            caption = Some((String::new(), String::new(), false));
                        }
                        "span" if tag.has_class("caption-number") => {
                            if let Some(c) = caption.as_mut() {
                                c.2 = true;
                            }
                        }
                        name if is_heading(name) && !self.note_mode => {
                            let level = name.as_bytes()[1] - b'0';
                            tag.name = heading_name(self.heading_level(level)).into();
                            heading = Some((
                                level,
                                tag.attr("id").unwrap_or_default().to_owned(),
                                String::new(),
                            ));
                        }
                        "a" if open == Open::External => {
                            link_text.clear();
                            link_href = tag.attr("href").unwrap_or_default().to_owned();
                        }
                        _ => {}
                    }
                    if open != Open::Dropped {
                        tag.write_html(&mut self.out);
                    }
                    if !tag.is_void() {
                        stack.push(source_name, open);
                    }
                }
            }
        }
    }

    fn heading_level(&self, level: u8) -> u8 {
        (level.max(2) + self.page.shift).min(6)
    }

    fn end_tag(&mut self, tag: &Tag) {
        if self.note_mode {
            match &*tag.name {
                "p" | "li" | "div" | "blockquote" => {
                    self.out.push(' ');
                    return;
                }
                "ul" | "ol" => return,
                _ => {}
            }
        }
        tag.write_html(&mut self.out);
    }

    /// Drops the tag's event handlers and prefixes the ids it has or refers to (in a footnote,
    /// which is copied to where it is called, drops its id).
    fn prefix_ids(&self, tag: &mut Tag) {
        tag.attrs.retain(|(n, _)| !n.starts_with("on"));
        // One pass to see whether there is anything to do: most tags have none of these.
        if !tag.attrs.iter().any(|(n, _)| ID_ATTRS.contains(&&**n)) {
            return;
        }
        for name in ID_ATTRS {
            let Some(v) = tag.attr(name) else { continue };
            if self.note_mode && name == "id" {
                tag.remove_attr("id");
                continue;
            }
            let mut prefixed = String::with_capacity(v.len() + self.page.key.len() + 2);
            for (n, id) in v.split_ascii_whitespace().enumerate() {
                if n > 0 {
                    prefixed.push(' ');
                }
                self.page.push_prefixed(id, &mut prefixed);
            }
            tag.set_attr(name, prefixed);
        }
    }

    /// Rewrites a start tag in place; returns how its content is treated, or `None` when the
    /// tag (and whatever it stands for) has been written or dropped already.
    fn start_tag(&mut self, tag: &mut Tag, tokens: &[Token<'_>], i: &mut usize) -> Option<Open> {
        if !tag.attrs.is_empty() {
            self.prefix_ids(tag);
        }
        if self.note_mode {
            match &*tag.name {
                "p" | "ul" | "ol" | "div" | "blockquote" => return None,
                "li" => {
                    self.out.push_str("• ");
                    return None;
                }
                _ => {}
            }
        }
        match &*tag.name {
            "script" | "noscript" | "template" => return Some(Open::Dropped),
            "iframe" | "video" | "audio" | "object" => {
                let src = tag.attr("src").or(tag.attr("data")).unwrap_or_default();
                self.out.push_str(&format!(
                    "<span class=\"embed-note\">[Nội dung trực tuyến: {}]</span>",
                    break_url(src)
                ));
                return Some(Open::Dropped);
            }
            "input" if tag.attr("type") == Some("checkbox") => {
                let done = tag.attrs.iter().any(|(n, _)| n == "checked");
                self.out.push_str(if done {
                    "<span class=\"task task-done\"></span>"
                } else {
                    "<span class=\"task\"></span>"
                });
                return None;
            }
            "li" if starts_with_checkbox(tokens, *i) => add_class(tag, "task-item"),
            "code" | "pre" | "kbd" | "samp" => return Some(Open::Verbatim),
            "span" if tag.has_class("math") || tag.has_class("katex") => {
                return Some(Open::Verbatim);
            }
            "math" | "svg" => return Some(Open::Verbatim),
            "sup" if tag.has_class("footnote-ref") => {
                self.footnote_call(tokens, i);
                return None;
            }
            "a" => return Some(self.link(tag)),
            "img" => return self.image(tag).then_some(Open::Plain),
            _ => {}
        }
        Some(Open::Plain)
    }

    fn link(&mut self, tag: &mut Tag) -> Open {
        if tag.has_class("heading-anchor") || tag.has_class("footnote-back") {
            return Open::Dropped;
        }
        let Some(decoded) = tag.attr("href").map(decode_entities) else {
            return Open::Plain;
        };
        let scheme = decoded.trim_start().as_bytes().get(..11);
        if scheme.is_some_and(|s| s.eq_ignore_ascii_case(b"javascript:")) {
            tag.remove_attr("href");
            return Open::Plain;
        }
        if let Some(internal) = self.page.internal_href(&decoded) {
            // A reference to another page of the handbook gets its page number in print.
            let target = &internal[1..];
            let own = self.page.key;
            let other_page = target != own
                && !target
                    .strip_prefix(own)
                    .is_some_and(|rest| rest.starts_with("--"))
                && target != self.page.links.fallback;
            if other_page && !self.note_mode {
                add_class(tag, "xref");
            }
            tag.set_attr("href", html_escape(&internal));
            tag.remove_attr("target");
            return Open::Plain;
        }
        if is_external(&decoded) {
            return Open::External;
        }
        if decoded.starts_with('/') {
            // A download beside the content: print where it lives on the website.
            let full = format!("{}{}", self.page.links.base_url, decoded);
            tag.set_attr("href", html_escape(&full));
            return Open::External;
        }
        Open::Plain
    }

    fn print_url(&mut self, href: &str, text: &str) {
        let href_plain = decode_entities(href);
        let shown = href_plain
            .strip_prefix("mailto:")
            .or_else(|| href_plain.strip_prefix("tel:"))
            .unwrap_or(&href_plain);
        let text = decode_entities(&strip_tags(text));
        let bare = |s: &str| {
            s.trim()
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .trim_start_matches("www.")
                .trim_end_matches('/')
                .to_owned()
        };
        if bare(&text) == bare(shown) {
            return;
        }
        self.out.push_str("<span class=\"link-url\"> (");
        self.out.push_str(&break_url(&html_escape(shown)));
        self.out.push_str(")</span>");
    }

    /// Points an image at its copy in the bundle; returns false when the image was replaced by
    /// a note (a remote image: nothing in the bundle may come from the network).
    fn image(&mut self, tag: &mut Tag) -> bool {
        tag.remove_attr("loading");
        tag.remove_attr("decoding");
        tag.remove_attr("srcset");
        let Some(src) = tag.attr("src").map(decode_entities) else {
            return true;
        };
        if let Some(local) = self.page.links.images.get(&src) {
            self.result.images.push(src.clone());
            tag.set_attr("src", html_escape(local));
        } else if is_external(&src) || src.starts_with("//") {
            let alt = tag.attr("alt").unwrap_or_default().to_owned();
            self.out.push_str(&format!(
                "<span class=\"embed-note\">[Hình trên mạng: {alt} — {}]</span>",
                break_url(&html_escape(&src))
            ));
            return false;
        }
        true
    }

    /// Replaces `<sup class="footnote-ref"><a href="#fn-x">1</a></sup>` with the note itself
    /// (which paged-media engines float to the foot of the page) and a plain call that browsers
    /// show instead, pointing at the endnote.
    fn footnote_call(&mut self, tokens: &[Token<'_>], i: &mut usize) {
        let mut target = String::new();
        while *i < tokens.len() {
            let t = &tokens[*i];
            *i += 1;
            match t {
                Token::Tag(tag) if tag.name == "a" && !tag.end => {
                    target = tag
                        .attr("href")
                        .unwrap_or_default()
                        .trim_start_matches('#')
                        .to_owned();
                }
                Token::Tag(tag) if tag.name == "sup" && tag.end => break,
                _ => {}
            }
        }
        let note_id = self.page.prefixed(&target);
        let call_id = self.page.prefixed(&target.replacen("fn-", "fnref-", 1));
        if let Some((number, calls)) = self.note_calls.get_mut(&target) {
            // The same note cited again: its number again, not a second copy of the note.
            *calls += 1;
            let _ = write!(
                self.out,
                "<sup class=\"fn-again\" id=\"{call_id}-{calls}\"><a href=\"#{note_id}\">{number}</a></sup>"
            );
            return;
        }
        *self.footnotes += 1;
        let number = *self.footnotes;
        self.note_calls.insert(target.clone(), (number, 1));
        // Each note is read once: a second call of it is answered above.
        let body = self.notes.remove(&target).unwrap_or_default();
        let inline = self.note_html(&body);
        // The note (floated to the foot of the page) carries the note's id; the endnote that
        // browsers show instead has its own.
        let endnote_id = self.page.prefixed(&target.replacen("fn-", "en-", 1));
        // Written straight into the output: `format!` copied the note into a string of its own.
        let _ = write!(
            self.out,
            "<span class=\"fn\" id=\"{note_id}\">{inline}</span><sup class=\"fn-call\" id=\"{call_id}\"><a href=\"#{endnote_id}\">{number}</a></sup>"
        );
        self.result.endnotes.push(Endnote {
            number,
            id: endnote_id,
            call_id,
            html: inline,
        });
    }

    fn note_html(&mut self, body: &str) -> String {
        let saved_out = std::mem::take(&mut self.out);
        let saved_mode = std::mem::replace(&mut self.note_mode, true);
        self.run(&mut tokenize(body));
        self.note_mode = saved_mode;
        let html = std::mem::replace(&mut self.out, saved_out);
        html.trim().to_owned()
    }
}

fn add_class(tag: &mut Tag, class: &str) {
    let classes = match tag.attr("class") {
        Some(c) if !c.is_empty() => [c, " ", class].concat(),
        _ => class.to_owned(),
    };
    tag.set_attr("class", classes);
}

/// True when the next tag after `i` (skipping white space) is a checkbox: a task list item.
fn starts_with_checkbox(tokens: &[Token<'_>], i: usize) -> bool {
    for t in &tokens[i..] {
        match t {
            Token::Text(s) if s.trim().is_empty() => continue,
            Token::Tag(tag) => return tag.name == "input" && tag.attr("type") == Some("checkbox"),
            _ => return false,
        }
    }
    false
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Lets a long URL break after `/` and before `.`, `?`, `&`, `=`, `-` or `_` instead of running
/// into the margin (without putting invisible characters into the copied text).
pub fn break_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + url.len() / 4);
    let mut prev = '\0';
    for c in url.chars() {
        if matches!(c, '.' | '?' | '&' | '=' | '-' | '_' | '#') && prev != '/' && prev != '\0' {
            out.push_str("<wbr>");
        }
        out.push(c);
        if c == '/' && prev != '/' && prev != ':' {
            out.push_str("<wbr>");
        }
        prev = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links() -> LinkMap {
        let mut l = LinkMap {
            base_url: "https://sotay.vn".into(),
            fallback: "muc-luc".into(),
            ..LinkMap::default()
        };
        l.pages.insert("/".into(), "muc-luc".into());
        l.pages
            .insert("/phan-1/chuong-1/".into(), "phan-1-chuong-1".into());
        l.pages
            .insert("/phan-1/chuong-2/".into(), "phan-1-chuong-2".into());
        l.images.insert(
            "/phan-1/chuong-1/so-do.svg".into(),
            "img/phan-1/chuong-1/so-do.svg".into(),
        );
        l
    }

    fn rewrite(html: &str) -> Rewritten {
        let links = links();
        let page = Page {
            key: "phan-1-chuong-1",
            shift: 0,
            links: &links,
        };
        let mut n = 0;
        page.rewrite(html, &mut n)
    }

    #[test]
    fn ids_and_links_stay_inside_the_bundle() {
        let r = rewrite(
            "<h2 id=\"muc\">Mục<a class=\"heading-anchor\" href=\"#muc\">#</a></h2>\
             <p><a href=\"#muc\">a</a> <a href=\"/phan-1/chuong-2/#bang-chi-phi\">b</a> \
             <a href=\"/phan-1/chuong-2/\">c</a> <a href=\"/\">d</a></p>",
        );
        assert_eq!(
            r.html,
            "<h2 id=\"phan-1-chuong-1--muc\">Mục</h2>\
             <p><a href=\"#phan-1-chuong-1--muc\">a</a> <a href=\"#phan-1-chuong-2--bang-chi-phi\" class=\"xref\">b</a> \
             <a href=\"#phan-1-chuong-2\" class=\"xref\">c</a> <a href=\"#muc-luc\">d</a></p>"
        );
        assert_eq!(r.headings[0].id, "phan-1-chuong-1--muc");
        assert_eq!(r.headings[0].text, "Mục");
    }

    #[test]
    fn external_urls_are_printed_once() {
        let r = rewrite(
            "<a class=\"external\" href=\"https://moit.gov.vn/a?b=1&amp;c=2\">Bộ Công Thương</a> \
             <a class=\"external\" href=\"https://moit.gov.vn\">https://moit.gov.vn</a> \
             <a href=\"mailto:a@b.vn\">thư</a>",
        );
        assert!(r.html.contains("Bộ Công Thương</a><span class=\"link-url\"> (https://moit<wbr>.gov<wbr>.vn/<wbr>a<wbr>?b<wbr>=1<wbr>&amp;c<wbr>=2)</span>"), "{}", r.html);
        assert_eq!(r.html.matches("link-url").count(), 2, "{}", r.html);
        assert!(
            r.html
                .contains("thư</a><span class=\"link-url\"> (a@b<wbr>.vn)</span>")
        );
    }

    #[test]
    fn footnotes_move_to_their_calls_and_repeats_reuse_the_number() {
        let r = rewrite(
            "<p>A<sup class=\"footnote-ref\"><a id=\"fnref-x\" href=\"#fn-x\">1</a></sup> B<sup class=\"footnote-ref\"><a id=\"fnref-x-2\" href=\"#fn-x\">1</a></sup></p>\n\
             <section class=\"footnotes\" role=\"doc-endnotes\"><ol>\n<li id=\"fn-x\"><p>Nguồn: Quyết định 2645/QĐ-UBND. <a href=\"#fnref-x\" class=\"footnote-back\">↩</a></p></li>\n</ol></section>\n",
        );
        let note = "Nguồn: Quyết định <span class=\"docno\">2645/QĐ-UBND</span>.";
        assert!(r.html.starts_with(&format!(
            "<p>A<span class=\"fn\" id=\"phan-1-chuong-1--fn-x\">{note}</span><sup class=\"fn-call\" id=\"phan-1-chuong-1--fnref-x\"><a href=\"#phan-1-chuong-1--en-x\">1</a></sup>"
        )), "{}", r.html);
        assert!(r.html.contains(" B<sup class=\"fn-again\" id=\"phan-1-chuong-1--fnref-x-2\"><a href=\"#phan-1-chuong-1--fn-x\">1</a></sup>"), "{}", r.html);
        assert!(!r.html.contains("footnotes"));
        assert_eq!(r.endnotes.len(), 1);
        assert_eq!(r.endnotes[0].html, note);
    }

    #[test]
    fn images_scripts_and_captions() {
        let r = rewrite(
            "<figure class=\"figure\" id=\"hinh-so-do\"><img src=\"/phan-1/chuong-1/so-do.svg\" alt=\"Sơ đồ\" loading=\"lazy\"><figcaption><span class=\"caption-number\">Hình 1.1.</span> Sơ đồ &amp; quy trình</figcaption></figure>\
             <script>alert(1)</script><p onclick=\"x()\">Xong <code>1/QĐ-X</code></p>",
        );
        assert!(
            r.html
                .contains("<img src=\"img/phan-1/chuong-1/so-do.svg\" alt=\"Sơ đồ\">"),
            "{}",
            r.html
        );
        assert!(!r.html.contains("alert"));
        assert!(
            r.html.contains("<p>Xong <code>1/QĐ-X</code></p>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.captions,
            vec![Caption {
                kind: "figure",
                id: "phan-1-chuong-1--hinh-so-do".into(),
                number: "Hình 1.1".into(),
                text: "Sơ đồ &amp; quy trình".into()
            }]
        );
        assert_eq!(r.images, vec!["/phan-1/chuong-1/so-do.svg".to_owned()]);
    }

    #[test]
    fn long_tables_may_break() {
        let rows: String = (0..20).map(|i| format!("<tr><td>{i}</td></tr>")).collect();
        let r = rewrite(&format!(
            "<figure class=\"table-figure\" id=\"a\"><table><tr><td>x</td></tr></table></figure>\
             <figure class=\"table-figure\" id=\"b\"><table>{rows}</table></figure>"
        ));
        assert!(
            r.html
                .contains("<figure class=\"table-figure\" id=\"phan-1-chuong-1--a\"><table>"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<figure class=\"table-figure table-long\" id=\"phan-1-chuong-1--b\"><table class=\"table-long\">"), "{}", r.html);
    }

    #[test]
    fn nested_pages_shift_headings() {
        let links = links();
        let page = Page {
            key: "k",
            shift: 1,
            links: &links,
        };
        let r = page.rewrite("<h2 id=\"a\">A</h2><h3 id=\"b\">B</h3>", &mut 0);
        assert_eq!(r.html, "<h3 id=\"k--a\">A</h3><h4 id=\"k--b\">B</h4>");
        assert_eq!(r.headings[0].level, 2);
    }
}
