//! HTML minification with minify-html, configured to keep pages valid HTML and scripts intact.

use std::sync::OnceLock;

fn config() -> &'static minify_html::Cfg {
    static CFG: OnceLock<minify_html::Cfg> = OnceLock::new();
    CFG.get_or_init(|| minify_html::Cfg {
        // Minifying inline JS has broken pages in other generators (Zola turned it off); the
        // theme's scripts are small and already compact.
        minify_js: false,
        minify_css: true,
        // `<!doctypehtml>` and missing closing tags are legal but trip validators and
        // paged-media engines; keep them.
        minify_doctype: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        ..minify_html::Cfg::new()
    })
}

/// Minifies one HTML document.
pub fn minify(html: &str) -> Vec<u8> {
    minify_html::minify(html.as_bytes(), config())
}
