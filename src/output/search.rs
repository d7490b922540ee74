//! Writes the search index of the assembled site under `public/search/`.

use std::io;
use std::path::Path;

use crate::search::{Abbreviation, DocSection, SearchDocument, build_index_from};
use crate::site::{Site, SitePage};

/// The documents the search index is built from: every page with its sections' plain text.
pub fn documents(site: &Site) -> Vec<SearchDocument> {
    site.pages_in_order().map(document).collect()
}

/// One page's search document.
fn document(page: &SitePage) -> SearchDocument {
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
        sections: page
            .sections
            .iter()
            .map(|s| DocSection {
                anchor: s.anchor.clone(),
                heading: s.heading.clone(),
                text: s.text.clone(),
            })
            .collect(),
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
pub fn write(site: &Site, out: &Path) -> io::Result<String> {
    // Documents are made as the index asks for them, so the copies of all
    // pages' text never exist at once.
    let pages: Vec<&SitePage> = site.pages_in_order().collect();
    let dir = out.join("search");
    // Thousands of small files: writing them is mostly system time, which
    // both threads can share.
    let write = |files: &[(String, Vec<u8>)]| super::assets::write_files_in(&dir, files);
    // Part files are written chunk by chunk as the index is built, so they
    // are never all in memory; the first error is kept and returned.
    let mut written = Ok(());
    let files = build_index_from(
        pages.len(),
        |i| document(pages[i]),
        &abbreviations(site),
        &mut |chunk| {
            if written.is_ok() {
                written = write(&chunk);
            }
        },
    );
    written?;
    write(&files.files)?;
    Ok(files.manifest)
}
