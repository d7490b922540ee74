//! Abbreviations (spec §8): a built-in list of common Vietnamese official and
//! technical abbreviations, the handbook glossary, and pairs mined from the
//! text (`long form (ABBR)`, `ABBR – long form`, `ABBR: long form`).

use super::Abbreviation;
use super::normalize::{clean, fold, is_upper, normalize};
use super::tokenize::{Token, tokenize};
use std::collections::HashMap;

/// Built-in abbreviations: (abbreviation, long form).
pub const BUILTIN: &[(&str, &str)] = &[
    ("UBND", "ủy ban nhân dân"),
    ("HĐND", "hội đồng nhân dân"),
    ("QĐ", "quyết định"),
    ("NĐ", "nghị định"),
    ("NĐ-CP", "nghị định của chính phủ"),
    ("CP", "chính phủ"),
    ("TT", "thông tư"),
    ("TTLT", "thông tư liên tịch"),
    ("TTg", "thủ tướng"),
    ("BTNMT", "bộ tài nguyên và môi trường"),
    ("BNNMT", "bộ nông nghiệp và môi trường"),
    ("BCT", "bộ công thương"),
    ("BKHCN", "bộ khoa học và công nghệ"),
    ("BXD", "bộ xây dựng"),
    ("BYT", "bộ y tế"),
    ("BTC", "bộ tài chính"),
    ("QCVN", "quy chuẩn kỹ thuật quốc gia"),
    ("TCVN", "tiêu chuẩn việt nam"),
    ("DN", "doanh nghiệp"),
    ("DNNVV", "doanh nghiệp nhỏ và vừa"),
    ("KCN", "khu công nghiệp"),
    ("CCN", "cụm công nghiệp"),
    ("KCX", "khu chế xuất"),
    ("KKT", "khu kinh tế"),
    ("CSSX", "cơ sở sản xuất"),
    ("SXKD", "sản xuất kinh doanh"),
    ("SXSH", "sản xuất sạch hơn"),
    ("SXTDBV", "sản xuất và tiêu dùng bền vững"),
    ("TKNL", "tiết kiệm năng lượng"),
    ("SDNLTKHQ", "sử dụng năng lượng tiết kiệm và hiệu quả"),
    ("HQNL", "hiệu quả năng lượng"),
    ("KTNL", "kiểm toán năng lượng"),
    ("NLTT", "năng lượng tái tạo"),
    ("BVMT", "bảo vệ môi trường"),
    ("ĐTM", "đánh giá tác động môi trường"),
    ("ĐMC", "đánh giá môi trường chiến lược"),
    ("GPMT", "giấy phép môi trường"),
    ("QTMT", "quan trắc môi trường"),
    ("VSMT", "vệ sinh môi trường"),
    ("HTQLMT", "hệ thống quản lý môi trường"),
    ("HTQLNL", "hệ thống quản lý năng lượng"),
    ("CTNH", "chất thải nguy hại"),
    ("CTR", "chất thải rắn"),
    ("CTRSH", "chất thải rắn sinh hoạt"),
    ("CTRCN", "chất thải rắn công nghiệp"),
    ("XLNT", "xử lý nước thải"),
    ("HTXLNT", "hệ thống xử lý nước thải"),
    ("KNK", "khí nhà kính"),
    ("ATLĐ", "an toàn lao động"),
    ("ATVSLĐ", "an toàn vệ sinh lao động"),
    ("BHLĐ", "bảo hộ lao động"),
    ("PCCC", "phòng cháy chữa cháy"),
    ("NLĐ", "người lao động"),
    ("NVL", "nguyên vật liệu"),
    ("KH&CN", "khoa học và công nghệ"),
    ("KHCN", "khoa học công nghệ"),
    ("NSNN", "ngân sách nhà nước"),
    ("TNHH", "trách nhiệm hữu hạn"),
    ("CTCP", "công ty cổ phần"),
    ("HTX", "hợp tác xã"),
    ("TP", "thành phố"),
    ("VN", "việt nam"),
    ("KT-XH", "kinh tế - xã hội"),
    ("ĐBSCL", "đồng bằng sông cửu long"),
    ("GTGT", "giá trị gia tăng"),
    ("GDP", "tổng sản phẩm quốc nội"),
    ("FDI", "đầu tư trực tiếp nước ngoài"),
    ("ODA", "hỗ trợ phát triển chính thức"),
    ("TOE", "tấn dầu tương đương"),
    ("COD", "nhu cầu oxy hóa học"),
    ("BOD", "nhu cầu oxy sinh hóa"),
    ("BOD5", "nhu cầu oxy sinh hóa"),
    ("TSS", "tổng chất rắn lơ lửng"),
    ("DO", "oxy hòa tan"),
    ("LPG", "khí dầu mỏ hóa lỏng"),
];

/// Most long forms kept per abbreviation.
pub const MAX_LONG_FORMS: usize = 3;
/// Syllables an acronym may skip inside its long form (`Bộ Tài nguyên và
/// Môi trường` = BTNMT).
const SKIP: &[&str] = &["va", "cua", "cac", "cho", "ve", "voi"];
/// Longest mined long form, in tokens.
const MAX_LONG_TOKENS: usize = 12;

/// The lookup key of an abbreviation: its normalized, folded text.
pub fn key(abbr: &str) -> String {
    fold(&normalize(abbr.trim()))
}

/// Folded syllables of a long form (`Ủy ban` → `["uy", "ban"]`).
pub fn long_key(long: &str) -> Vec<String> {
    tokenize(&clean(long))
        .tokens
        .into_iter()
        .map(|t| t.f.clone())
        .collect()
}

/// Whether `s` looks like an abbreviation: one run of letters, digits and
/// `- & / .`, starting with a capital, with at least two capitals.
pub fn looks_like_abbr(s: &str) -> bool {
    let n = s.chars().count();
    (2..=16).contains(&n)
        && s.chars().next().is_some_and(is_upper)
        && s.chars().filter(|c| is_upper(*c)).count() >= 2
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '&' | '/' | '.'))
        && s.chars().last().is_some_and(char::is_alphanumeric)
}

/// The folded letters an acronym stands for (`NĐ-CP` → `ndcp`).
fn letters(abbr: &str) -> Vec<char> {
    key(abbr).chars().filter(char::is_ascii_lowercase).collect()
}

/// First folded letter of a token.
fn initial(t: &Token) -> Option<char> {
    t.f.chars().next()
}

/// Matches acronym letters against the end of `toks`: one token per letter
/// (skipping `và`, `của`… inside), else two tokens per letter. Returns how
/// many trailing tokens form the long form.
fn match_initials(letters: &[char], toks: &[&Token]) -> Option<usize> {
    let n = letters.len();
    if n == 0 {
        return None;
    }
    let (mut i, mut j) = (n, toks.len());
    while i > 0 {
        let t = toks.get(j.checked_sub(1)?)?;
        if initial(t) == Some(letters[i - 1]) {
            i -= 1;
        } else if !(i < n && SKIP.contains(&t.f.as_str())) {
            return match_pairs(letters, toks);
        }
        j -= 1;
    }
    Some(toks.len() - j)
}

/// The two-tokens-per-letter reading (`Đánh giá Tác động Môi trường` = ĐTM).
fn match_pairs(letters: &[char], toks: &[&Token]) -> Option<usize> {
    let m = 2 * letters.len();
    let start = toks.len().checked_sub(m)?;
    let ok = letters
        .iter()
        .enumerate()
        .all(|(i, l)| initial(toks[start + 2 * i]) == Some(*l));
    ok.then_some(m)
}

/// Tokens before byte `end` that are chained by adjacency, oldest first.
fn chain_before<'a>(toks: &'a [Token], text: &str, end: usize) -> Vec<&'a Token> {
    let Some(last) = toks.iter().rposition(|t| t.end <= end) else {
        return Vec::new();
    };
    if !text[toks[last].end..end].chars().all(|c| c == ' ') {
        return Vec::new();
    }
    let mut first = last;
    while first > 0 && toks[first].adj && last - first + 1 < 2 * MAX_LONG_TOKENS {
        first -= 1;
    }
    toks[first..=last].iter().collect()
}

/// Bytes of text before `(` searched for the long form.
const LOOKBACK: usize = 400;

/// Mines `long form (ABBR)` pairs from cleaned text.
fn mine_parenthesized(text: &str, out: &mut Vec<(String, String)>) {
    // memchr (SIMD) rather than `match_indices`: this runs over every page's whole text.
    let bytes = text.as_bytes();
    for open in memchr::memchr_iter(b'(', bytes) {
        let inner_start = open + 1;
        let Some(close) = memchr::memchr(b')', &bytes[inner_start..]) else {
            continue;
        };
        let abbr = &text[inner_start..inner_start + close];
        if !looks_like_abbr(abbr) {
            continue;
        }
        let mut from = open.saturating_sub(LOOKBACK);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let window = &text[from..open];
        let toks = tokenize(window).tokens;
        let chain = chain_before(&toks, window, window.len());
        if let Some(n) = match_initials(&letters(abbr), &chain) {
            let long = &chain[chain.len() - n..];
            if n <= MAX_LONG_TOKENS {
                let span = &window[long[0].start..long[n - 1].end];
                out.push((abbr.to_owned(), span.to_owned()));
            }
        }
    }
}

/// Byte offsets where a glossary entry may start: line starts and sentence
/// starts.
fn entry_starts(text: &str) -> Vec<usize> {
    // By bytes: the marks are ASCII, and ASCII bytes never occur inside a
    // multi-byte UTF-8 character, so this matches a scan by chars. memchr
    // jumps between the marks, which are a few bytes in a hundred.
    let b = text.as_bytes();
    let mut v = vec![0];
    let sentence_end = |i: usize| b.get(i + 1) == Some(&b' ');
    for i in memchr::memchr3_iter(b'\n', b'.', b'!', b) {
        if b[i] == b'\n' {
            v.push(i + 1);
        } else if sentence_end(i) {
            v.push(i + 2);
        }
    }
    let before = v.len();
    v.extend(
        memchr::memchr_iter(b'?', b)
            .filter(|&i| sentence_end(i))
            .map(|i| i + 2),
    );
    if v.len() > before {
        v.sort_unstable();
    }
    v
}

/// Parses `ABBR – long form` / `ABBR: long form` at `start`.
fn glossary_entry(text: &str, start: usize) -> Option<(String, String)> {
    let rest = text[start..].trim_start_matches([' ', '\t', '-', '*', '•', '+']);
    if !rest.starts_with(is_upper) {
        return None;
    }
    // The abbreviation ends at the first space or colon of the line. The line's end is looked
    // for only after that check, which most sentences fail: a paragraph is one long line.
    let abbr_end = rest
        .find([' ', ':', '\n'])
        .filter(|&i| rest.as_bytes()[i] != b'\n')?;
    let abbr = &rest[..abbr_end];
    if !looks_like_abbr(abbr) {
        return None;
    }
    let body = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
    let rest = body[abbr_end..].trim_start_matches(' ');
    let (dash, after) = if let Some(r) = rest.strip_prefix(':') {
        (false, r)
    } else {
        let r = rest
            .strip_prefix('–')
            .or_else(|| rest.strip_prefix('—'))
            .or_else(|| rest.strip_prefix("- "))?;
        (true, r)
    };
    let after = after.trim_start_matches(' ');
    let cut = after.find(['.', ';', '(', '!', '?']).unwrap_or(after.len());
    let long = after[..cut].trim_end();
    let whole_line = cut == after.len();
    let toks = tokenize(long).tokens;
    if toks.is_empty() || toks.len() > MAX_LONG_TOKENS {
        return None;
    }
    let refs: Vec<&Token> = toks.iter().collect();
    let ls = letters(abbr);
    let by_initials = match_initials(&ls, &refs) == Some(toks.len());
    let by_line = dash && whole_line && initial(&toks[0]) == ls.first().copied();
    (by_initials || by_line).then(|| (abbr.to_owned(), long.to_owned()))
}

/// All abbreviation pairs mined from one block of cleaned text.
pub fn mine(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    mine_parenthesized(text, &mut out);
    for s in entry_starts(text) {
        if let Some(p) = glossary_entry(text, s) {
            out.push(p);
        }
    }
    out
}

/// One merged abbreviation with its long forms, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The abbreviation as first seen (`SXSH`).
    pub abbr: String,
    /// Long forms for display, deduplicated by their folded syllables.
    pub longs: Vec<String>,
}

/// The long form without remarks after `(`, `,` or `;` (`Hệ số phát thải
/// (của lưới điện), tCO₂/MWh` → `Hệ số phát thải`).
pub fn core_long(long: &str) -> &str {
    long.split(['(', ',', ';']).next().unwrap_or("").trim()
}

/// Merges the glossary, mined pairs (with counts) and the built-in list, in
/// that order of priority, at most [`MAX_LONG_FORMS`] long forms per key.
pub fn merge(glossary: &[Abbreviation], mined: &[(String, String, usize)]) -> Vec<Entry> {
    let mut mined: Vec<&(String, String, usize)> = mined.iter().collect();
    mined.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
    let all = glossary
        .iter()
        .map(|g| (g.abbr.as_str(), g.long.as_str()))
        .chain(mined.iter().map(|m| (m.0.as_str(), m.1.as_str())))
        .chain(BUILTIN.iter().copied());
    let mut order: Vec<String> = Vec::new();
    let mut map: HashMap<String, (Entry, Vec<Vec<String>>)> = HashMap::new();
    for (abbr, long) in all {
        let long = core_long(long);
        let (k, lk) = (key(abbr), long_key(long));
        if k.is_empty() || lk.is_empty() || lk.len() > MAX_LONG_TOKENS {
            continue;
        }
        let slot = map.entry(k.clone()).or_insert_with(|| {
            order.push(k);
            let e = Entry {
                abbr: clean(abbr.trim()).into_owned(),
                longs: Vec::new(),
            };
            (e, Vec::new())
        });
        if slot.1.len() < MAX_LONG_FORMS && !slot.1.contains(&lk) {
            slot.1.push(lk);
            slot.0.longs.push(clean(long.trim()).into_owned());
        }
    }
    order
        .into_iter()
        .filter_map(|k| map.remove(&k).map(|x| x.0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Vec<(String, String)> {
        mine(&clean(s))
    }

    #[test]
    fn builtin_has_the_required_entries() {
        for a in [
            "UBND", "QĐ", "NĐ-CP", "DN", "DNNVV", "KCN", "CCN", "SXSH", "TOE", "COD", "BOD",
        ] {
            assert!(BUILTIN.iter().any(|(x, _)| *x == a), "{a}");
        }
    }

    #[test]
    fn keys_fold() {
        assert_eq!(key("QĐ"), "qd");
        assert_eq!(key("NĐ-CP"), "nd-cp");
        assert_eq!(long_key("Ủy ban nhân dân"), ["uy", "ban", "nhan", "dan"]);
        assert_eq!(long_key("Uỷ ban nhân dân"), long_key("ủy ban nhân dân"));
    }

    #[test]
    fn mines_parenthesized_definitions() {
        assert_eq!(
            m("Áp dụng sản xuất sạch hơn (SXSH) trong công nghiệp."),
            [("SXSH".to_owned(), "sản xuất sạch hơn".to_owned())]
        );
        assert_eq!(
            m("Bộ Tài nguyên và Môi trường (BTNMT) ban hành"),
            [("BTNMT".to_owned(), "Bộ Tài nguyên và Môi trường".to_owned())]
        );
        assert_eq!(
            m("Báo cáo Đánh giá tác động môi trường (ĐTM) được duyệt"),
            [("ĐTM".to_owned(), "Đánh giá tác động môi trường".to_owned())]
        );
        assert_eq!(
            m("chương trình khoa học và công nghệ (KH&CN)"),
            [("KH&CN".to_owned(), "khoa học và công nghệ".to_owned())]
        );
    }

    #[test]
    fn rejects_non_matching_parentheses() {
        assert!(m("nhu cầu oxy hóa học (COD) cao").is_empty());
        assert!(m("xem bảng (Bảng 2)").is_empty());
        assert!(m("sản xuất (xem trên)").is_empty());
    }

    #[test]
    fn mines_glossary_lines() {
        let got = m("SXSH – Sản xuất sạch hơn\nDNNVV: doanh nghiệp nhỏ và vừa\nTTg – Thủ tướng");
        assert_eq!(
            got,
            [
                ("SXSH".to_owned(), "Sản xuất sạch hơn".to_owned()),
                ("DNNVV".to_owned(), "doanh nghiệp nhỏ và vừa".to_owned()),
                ("TTg".to_owned(), "Thủ tướng".to_owned()),
            ]
        );
    }

    #[test]
    fn glossary_lines_at_sentence_start() {
        let got = m("Các từ viết tắt. KCN: khu công nghiệp; CCN: cụm công nghiệp");
        assert_eq!(got, [("KCN".to_owned(), "khu công nghiệp".to_owned())]);
    }

    #[test]
    fn rejects_colon_lines_that_do_not_spell_the_acronym() {
        assert!(m("SXSH: sáng kiến của nhà máy").is_empty());
        assert!(m("COD: 120 mg/l").is_empty());
        assert!(m("Lưu ý: SXSH").is_empty());
    }

    #[test]
    fn merge_priorities_and_dedup() {
        let gl = [Abbreviation {
            abbr: "SXSH".into(),
            long: "Sản xuất sạch hơn".into(),
        }];
        let mined = [
            ("UBND".to_owned(), "Uỷ ban nhân dân".to_owned(), 3),
            ("ABC".to_owned(), "an bình cư".to_owned(), 1),
        ];
        let e = merge(&gl, &mined);
        assert_eq!(e[0].abbr, "SXSH");
        assert_eq!(e[0].longs, ["Sản xuất sạch hơn"]);
        let gl2 = [Abbreviation {
            abbr: "EF".into(),
            long: "Hệ số phát thải (của lưới điện), tCO₂/MWh".into(),
        }];
        let ef = merge(&gl2, &[]);
        assert_eq!(ef[0].longs, ["Hệ số phát thải"]);
        let ubnd = e.iter().find(|x| x.abbr == "UBND").unwrap();
        assert_eq!(ubnd.longs, ["Uỷ ban nhân dân"]);
        assert!(e.iter().any(|x| x.abbr == "ABC"));
        assert!(e.iter().any(|x| x.abbr == "DNNVV"));
    }
}
