//! The navigation tree shown beside each page.
//!
//! Each page carries only the path to itself: every part, the chapters of its own part and the
//! pages of its own chapter. Its size grows with the depth of the tree, not with the page count,
//! so a 10,000-page site does not copy 10,000 links into every page; the full tree lives on the
//! table-of-contents page.

use serde::Serialize;

use super::Site;

/// One entry of the navigation tree.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// "Chương 4" or empty.
    pub label: String,
    /// Title.
    pub title: String,
    /// URL.
    pub url: String,
    /// This is the page being shown.
    pub current: bool,
    /// This entry is an ancestor of the page being shown (its group is open).
    pub open: bool,
    /// The entry has children (shown or not).
    pub has_children: bool,
    /// Children shown (only along the current path).
    pub children: Vec<NavItem>,
}

/// The navigation for the page of document `current`; `full` expands every branch (the
/// table-of-contents page).
pub fn nav_for(site: &Site, current: usize, full: bool) -> Vec<NavItem> {
    let mut path = Vec::new();
    let mut cur = Some(current);
    while let Some(c) = cur {
        path.push(c);
        cur = site.content.docs[c].parent;
    }
    items(site, 0, &path, current, full)
}

/// The navigation shared by every page whose navigation opens at `group` (see
/// [`nav_group`]): the path to `group` is open, and no entry is marked current, so it can be
/// rendered once for the whole group and the current link marked afterwards.
pub fn nav_open(site: &Site, group: usize) -> Vec<NavItem> {
    let mut path = Vec::new();
    let mut cur = Some(group);
    while let Some(c) = cur {
        path.push(c);
        cur = site.content.docs[c].parent;
    }
    items(site, 0, &path, usize::MAX, false)
}

/// The document whose open navigation page `i` shows: a section shows its own children, a page
/// the children of its parent — so every page of a chapter shares one navigation.
pub fn nav_group(site: &Site, i: usize) -> usize {
    let doc = &site.content.docs[i];
    if doc.children.is_empty() {
        doc.parent.unwrap_or(0)
    } else {
        i
    }
}

fn items(site: &Site, parent: usize, path: &[usize], current: usize, full: bool) -> Vec<NavItem> {
    site.content.docs[parent]
        .children
        .iter()
        .map(|&c| {
            let open = path.contains(&c);
            let has_children = !site.content.docs[c].children.is_empty();
            let page = &site.pages[c];
            NavItem {
                label: page.label.clone(),
                title: page.title.clone(),
                url: page.url.clone(),
                current: c == current,
                open,
                has_children,
                children: if open || full {
                    items(site, c, path, current, full)
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}
