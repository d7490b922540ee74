//! Writes the search index of the assembled site under `public/search/`.

use std::io;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

use crate::markdown::TextSection;
use crate::search::{Abbreviation, DocSection, SearchDocument, build_index_from};
use crate::site::{Site, SitePage};

/// One page's search document, its sections' text copied.
fn document(page: &SitePage) -> SearchDocument {
    let mut doc = frame(page);
    doc.sections = page.sections.iter().cloned().map(doc_section).collect();
    doc
}

/// One page's search document, its sections' text moved out of the page.
fn take_document(page: &mut SitePage) -> SearchDocument {
    let mut doc = frame(page);
    let sections = std::mem::take(&mut page.sections);
    doc.sections = sections.into_iter().map(doc_section).collect();
    doc
}

/// A rendered section as the search index takes it.
fn doc_section(s: TextSection) -> DocSection {
    DocSection {
        anchor: s.anchor,
        heading: s.heading,
        text: s.text,
    }
}

/// A page's search document without its sections.
fn frame(page: &SitePage) -> SearchDocument {
    SearchDocument {
        url: page.url.clone(),
        title: page.full_title.clone(),
        section_path: page
            .breadcrumbs
            .iter()
            .skip(1)
            .map(|c| {
                if c.label.is_empty() {
                    c.title.clone()
                } else {
                    format!("{}. {}", c.label, c.title)
                }
            })
            .collect(),
        sections: Vec::new(),
    }
}

/// The glossary's abbreviations, for expansion in both directions.
pub fn abbreviations(site: &Site) -> Vec<Abbreviation> {
    site.content
        .glossary
        .iter()
        .filter_map(|t| {
            t.abbr.as_ref().map(|abbr| Abbreviation {
                abbr: abbr.clone(),
                long: t.term.clone(),
            })
        })
        .collect()
}

/// Builds and writes the index; returns the manifest URL for the pages' `<meta>`.
///
/// With `keep_text` (`serve`, which indexes again after an edit) each page's text is copied
/// as the index asks for it. Without, it is moved out of the pages first, and each page's text
/// is freed as soon as the index has read it: the index's tables then grow into that memory
/// instead of fresh memory, which on this kind of machine costs time.
pub fn write(site: &mut Site, out: &Path, keep_text: bool) -> io::Result<String> {
    let dir = out.join("search");
    // Thousands of small files: writing them is mostly system time, which
    // both threads can share.
    let write = |files: &[(String, Vec<u8>)]| super::assets::write_files_in(&dir, files);
    // Part files are written chunk by chunk as the index is built, so they
    // are never all in memory; the first error is kept and returned.
    let mut written = Ok(());
    let mut sink = |chunk: Vec<(String, Vec<u8>)>| {
        if written.is_ok() {
            written = write(&chunk);
        }
    };
    let glossary = abbreviations(site);
    let files = if keep_text {
        let pages: Vec<&SitePage> = site.pages_in_order().collect();
        build_index_from(pages.len(), |i| document(pages[i]), &glossary, &mut sink)
    } else {
        let docs: Vec<Mutex<SearchDocument>> = site
            .order
            .iter()
            .map(|&i| Mutex::new(take_document(&mut site.pages[i])))
            .collect();
        let take = |i: usize| {
            let mut doc = docs[i].lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::take(&mut *doc)
        };
        build_index_from(docs.len(), take, &glossary, &mut sink)
    };
    written?;
    write(&files.files)?;
    Ok(files.manifest)
}
