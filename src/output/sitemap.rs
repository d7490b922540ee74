//! `sitemap.xml`, `robots.txt` and redirect pages for old URLs (aliases).

use crate::markdown::highlight::html_escape;
use crate::site::Site;

/// The sitemap of every page, with last-modified dates where known.
pub fn sitemap(site: &Site) -> String {
    let base = site.config.base_url_trimmed();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in site.pages_in_order() {
        xml.push_str(&format!(
            "  <url><loc>{}{}</loc>",
            html_escape(base),
            html_escape(&page.url)
        ));
        if let Some(date) = &page.updated {
            xml.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt` allowing everything and naming the sitemap.
pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}/sitemap.xml\n",
        site.config.base_url_trimmed()
    )
}

/// A small page that sends visitors of an old URL to `url`, with and without JavaScript.
pub fn redirect_page(url: &str, title: &str) -> String {
    let url = html_escape(url);
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{}</title><link rel=\"canonical\" href=\"{url}\"><meta http-equiv=\"refresh\" content=\"0; url={url}\"><meta name=\"robots\" content=\"noindex\"></head><body><p>Trang đã chuyển tới <a href=\"{url}\">{url}</a>.</p></body></html>\n",
        html_escape(title)
    )
}

/// Output path (relative, with `index.html`) for an alias URL, or `None` if it is unsafe
/// (leaves the output folder) or empty.
pub fn alias_path(alias: &str) -> Option<String> {
    let clean: Vec<&str> = alias
        .split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".")
        .collect();
    if clean.is_empty() || clean.iter().any(|s| *s == ".." || s.contains(':')) {
        return None;
    }
    let joined = clean.join("/");
    if joined.ends_with(".html") {
        Some(joined)
    } else {
        Some(format!("{joined}/index.html"))
    }
}

#[cfg(test)]
mod tests {
    use super::alias_path;

    #[test]
    fn aliases_stay_inside_output() {
        assert_eq!(
            alias_path("/cu/trang/").as_deref(),
            Some("cu/trang/index.html")
        );
        assert_eq!(alias_path("/../etc/passwd"), None);
        assert_eq!(alias_path("/"), None);
        assert_eq!(alias_path("old.html").as_deref(), Some("old.html"));
    }
}
