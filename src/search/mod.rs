//! Vietnamese full-text search for sotay.
//!
//! At build time [`build_index`] writes a sharded, content-hashed index under
//! `public/search/`; `themes/default/static/search.js` queries it in the
//! browser, and [`query_index`] ranks the same way for `sotay search`.
//!
//! Both sides implement one normalization spec, `docs/search-normalization.md`,
//! and are checked against the shared vectors in `tests/search_vectors.json`.
//!
//! Modules, one job each:
//! - [`normalize`]: cleanup, NFC, lowercase, folding;
//! - [`syllable`]: Vietnamese syllable parsing (exact and folded forms);
//! - [`tokenize`]: tokens, code tokens, adjacency;
//! - [`telex`]: Telex/VNI decoding of queries;
//! - [`abbreviations`]: built-in list, glossary merge, mining;
//! - [`legacy`]: TCVN3/VNI/Cyrillic detection at build time;
//! - [`parts`]: splitting pages into excerpt parts;
//! - [`codec`] and [`format`]: the bytes of the index files;
//! - [`index`]: building the files;
//! - [`plan`], [`rank`], [`excerpt`]: query planning, BM25F ranking and
//!   excerpts, mirrored by `search.js`;
//! - [`query`]: reading a written index from disk.

pub mod abbreviations;
pub mod codec;
pub mod excerpt;
pub mod format;
pub mod index;
pub mod legacy;
pub mod normalize;
pub mod parts;
pub mod plan;
pub mod query;
pub mod rank;
pub mod syllable;
pub mod telex;
pub mod tokenize;

#[cfg(test)]
mod tests_cases;
#[cfg(test)]
mod tests_vectors;

/// One page to index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchDocument {
    /// Page URL, e.g. `/phan-1/chuong-1/`.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Breadcrumb titles above the page.
    pub section_path: Vec<String>,
    /// Sections in page order; the first usually has an empty anchor.
    pub sections: Vec<DocSection>,
}

/// One section of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocSection {
    /// Heading id (`""` for the page top).
    pub anchor: String,
    /// Heading text.
    pub heading: String,
    /// Plain text (NFC) of the section body.
    pub text: String,
}

/// A glossary entry of the handbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Abbreviation {
    /// The abbreviation, e.g. `SXSH`.
    pub abbr: String,
    /// Its long form, e.g. `sản xuất sạch hơn`.
    pub long: String,
}

/// The written index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchFiles {
    /// (path relative to `public/search/`, content); names are content-hashed.
    pub files: Vec<(String, Vec<u8>)>,
    /// URL of the manifest, e.g. `/search/meta.<hash>.json`, for the
    /// `<meta name="sotay-search">` tag.
    pub manifest: String,
    /// Build warnings: legacy-encoded text converted or suspected
    /// (`url#anchor line n: …`).
    pub warnings: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hit {
    /// Page URL.
    pub url: String,
    /// Page title.
    pub title: String,
    /// Breadcrumb titles.
    pub section_path: Vec<String>,
    /// Anchor of the best-matching section (`""` = page top).
    pub anchor: String,
    /// Ranking score (higher is better).
    pub score: f64,
    /// Plain-text excerpt around the best match (`…` marks cuts).
    pub excerpt: String,
    /// Byte ranges of matched words inside `excerpt`.
    pub highlights: Vec<(usize, usize)>,
}

/// Builds the search index for `docs`, using `glossary` as extra
/// abbreviations. Deterministic: the same input gives the same files.
pub fn build_index(docs: &[SearchDocument], glossary: &[Abbreviation]) -> SearchFiles {
    let mut parts = Vec::new();
    let mut files = index::build(docs.len(), |i| &docs[i], glossary, &mut |mut chunk| {
        parts.append(&mut chunk)
    });
    files.files.append(&mut parts);
    files
}

/// [`build_index`] for documents `0..n` made on demand by `doc(i)`: a
/// chunk of them is alive at a time, not all. The excerpt part files
/// (`d/…`, most of the bytes) are handed to `parts` chunk by chunk, so the
/// caller can write them while the rest is built; the returned files hold
/// the others.
pub fn build_index_from<D: std::borrow::Borrow<SearchDocument>>(
    n: usize,
    doc: impl Fn(usize) -> D + Sync,
    glossary: &[Abbreviation],
    parts: &mut index::PartSink<'_>,
) -> SearchFiles {
    index::build(n, doc, glossary, parts)
}

/// Runs `query` against the index written under `public_dir/search/` and
/// returns at most `limit` hits, ranked exactly as `search.js` ranks them.
/// The last word is prefix-matched unless the query ends with a space.
pub fn query_index(
    public_dir: &std::path::Path,
    query: &str,
    limit: usize,
) -> std::io::Result<Vec<Hit>> {
    query::query_dir(&public_dir.join("search"), query, limit)
}
