//! Checks of links between pages, kept up to date one document at a time.
//!
//! `site::assemble` checks every link of the site at once; the preview cannot afford that on
//! each keystroke-save of a 10,000-page site. Here the ids of each page and the pages linking to
//! each URL are indexed, so an edit re-checks only the edited page's own links and the links
//! that point at it. The messages are the same as the build's.

use std::collections::{HashMap, HashSet};

use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::markdown::Rendered;

/// Link checks of every document, by document index.
#[derive(Debug, Default)]
pub struct Anchors {
    ids: HashMap<String, HashSet<String>>,
    asset_urls: HashSet<String>,
    incoming: HashMap<String, HashSet<usize>>,
    /// Problems found in each document's links.
    pub diagnostics: Vec<Vec<Diagnostic>>,
}

impl Anchors {
    /// Indexes and checks every document.
    pub fn new(content: &Content, rendered: &[Rendered]) -> Anchors {
        let mut anchors = Anchors {
            asset_urls: content.assets.values().map(|a| a.url.clone()).collect(),
            diagnostics: vec![Vec::new(); content.docs.len()],
            ..Anchors::default()
        };
        for (i, (doc, r)) in content.docs.iter().zip(rendered).enumerate() {
            anchors
                .ids
                .insert(doc.url.clone(), r.ids.iter().cloned().collect());
            anchors.add_incoming(i, r);
        }
        anchors.diagnostics = rendered
            .iter()
            .enumerate()
            .map(|(i, r)| anchors.check(content, i, r))
            .collect();
        anchors
    }

    fn add_incoming(&mut self, i: usize, r: &Rendered) {
        for check in &r.anchor_checks {
            self.incoming
                .entry(check.url.clone())
                .or_default()
                .insert(i);
        }
    }

    /// Re-indexes the documents in `changed` (whose rendering was replaced; `previous` holds
    /// their former rendering, same order) and re-checks them and every document linking to
    /// them. Returns the documents whose link problems changed.
    pub fn update(
        &mut self,
        content: &Content,
        rendered: &[Rendered],
        changed: &[(usize, Rendered)],
    ) -> Vec<usize> {
        let mut recheck: HashSet<usize> = HashSet::new();
        for (i, previous) in changed {
            let url = &content.docs[*i].url;
            for check in &previous.anchor_checks {
                if let Some(set) = self.incoming.get_mut(&check.url) {
                    set.remove(i);
                }
            }
            self.add_incoming(*i, &rendered[*i]);
            let new_ids: HashSet<String> = rendered[*i].ids.iter().cloned().collect();
            if self.ids.get(url) != Some(&new_ids) {
                self.ids.insert(url.clone(), new_ids);
                if let Some(sources) = self.incoming.get(url) {
                    recheck.extend(sources.iter().copied());
                }
            }
            recheck.insert(*i);
        }
        let mut differ: Vec<usize> = Vec::new();
        for i in recheck {
            let fresh = self.check(content, i, &rendered[i]);
            if fresh != self.diagnostics[i] {
                self.diagnostics[i] = fresh;
                differ.push(i);
            }
        }
        differ.sort_unstable();
        differ
    }

    fn check(&self, content: &Content, i: usize, r: &Rendered) -> Vec<Diagnostic> {
        let doc = &content.docs[i];
        let mut out = Vec::new();
        for check in &r.anchor_checks {
            out.extend(crate::site::link_problem(
                content,
                &doc.source,
                check,
                &self.ids,
                &self.asset_urls,
            ));
        }
        out
    }
}
