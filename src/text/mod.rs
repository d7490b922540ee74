//! Vietnamese text utilities shared by every stage: Unicode normalization, ASCII folding for
//! slugs and ids, and Vietnamese alphabetical ordering.

pub mod collate;
pub mod fold;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Returns `text` in Unicode NFC, borrowing when it already is (the common case).
pub fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

/// Prepares an author's file for parsing: drops a UTF-8 byte-order mark, turns Windows (CRLF)
/// and old Mac (CR) line endings into LF, and normalizes to NFC.
pub fn clean_source(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unix = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    };
    to_nfc(&unix).into_owned()
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfd_input_becomes_nfc() {
        let nfd = "Đa\u{300} La\u{323}t";
        assert_eq!(to_nfc(nfd), "Đà Lạt");
    }

    #[test]
    fn clean_source_strips_bom_and_crlf() {
        assert_eq!(clean_source("\u{feff}a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "một\nhai ba";
        assert_eq!(line_col(text, 0), (1, 1));
        let off = text.find("ba").unwrap();
        assert_eq!(line_col(text, off), (2, 5));
    }
}
