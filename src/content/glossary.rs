//! The handbook's glossary: `content/thuat-ngu.toml`, used by the glossary page, the search
//! index (abbreviation expansion) and `sotay check` (abbreviations missing from it).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, from_toml_error};

/// File name of the glossary inside `content/`.
pub const GLOSSARY_FILE: &str = "thuat-ngu.toml";

/// One glossary entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Abbreviation, e.g. `SXSH`.
    pub abbr: Option<String>,
    /// The Vietnamese term in full.
    pub term: String,
    /// English equivalent.
    pub english: Option<String>,
    /// Short definition.
    pub definition: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    term: Vec<Term>,
}

/// Parses the glossary text; entries come back in Vietnamese alphabetical order of the
/// abbreviation (or the term when there is none).
pub fn parse(file: &Path, text: &str) -> Result<Vec<Term>, Diagnostic> {
    let parsed: GlossaryFile =
        toml::from_str(text).map_err(|e| from_toml_error(file, text, 0, &e))?;
    let mut terms = parsed.term;
    terms.sort_by_cached_key(|t| {
        crate::text::collate::sort_key(t.abbr.as_deref().unwrap_or(&t.term))
    });
    Ok(terms)
}
