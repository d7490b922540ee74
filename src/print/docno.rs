//! Keeps document numbers such as `2645/QĐ-UBND`, `08/2022/NĐ-CP` or `QCVN 40:2025/BTNMT` on
//! one line: `/`, `-` and `:` are break opportunities, and a number split across two lines is
//! misread (or not found when a reader searches the PDF for it).

/// Appends escaped HTML text `text` to `out`, every document number in it wrapped in
/// `<span class="docno">` (the print bundle passes every text of the book here).
pub fn wrap_into(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut from = 0;
    // Only words holding a `/` or `:` can be numbers: go from one to the next (memchr on the
    // bytes: most text has none, and the rest few) instead of splitting all text into words.
    while let Some(at) = memchr::memchr2(b'/', b':', &bytes[from..]) {
        let at = from + at;
        let (ws, we) = (word_start(text, at), word_end(text, at));
        from = we.max(at + 1);
        let (lead, core, _) = trim_punctuation(&text[ws..we]);
        if !is_number(core) {
            continue;
        }
        let core_start = ws + lead;
        let core_end = core_start + core.len();
        // "QCVN 40:2025/BTNMT", "TCVN 5945:2005": the series name belongs to the number when
        // one space (one byte of whitespace) separates them.
        let prefix = ws
            .checked_sub(1)
            .filter(|&pe| pe > 0 && bytes[pe].is_ascii_whitespace())
            .map(|pe| (word_start(text, pe), pe))
            .filter(|&(ps, pe)| ps < pe && ps >= copied && is_series(&text[ps..pe]));
        let start = prefix.map_or(core_start, |(ps, _)| ps);
        out.push_str(&text[copied..start]);
        out.push_str("<span class=\"docno\">");
        match prefix {
            Some((ps, pe)) => {
                out.push_str(&text[ps..pe]);
                out.push('\u{a0}');
                out.push_str(core);
            }
            None => out.push_str(core),
        }
        out.push_str("</span>");
        copied = core_end;
    }
    out.push_str(&text[copied..]);
}

/// Start of the whitespace-separated word holding byte `at`.
fn word_start(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// End of the whitespace-separated word holding byte `at`.
fn word_end(text: &str, at: usize) -> usize {
    text[at..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(text.len(), |(i, _)| at + i)
}

/// Splits off leading `(“"[` and trailing `.,;:)]”"…`; returns (lead bytes, core, trail bytes).
fn trim_punctuation(word: &str) -> (usize, &str, usize) {
    let core = word.trim_start_matches(['(', '[', '“', '"', '‘', '\'']);
    let lead = word.len() - core.len();
    let trimmed = core.trim_end_matches([
        '.', ',', ';', ':', ')', ']', '”', '"', '’', '\'', '…', '!', '?',
    ]);
    (lead, trimmed, core.len() - trimmed.len())
}

/// `2645/QĐ-UBND`, `08/2022/NĐ-CP`, `40:2025/BTNMT`, `19/04/2011`: starts with a digit, has a
/// `/` (or a `:` followed by a year), and either a capital letter or a second separator.
fn is_number(word: &str) -> bool {
    if word.len() > 48 || !word.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if word.contains('<') || word.contains("&lt;") {
        return false;
    }
    let slashes = word.matches('/').count();
    let colon = word.contains(':');
    if slashes == 0 && !colon {
        return false;
    }
    let capital = word.chars().any(|c| c.is_uppercase());
    let separators = slashes + word.matches(':').count() + word.matches('-').count();
    let clean = word
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | ':' | '.' | '&' | ';' | '_'));
    clean && (capital || separators >= 2) && !word.ends_with(['/', '-', ':'])
}

/// A standard series written before its number: `QCVN`, `TCVN`, `ISO`.
fn is_series(word: &str) -> bool {
    (2..=6).contains(&word.chars().count()) && word.chars().all(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str) -> String {
        let mut out = String::new();
        wrap_into(text, &mut out);
        out
    }

    #[test]
    fn decisions_decrees_and_standards() {
        assert_eq!(
            wrap("Quyết định 2645/QĐ-UBND ngày 19/04/2011."),
            "Quyết định <span class=\"docno\">2645/QĐ-UBND</span> ngày <span class=\"docno\">19/04/2011</span>."
        );
        assert_eq!(
            wrap("theo QCVN 40:2025/BTNMT,"),
            "theo <span class=\"docno\">QCVN\u{a0}40:2025/BTNMT</span>,"
        );
        assert_eq!(
            wrap("(Nghị định 08/2022/NĐ-CP)"),
            "(Nghị định <span class=\"docno\">08/2022/NĐ-CP</span>)"
        );
        assert_eq!(wrap("BNN&amp;MT"), "BNN&amp;MT");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for s in [
            "0,55 TOE/tấn",
            "10 %/năm",
            "1/2 số giờ",
            "tỷ lệ 3:1",
            "kg/ngày và m3/h",
        ] {
            assert_eq!(wrap(s), s);
        }
    }
}
