//! Stage 2 of the pipeline: renders one document's Markdown to HTML with pulldown-cmark.
//!
//! Every parser option is set in [`parser_options`]. The renderer resolves links between `.md`
//! files and images beside the page, gives headings ASCII ids, turns GFM alerts into callouts,
//! captioned images and tables into numbered figures, renders math and code at build time, and
//! records what the site stage needs: headings, anchors to check, figure and table ids, and plain
//! text for search. Numbers of figures and tables depend on the whole chapter, so they are left
//! as placeholders (see [`placeholder`]) that the site stage fills in.

pub mod highlight;
pub mod math;

mod images;
pub mod links;

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};

use crate::content::{Asset, Term};
use crate::diagnostics::Diagnostic;
use crate::text::fold::slugify;
use highlight::html_escape;
pub use links::LinkTarget;

/// The one place where Markdown parser options are chosen.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// Placeholders left in rendered HTML for numbers only known once the whole site is assembled.
pub mod placeholder {
    /// Opens a placeholder for the number alone ("4.1"): followed by `url#id`.
    pub const NUMBER: char = '\u{E000}';
    /// Opens a placeholder for the full label ("Hình 4.1"): followed by `url#id`.
    pub const LABEL: char = '\u{E002}';
    /// Closes a placeholder.
    pub const END: char = '\u{E001}';
}

/// What a numbered element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberedKind {
    /// An image with a caption: "Hình".
    Figure,
    /// A table with a caption: "Bảng".
    Table,
}

impl NumberedKind {
    /// The Vietnamese word used in captions and references.
    pub fn word(self) -> &'static str {
        match self {
            NumberedKind::Figure => "Hình",
            NumberedKind::Table => "Bảng",
        }
    }
}

/// A figure or table that gets a number.
#[derive(Debug, Clone)]
pub struct Numbered {
    /// Its id on the page.
    pub id: String,
    /// Figure or table.
    pub kind: NumberedKind,
    /// Caption text (plain).
    pub caption: String,
}

/// A heading of the page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// Its (unique) id.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A link whose target page (and anchor) the site stage must confirm.
#[derive(Debug, Clone)]
pub struct AnchorCheck {
    /// Target page URL (`/phan-1/chuong-1/`).
    pub url: String,
    /// Anchor on that page, without `#`; empty to check only the page.
    pub anchor: String,
    /// Where the link is written.
    pub line: usize,
    /// Column of the link.
    pub col: usize,
}

/// A stretch of the page under one heading, as plain text for the search index.
#[derive(Debug, Clone, Default)]
pub struct TextSection {
    /// Heading id; empty for the text before the first heading.
    pub anchor: String,
    /// Heading text.
    pub heading: String,
    /// Plain text.
    pub text: String,
}

/// Everything the renderer produces for one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML, with number placeholders.
    pub html: String,
    /// All headings, in order.
    pub headings: Vec<Heading>,
    /// Figures and tables, in order.
    pub numbered: Vec<Numbered>,
    /// Every id defined in the body (headings, figures, tables, footnotes).
    pub ids: Vec<String>,
    /// Links to confirm once every page is known.
    pub anchor_checks: Vec<AnchorCheck>,
    /// Plain text by section, for search.
    pub sections: Vec<TextSection>,
    /// Words in the body.
    pub word_count: usize,
    /// Assets (images) the page uses, absolute paths.
    pub assets: Vec<PathBuf>,
    /// Problems found while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

/// What the renderer needs to know about the page and the site.
pub struct RenderContext<'a> {
    /// The file, relative to the root, for messages.
    pub source: &'a Path,
    /// The whole cleaned file text (for line numbers).
    pub text: &'a str,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
    /// This page's public URL.
    pub url: &'a str,
    /// Absolute folder of the source file.
    pub dir: &'a Path,
    /// Absolute path of every Markdown file → its URL.
    pub pages: &'a HashMap<PathBuf, String>,
    /// Files beside the content, by absolute path.
    pub assets: &'a HashMap<PathBuf, Asset>,
    /// The glossary to append after the body, when the page asks for it.
    pub glossary: Option<&'a [Term]>,
}

/// Renders the body of one document.
pub fn render(ctx: &RenderContext<'_>) -> Rendered {
    let body = &ctx.text[ctx.body_offset..];
    // About one event per 10 bytes of Markdown: sized once instead of doubled ten times.
    let mut events: Vec<(Event<'_>, Range<usize>)> = Vec::with_capacity(body.len() / 8 + 16);
    events.extend(Parser::new_ext(body, parser_options()).into_offset_iter());
    // Where each search section (h1–h3) starts in the body: a section's plain text is shorter
    // than its Markdown, so its string is sized once from it instead of doubled as it grows.
    let section_starts: Vec<usize> = events
        .iter()
        .filter(
            |(e, _)| matches!(e, Event::Start(Tag::Heading { level, .. }) if (*level as u8) <= 3),
        )
        .map(|(_, range)| range.start)
        .chain([body.len()])
        .collect();
    let mut r = Renderer {
        ctx,
        out: Vec::with_capacity(events.len()),
        rendered: Rendered::default(),
        used_ids: HashMap::new(),
        footnotes: Vec::new(),
        footnote_numbers: HashMap::new(),
        section: TextSection {
            text: String::with_capacity(section_starts[0]),
            ..TextSection::default()
        },
        section_starts,
        sections_begun: 0,
        lines: crate::text::LineCursor::default(),
    };
    r.run(&events);
    r.finish()
}

struct Renderer<'c, 'a> {
    ctx: &'c RenderContext<'c>,
    out: Vec<Event<'a>>,
    rendered: Rendered,
    used_ids: HashMap<String, usize>,
    /// Footnote definitions: (name, rendered HTML).
    footnotes: Vec<(String, String)>,
    /// Footnote name → (number, references so far).
    footnote_numbers: HashMap<String, (usize, usize)>,
    section: TextSection,
    /// Body offsets of the h1–h3 headings, then the body's end.
    section_starts: Vec<usize>,
    /// How many sections a heading has begun so far.
    sections_begun: usize,
    /// Line numbers for links and diagnostics, counted on from the previous one.
    lines: crate::text::LineCursor,
}

impl<'c, 'a> Renderer<'c, 'a> {
    fn line_col(&self, range: &Range<usize>) -> (usize, usize) {
        self.lines
            .line_col(self.ctx.text, self.ctx.body_offset + range.start)
    }

    fn error(&mut self, range: &Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        let (line, col) = self.line_col(range);
        self.rendered
            .diagnostics
            .push(Diagnostic::error(self.ctx.source, line, col, message).with_help(help));
    }

    /// Makes `wanted` unique on this page by appending -1, -2…
    fn unique_id(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() {
            "muc".to_owned()
        } else {
            wanted.to_owned()
        };
        let n = self.used_ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        };
        self.rendered.ids.push(id.clone());
        id
    }

    fn plain(&mut self, text: &str) {
        self.section.text.push_str(text);
    }

    fn run(&mut self, events: &[(Event<'a>, Range<usize>)]) {
        let mut i = 0;
        while i < events.len() {
            i = self.event(events, i);
        }
    }

    /// Handles the event at `i`; returns the index of the next event to handle.
    fn event(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> usize {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let end = find_end(events, i);
                self.heading(*level, id.as_deref(), classes, attrs, &events[i + 1..end]);
                return end + 1;
            }
            Event::Start(Tag::Paragraph) => {
                if let Some(next) = self.figure(events, i) {
                    return next;
                }
                if let Some(next) = self.table_caption(events, i) {
                    return next;
                }
                self.out.push(event.clone());
            }
            Event::End(TagEnd::Paragraph) => {
                self.plain("\n");
                self.out.push(event.clone());
            }
            Event::Start(Tag::Table(_)) => {
                self.out.push(Event::Html(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Bảng cuộn ngang\">".into(),
                ));
                self.out.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                self.out.push(event.clone());
                self.out.push(Event::Html("</div>".into()));
            }
            Event::End(TagEnd::TableCell) | Event::End(TagEnd::Item) => {
                self.plain(" ");
                self.out.push(event.clone());
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, label) = callout(*kind);
                self.out.push(Event::Html(
                    format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>\n")
                        .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.out.push(Event::Html("</div>\n".into()))
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(events, i);
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| {
                        if let Event::Text(t) = e {
                            Some(t.as_ref())
                        } else {
                            None
                        }
                    })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                self.plain(&code);
                self.out
                    .push(Event::Html(highlight::highlight(&code, lang).into()));
                return end + 1;
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let end = find_end(events, i);
                self.link(dest_url, title, range, &events[i + 1..end]);
                return end + 1;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = find_end(events, i);
                let alt = plain_text(&events[i + 1..end]);
                if let Some(img) = self.image(dest_url, &alt, range) {
                    let title_attr = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", html_escape(title))
                    };
                    self.out.push(Event::Html(
                        format!("{}{title_attr}>", img.trim_end_matches('>')).into(),
                    ));
                }
                return end + 1;
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                let end = find_end(events, i);
                let html = self.sub_render(&events[i + 1..end]);
                self.footnotes.push((name.to_string(), html));
                return end + 1;
            }
            Event::FootnoteReference(name) => self.footnote_reference(name),
            // A checklist box must have an accessible name (axe: "Form elements must have labels").
            Event::TaskListMarker(done) => self.out.push(Event::InlineHtml(
                if *done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Đã làm\">"
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Việc cần làm\">"
                }
                .into(),
            )),
            Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                let display = matches!(event, Event::DisplayMath(_));
                match math::render_math(tex, display) {
                    Ok(html) => self.out.push(Event::InlineHtml(html.into())),
                    Err(e) => {
                        let at = range.start + 1 + if display { 1 } else { 0 } + e.offset;
                        self.error(
                            &(at..at),
                            format!("công thức không hiển thị được: {}", e.message),
                            "sửa công thức theo các lệnh TeX được hỗ trợ (xem README, mục Công thức)",
                        );
                        self.out.push(Event::Code(tex.clone()));
                    }
                }
                self.plain(tex);
            }
            Event::Text(t) | Event::Code(t) => {
                self.plain(t);
                self.out.push(event.clone());
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain(" ");
                self.out.push(event.clone());
            }
            _ => self.out.push(event.clone()),
        }
        i + 1
    }

    /// Renders a slice of events to HTML on its own (used for footnotes and captions).
    fn sub_render(&mut self, events: &[(Event<'a>, Range<usize>)]) -> String {
        let saved = std::mem::take(&mut self.out);
        self.run(events);
        let inner = std::mem::replace(&mut self.out, saved);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
        html
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<&str>,
        classes: &[CowStr<'a>],
        attrs: &[(CowStr<'a>, Option<CowStr<'a>>)],
        inner: &[(Event<'a>, Range<usize>)],
    ) {
        let text = plain_text(inner);
        let id = self.unique_id(&id.map(str::to_owned).unwrap_or_else(|| slugify(&text)));
        let level_n = level as u8;
        self.rendered.headings.push(Heading {
            level: level_n,
            id: id.clone(),
            text: text.clone(),
        });
        if level_n <= 3 {
            let finished = std::mem::take(&mut self.section);
            if !finished.text.trim().is_empty() || !finished.heading.is_empty() {
                self.rendered.sections.push(finished);
            }
            self.sections_begun += 1;
            let k = self.sections_begun;
            let size = match (self.section_starts.get(k - 1), self.section_starts.get(k)) {
                (Some(start), Some(end)) => end.saturating_sub(*start),
                _ => 0,
            };
            self.section = TextSection {
                anchor: id.clone(),
                heading: text.clone(),
                text: String::with_capacity(size),
            };
        } else {
            self.plain(&text);
            self.plain("\n");
        }
        let inner_html = {
            let saved_section = std::mem::take(&mut self.section.text);
            let html = self.sub_render(inner);
            self.section.text = saved_section;
            html
        };
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", html_escape(&joined.join(" ")))
        };
        let extra: String = attrs
            .iter()
            .map(|(k, v)| match v {
                Some(v) => format!(" {}=\"{}\"", html_escape(k), html_escape(v)),
                None => format!(" {}", html_escape(k)),
            })
            .collect();
        self.out.push(Event::Html(
            format!(
                "<h{level_n} id=\"{id}\"{class_attr}{extra}>{inner_html}<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Liên kết tới mục này\">#</a></h{level_n}>\n"
            )
            .into(),
        ));
    }

    /// An image alone in its paragraph, with a title, becomes a numbered figure.
    fn figure(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> Option<usize> {
        let Some((
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            range,
        )) = events.get(i + 1)
        else {
            return None;
        };
        let end = find_end(events, i + 1);
        if title.is_empty()
            || !matches!(
                events.get(end + 1),
                Some((Event::End(TagEnd::Paragraph), _))
            )
        {
            return None;
        }
        let alt = plain_text(&events[i + 2..end]);
        let stem = Path::new(dest_url.as_ref())
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = self.unique_id(&format!("hinh-{}", slugify(&stem)));
        let img = self.image(dest_url, &alt, range).unwrap_or_default();
        self.rendered.numbered.push(Numbered {
            id: id.clone(),
            kind: NumberedKind::Figure,
            caption: title.to_string(),
        });
        self.plain(title);
        self.plain("\n");
        self.out.push(Event::Html(
            format!(
                "<figure class=\"figure\" id=\"{id}\">{img}<figcaption><span class=\"caption-number\">Hình {}{}#{id}{}.</span> {}</figcaption></figure>\n",
                placeholder::NUMBER,
                self.ctx.url,
                placeholder::END,
                html_escape(title)
            )
            .into(),
        ));
        Some(end + 2)
    }

    /// A paragraph `Bảng: caption {#id}` right before a table becomes its numbered caption.
    fn table_caption(&mut self, events: &[(Event<'a>, Range<usize>)], i: usize) -> Option<usize> {
        let (Event::Text(first), _) = events.get(i + 1)? else {
            return None;
        };
        let rest = first
            .strip_prefix("Bảng:")
            .or_else(|| first.strip_prefix("Bảng :"))?;
        let end = find_end(events, i);
        if !matches!(events.get(end + 1), Some((Event::Start(Tag::Table(_)), _))) {
            return None;
        }
        let mut inner: Vec<(Event<'a>, Range<usize>)> = events[i + 1..end].to_vec();
        inner[0].0 = Event::Text(CowStr::from(rest.trim_start().to_owned()));
        let mut explicit_id = None;
        if let Some((Event::Text(last), _)) = inner.last_mut()
            && let Some(open) = last.rfind("{#")
            && last.trim_end().ends_with('}')
        {
            let id = last[open + 2..]
                .trim_end()
                .trim_end_matches('}')
                .trim()
                .to_owned();
            explicit_id = Some(id);
            *last = CowStr::from(last[..open].trim_end().to_owned());
        }
        let caption_text = plain_text(&inner);
        let id = self
            .unique_id(&explicit_id.unwrap_or_else(|| format!("bang-{}", slugify(&caption_text))));
        let saved_section = std::mem::take(&mut self.section.text);
        let caption_html = self.sub_render(&inner);
        self.section.text = saved_section;
        self.plain(&caption_text);
        self.plain("\n");
        let caption_html = caption_html
            .trim()
            .trim_start_matches("<p>")
            .trim_end_matches("</p>")
            .to_owned();
        self.rendered.numbered.push(Numbered {
            id: id.clone(),
            kind: NumberedKind::Table,
            caption: caption_text,
        });
        let table_end = find_end(events, end + 1);
        self.out.push(Event::Html(
            format!(
                "<figure class=\"table-figure\" id=\"{id}\"><figcaption><span class=\"caption-number\">Bảng {}{}#{id}{}.</span> {caption_html}</figcaption>\n",
                placeholder::NUMBER,
                self.ctx.url,
                placeholder::END
            )
            .into(),
        ));
        self.run(&events[end + 1..=table_end]);
        self.out.push(Event::Html("</figure>\n".into()));
        Some(table_end + 1)
    }

    fn footnote_reference(&mut self, name: &str) {
        let next = self.footnote_numbers.len() + 1;
        let entry = self
            .footnote_numbers
            .entry(name.to_owned())
            .or_insert((next, 0));
        entry.1 += 1;
        let (number, count) = *entry;
        let slug = footnote_slug(name);
        let ref_id = if count == 1 {
            format!("fnref-{slug}")
        } else {
            format!("fnref-{slug}-{count}")
        };
        self.rendered.ids.push(ref_id.clone());
        self.out.push(Event::InlineHtml(
            format!("<sup class=\"footnote-ref\"><a id=\"{ref_id}\" href=\"#fn-{slug}\" role=\"doc-noteref\">{number}</a></sup>").into(),
        ));
    }

    fn finish(mut self) -> Rendered {
        if let Some(terms) = self.ctx.glossary {
            let html = glossary_table(terms);
            for t in terms {
                self.rendered.ids.push(format!(
                    "tn-{}",
                    slugify(t.abbr.as_deref().unwrap_or(&t.term))
                ));
                self.plain(&format!(
                    "{} {} {}\n",
                    t.abbr.as_deref().unwrap_or(""),
                    t.term,
                    t.definition
                ));
            }
            self.out.push(Event::Html(html.into()));
        }
        let mut html = String::with_capacity(self.ctx.text.len() * 2);
        pulldown_cmark::html::push_html(&mut html, std::mem::take(&mut self.out).into_iter());
        self.append_footnotes(&mut html);
        let last = std::mem::take(&mut self.section);
        if !last.text.trim().is_empty() || !last.heading.is_empty() {
            self.rendered.sections.push(last);
        }
        self.rendered.word_count = self
            .rendered
            .sections
            .iter()
            .map(|s| crate::text::word_count(&s.text))
            .sum();
        // Ten thousand pages are kept in memory until written: keep exact-size copies and free
        // the grown buffers for the next page to reuse. (`shrink_to_fit` shrinks in place, so
        // each block stayed whole: 120 MB more at 10,000 pages, all of it fresh memory.)
        for s in &mut self.rendered.sections {
            s.text = s.text.as_str().to_owned();
        }
        self.rendered.html = html.as_str().to_owned();
        self.rendered
    }

    fn append_footnotes(&mut self, html: &mut String) {
        if self.footnotes.is_empty() {
            return;
        }
        let mut notes: Vec<(usize, String, String)> = Vec::new();
        for (name, body) in std::mem::take(&mut self.footnotes) {
            match self.footnote_numbers.get(&name) {
                Some(&(number, _)) => notes.push((number, name, body)),
                None => self.rendered.diagnostics.push(
                    Diagnostic::warning(
                        self.ctx.source,
                        0,
                        0,
                        format!("chú thích [^{name}] được định nghĩa nhưng không được dùng"),
                    )
                    .with_help(format!(
                        "thêm [^{name}] vào chỗ cần chú thích, hoặc xóa định nghĩa"
                    )),
                ),
            }
        }
        notes.sort_by_key(|n| n.0);
        html.push_str(
            "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Chú thích\">\n<ol>\n",
        );
        for (_, name, body) in notes {
            let slug = footnote_slug(&name);
            self.rendered.ids.push(format!("fn-{slug}"));
            let back = format!(
                " <a href=\"#fnref-{slug}\" class=\"footnote-back\" role=\"doc-backlink\" aria-label=\"Quay lại chỗ chú thích\">↩</a>"
            );
            let body = match body.trim_end().strip_suffix("</p>") {
                Some(inner) => format!("{inner}{back}</p>"),
                None => format!("{body}{back}"),
            };
            html.push_str(&format!("<li id=\"fn-{slug}\">{body}</li>\n"));
        }
        html.push_str("</ol>\n</section>\n");
    }
}

fn footnote_slug(name: &str) -> String {
    let s = slugify(name);
    if s.is_empty() { "note".into() } else { s }
}

/// Index of the event that closes the tag opened at `start`.
fn find_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len() - 1
}

/// The text of a run of inline events, without markup.
fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Ghi chú"),
        BlockQuoteKind::Tip => ("tip", "Mẹo"),
        BlockQuoteKind::Important => ("important", "Quan trọng"),
        BlockQuoteKind::Warning => ("warning", "Cảnh báo"),
        BlockQuoteKind::Caution => ("caution", "Thận trọng"),
    }
}

fn glossary_table(terms: &[Term]) -> String {
    let mut html = String::from(
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Bảng thuật ngữ\"><table class=\"glossary\">\n<thead><tr><th>Viết tắt</th><th>Thuật ngữ</th><th>Tiếng Anh</th><th>Giải thích</th></tr></thead>\n<tbody>\n",
    );
    for t in terms {
        let key = t.abbr.as_deref().unwrap_or(&t.term);
        html.push_str(&format!(
            "<tr id=\"tn-{}\"><td><strong>{}</strong></td><td>{}</td><td lang=\"en\">{}</td><td>{}</td></tr>\n",
            slugify(key),
            html_escape(t.abbr.as_deref().unwrap_or("")),
            html_escape(&t.term),
            html_escape(t.english.as_deref().unwrap_or("")),
            html_escape(&t.definition)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}
