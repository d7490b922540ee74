//! Writes the search index of the assembled site under `public/search/`.

use std::io;
use std::path::Path;

use crate::search::{Abbreviation, DocSection, SearchDocument, build_index};
use crate::site::Site;

/// The documents the search index is built from: every page with its sections' plain text.
pub fn documents(site: &Site) -> Vec<SearchDocument> {
    site.pages_in_order()
        .map(|page| SearchDocument {
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
        })
        .collect()
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
    let files = build_index(&documents(site), &abbreviations(site));
    let dir = out.join("search");
    for (rel, bytes) in &files.files {
        super::assets::write_file(&dir.join(rel), bytes)?;
    }
    Ok(files.manifest)
}
