//! ASCII folding of Vietnamese text for URLs and heading ids.
//!
//! `đ` has no Unicode decomposition, so the usual "NFD then strip marks" trick turns
//! "Đà Lạt" into `a-lat`; here `đ`/`Đ` are mapped to `d` explicitly.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Strips every diacritic, maps `đ` to `d` and lowercases: `"Đà Lạt"` → `"da lat"`.
/// Characters without an ASCII base are kept as they are (lowercased).
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'đ' | 'Đ' => 'd'.to_lowercase(),
            other => other.to_lowercase(),
        })
        .collect()
}

/// Turns a title or file name into a URL slug or id: folded, lowercase ASCII letters and
/// digits separated by single hyphens. `"Sản xuất sạch hơn là gì?"` → `"san-xuat-sach-hon-la-gi"`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_of_question_title() {
        assert_eq!(
            slugify("Sản xuất sạch hơn là gì?"),
            "san-xuat-sach-hon-la-gi"
        );
    }

    #[test]
    fn d_with_stroke_is_folded_not_dropped() {
        assert_eq!(slugify("Đà Lạt"), "da-lat");
        assert_eq!(slugify("ĐỒNG ĐẤT"), "dong-dat");
    }

    #[test]
    fn nfd_and_nfc_give_the_same_slug() {
        assert_eq!(slugify("Ho\u{300}a"), slugify("Hòa"));
        assert_eq!(slugify("hoà"), "hoa");
    }

    #[test]
    fn punctuation_collapses_to_single_hyphens() {
        assert_eq!(slugify("  QĐ 2645/QĐ-UBND (2018) "), "qd-2645-qd-ubnd-2018");
        assert_eq!(slugify("!!!"), "");
    }
}
