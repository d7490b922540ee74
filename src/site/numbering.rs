//! Numbers of parts (Phần I, II…), chapters (Chương 1, 2… across parts) and of figures and
//! tables within each chapter (Hình 4.1, Bảng 4.2).

use std::collections::HashMap;

use crate::content::{Content, Kind};
use crate::markdown::Rendered;

/// Part and chapter numbers of each document.
#[derive(Debug, Clone, Default)]
pub struct Numbers {
    /// Per document: "Phần II" / "Chương 4" label, if numbered.
    pub labels: Vec<Option<String>>,
    /// Per document: the chapter number it belongs to (itself or an ancestor), if any.
    pub chapter: Vec<Option<usize>>,
    /// Per document: the document whose counter numbers its figures (chapter or part).
    pub figure_scope: Vec<usize>,
    /// `url#id` → "4.1" for every figure and table.
    pub figures: HashMap<String, (crate::markdown::NumberedKind, String)>,
}

/// Roman numeral for part numbers.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            s.push_str(letters);
            n -= value;
        }
    }
    s
}

/// Numbers parts, chapters, figures and tables in reading order.
pub fn number(content: &Content, order: &[usize], rendered: &[Rendered]) -> Numbers {
    let n = content.docs.len();
    let mut numbers = Numbers {
        labels: vec![None; n],
        chapter: vec![None; n],
        figure_scope: (0..n).collect(),
        figures: HashMap::new(),
    };
    let (mut part, mut chapter) = (0, 0);
    for &i in order {
        let doc = &content.docs[i];
        let parent = doc.parent.unwrap_or(0);
        let numbered_part =
            |p: usize| content.docs[p].depth == 1 && content.docs[p].front.numbered != Some(false);
        if doc.kind == Kind::Section && doc.depth == 1 && doc.front.numbered != Some(false) {
            part += 1;
            numbers.labels[i] = Some(format!("Phần {}", roman(part)));
        } else if doc.kind == Kind::Section
            && doc.depth == 2
            && numbered_part(parent)
            && doc.front.numbered != Some(false)
        {
            chapter += 1;
            numbers.labels[i] = Some(format!("Chương {chapter}"));
            numbers.chapter[i] = Some(chapter);
        }
        if i != 0 {
            if numbers.chapter[i].is_none() && doc.depth > 2 {
                numbers.chapter[i] = numbers.chapter[parent];
                numbers.figure_scope[i] = numbers.figure_scope[parent];
            } else if doc.depth == 2 && numbers.chapter[i].is_none() {
                numbers.figure_scope[i] = parent;
            }
        }
    }
    let mut counters: HashMap<(usize, crate::markdown::NumberedKind), usize> = HashMap::new();
    for &i in order {
        let scope = numbers.figure_scope[i];
        for item in &rendered[i].numbered {
            let c = counters.entry((scope, item.kind)).or_insert(0);
            *c += 1;
            let label = match numbers.chapter[i] {
                Some(ch) => format!("{ch}.{c}"),
                None => c.to_string(),
            };
            numbers.figures.insert(
                format!("{}#{}", content.docs[i].url, item.id),
                (item.kind, label),
            );
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::roman;

    #[test]
    fn roman_numerals() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(9), "IX");
        assert_eq!(roman(14), "XIV");
    }
}
