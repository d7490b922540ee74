//! The 15 test cases of the research note §6.5, end to end on the corpus of
//! `tests/search_vectors.json` (build → files → query).

use super::Hit;
use super::plan::Hint;
use super::query::{Engine, MemSource};
use super::tests_vectors::ranking_corpus;

fn engine() -> Engine<MemSource> {
    let (_, files) = ranking_corpus();
    let manifest = files.manifest.trim_start_matches("/search/").to_owned();
    Engine::open(MemSource::new(&files.files), &manifest).expect("engine")
}

fn search(q: &str) -> Vec<Hit> {
    engine().search(q, 50).expect("search")
}

fn urls(q: &str) -> Vec<String> {
    search(q).into_iter().map(|h| h.url).collect()
}

fn pos(q: &str, url: &str) -> usize {
    urls(q)
        .iter()
        .position(|u| u == url)
        .unwrap_or_else(|| panic!("{url} not found for {q:?}"))
}

fn score(q: &str, url: &str) -> f64 {
    search(q)
        .into_iter()
        .find(|h| h.url == url)
        .unwrap_or_else(|| panic!("{url} not found for {q:?}"))
        .score
}

#[test]
fn case01_phrase_ranks_above_scattered_syllables() {
    let q = "san xuat sach hon";
    assert_eq!(urls(q)[0], "/sxsh/");
    assert!(pos(q, "/chien-luoc/") < pos(q, "/rai-rac/"));
}

#[test]
fn case02_abbreviation_expands_both_ways() {
    let u = urls("SXSH");
    for url in ["/sxsh/", "/viet-tat/", "/chien-luoc/"] {
        assert!(u[..3].contains(&url.to_owned()), "{url} in {u:?}");
    }
    // The long form typed out also finds the page that only says SXSH.
    assert!(pos("sản xuất sạch hơn", "/viet-tat/") < pos("sản xuất sạch hơn", "/rai-rac/"));
}

#[test]
fn case03_d_bar_folds() {
    assert_eq!(urls("dau tu thiet bi")[0], "/dau-tu/");
}

#[test]
fn case04_tone_placement_is_irrelevant() {
    for q in ["hòa nhập", "hoà nhập"] {
        assert_eq!(score(q, "/hoa-nhap-cu/"), score(q, "/hoa-nhap-moi/"));
    }
    assert_eq!(
        score("thuỷ lực", "/hoa-nhap-cu/"),
        score("thuỷ lực", "/hoa-nhap-moi/")
    );
    assert_eq!(
        score("khoẻ", "/hoa-nhap-cu/"),
        score("khoẻ", "/hoa-nhap-moi/")
    );
    assert_eq!(
        score("hòa nhập", "/hoa-nhap-cu/"),
        score("hoà nhập", "/hoa-nhap-cu/")
    );
}

#[test]
fn case05_misplaced_tones_after_qu_gi() {
    assert_eq!(urls("quý")[0], "/quy-gia/");
    assert!(urls("giá").contains(&"/quy-gia/".to_owned()));
}

#[test]
fn case06_nfd_query_equals_nfc() {
    let nfd: Vec<(String, f64)> = search("ho\u{300}a nhập")
        .into_iter()
        .map(|h| (h.url, h.score))
        .collect();
    let nfc: Vec<(String, f64)> = search("hòa nhập")
        .into_iter()
        .map(|h| (h.url, h.score))
        .collect();
    assert_eq!(nfd, nfc);
}

#[test]
fn case07_telex_without_ime() {
    let u = urls("sanr xuaats sachj hown");
    assert_eq!(u[0], "/sxsh/");
    assert!(
        pos("sanr xuaats sachj hown", "/chien-luoc/") < pos("sanr xuaats sachj hown", "/rai-rac/")
    );
}

#[test]
fn case08_vni_but_not_document_codes() {
    assert_eq!(urls("sa3n xua61t")[0], "/sxsh/");
    let mut e = engine();
    let (p, _) = e.prepare("QCVN 05:2013").expect("plan");
    assert!(!p.hints.iter().any(|h| matches!(h, Hint::Decoded(..))));
    assert_eq!(urls("QCVN 05:2013")[0], "/qcvn-05/");
}

#[test]
fn case09_i_and_y_spellings() {
    for q in ["kĩ thuật", "kỹ thuật"] {
        let u = urls(q);
        assert!(u[..2].contains(&"/ky-thuat/".to_owned()), "{q}: {u:?}");
        assert!(u[..2].contains(&"/ky-thuat-say/".to_owned()), "{q}: {u:?}");
    }
    for q in ["qui định", "quy định"] {
        let u = urls(q);
        assert!(u[..2].contains(&"/ky-thuat/".to_owned()), "{q}: {u:?}");
        assert!(u[..2].contains(&"/ky-thuat-say/".to_owned()), "{q}: {u:?}");
    }
}

#[test]
fn case10_contradicting_tone_is_demoted_not_dropped() {
    let q = "sách hướng dẫn";
    assert_eq!(urls(q)[0], "/sach-huong-dan/");
    assert!(pos(q, "/sach-huong-dan/") < pos(q, "/nuoc-sach/"));
}

#[test]
fn case11_document_codes() {
    for q in ["qcvn 40", "40:2011/BTNMT", "40:2011"] {
        let h = &search(q)[0];
        assert_eq!(h.url, "/qcvn-40/", "{q}");
        assert_eq!(h.anchor, "gioi-han", "{q}");
    }
}

#[test]
fn case12_code_parts_and_qd_folding() {
    assert_eq!(urls("1419 qd ttg")[0], "/chien-luoc/");
}

#[test]
fn case13_glossary_placement_and_folding() {
    let u = urls("ubnd tinh");
    assert!(u[..2].contains(&"/ubnd-cu/".to_owned()), "{u:?}");
    assert!(u[..2].contains(&"/ubnd-moi/".to_owned()), "{u:?}");
}

#[test]
fn case14_one_letter_syllables_and_no_false_phrase() {
    assert_eq!(urls("nước thải ở làng nghề")[0], "/lang-nghe/");
    let q = "bộ công thương";
    assert_eq!(urls(q)[0], "/bo-cong-thuong/");
    assert!(score(q, "/chan-nuoi/") < 0.05 * score(q, "/bo-cong-thuong/"));
}

#[test]
fn case15_prefix_on_last_word_and_tcvn3() {
    let u = urls("tiết kiệm năng l");
    assert!(u[..2].contains(&"/nang-luong/".to_owned()), "{u:?}");
    assert!(u[..2].contains(&"/tcvn3/".to_owned()), "{u:?}");
    let u = urls("nang luo");
    assert!(u[..2].contains(&"/nang-luong/".to_owned()), "{u:?}");
    // Prefix applies to the last word only: a trailing space ends it.
    let typed = search("tiết kiệm năng l")[0].score;
    let done = search("tiết kiệm năng l ")[0].score;
    assert!(typed > done);
}

#[test]
fn empty_index_answers_nothing() {
    let files = super::build_index(&[], &[]);
    let manifest = files.manifest.trim_start_matches("/search/").to_owned();
    let mut e = Engine::open(MemSource::new(&files.files), &manifest).expect("engine");
    assert!(e.search("sản xuất", 10).expect("search").is_empty());
    assert!(e.search("", 10).expect("search").is_empty());
}

#[test]
fn query_index_reads_the_written_files() {
    let (_, files) = ranking_corpus();
    let dir = std::env::temp_dir().join(format!("sotay-search-test-{}", std::process::id()));
    for (p, b) in &files.files {
        let f = dir.join("search").join(p);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(f, b).expect("write");
    }
    let hits = super::query_index(&dir, "nuoc thai lang nghe", 3).expect("query");
    std::fs::remove_dir_all(&dir).expect("cleanup");
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0].url, "/lang-nghe/");
    assert_eq!(hits[0].title, "Làng nghề");
    let marked: Vec<&str> = hits[0]
        .highlights
        .iter()
        .map(|&(a, b)| &hits[0].excerpt[a..b])
        .collect();
    assert_eq!(marked, ["nước", "thải", "làng", "nghề"]);
}

#[test]
fn build_is_deterministic() {
    let (_, a) = ranking_corpus();
    let (_, b) = ranking_corpus();
    assert_eq!(a, b);
}

#[test]
fn tcvn3_is_reported() {
    let (_, files) = ranking_corpus();
    assert!(
        files
            .warnings
            .iter()
            .any(|w| w.starts_with("/tcvn3/# line 1: TCVN3")),
        "{:?}",
        files.warnings
    );
}

#[test]
fn excerpt_anchor_points_to_best_section_of_long_page() {
    let h = search("xu ly nuoc thai")
        .into_iter()
        .find(|h| h.url == "/dai/")
        .expect("long page");
    assert_eq!(h.anchor, "cuoi");
    assert!(h.excerpt.contains("xử lý nước thải"));
}

/// A small corpus for ranking regressions seen on the real handbook.
fn pair_engine() -> Engine<MemSource> {
    use super::{DocSection, SearchDocument, build_index};
    let page = |url: &str, title: &str, sections: &[(&str, &str)]| SearchDocument {
        url: url.to_owned(),
        title: title.to_owned(),
        section_path: Vec::new(),
        sections: sections
            .iter()
            .enumerate()
            .map(|(i, (h, t))| DocSection {
                anchor: format!("s{i}"),
                heading: (*h).to_owned(),
                text: (*t).to_owned(),
            })
            .collect(),
    };
    let docs = vec![
        page(
            "/dau-oil/",
            "Hệ số quy đổi",
            &[(
                "",
                "Quy đổi ra tấn dầu tương đương. Dầu FO, dầu DO, dầu hỏa, dầu nhờn, dầu \
                 diesel và dầu tương đương của than, củi, khí.",
            )],
        ),
        page(
            "/dau-tu/",
            "Nguồn lực tài chính",
            &[(
                "Vốn",
                "Vốn đầu tư cho giải pháp. Đầu tư thiết bị mới cần vốn vay. Khoản đầu tư \
                 hoàn vốn sau hai năm nhờ tiết kiệm điện.",
            )],
        ),
        page(
            "/bat-dau/",
            "Sản xuất sạch hơn là gì",
            &[
                (
                    "",
                    "Lợi ích của sản xuất sạch hơn, cần ít đầu tư, hoàn vốn nhanh nhờ \
                     tiết kiệm nước và điện.",
                ),
                (
                    "Bắt đầu từ đâu",
                    "Lập nhóm, chọn công đoạn, đo nước và điện.",
                ),
            ],
        ),
        page("/tu-van/", "Tư vấn", &[("", "Tư vấn viên hỗ trợ từ xa.")]),
        page("/nuoc/", "Nước", &[("", "Nước thải và nước sạch.")]),
    ];
    let files = build_index(&docs, &[]);
    let manifest = files.manifest.trim_start_matches("/search/").to_owned();
    Engine::open(MemSource::new(&files.files), &manifest).expect("engine")
}

fn pair_urls(q: &str) -> Vec<String> {
    let hits = pair_engine().search(q, 10).expect("search");
    hits.into_iter().map(|h| h.url).collect()
}

#[test]
fn completion_never_outranks_the_word_typed() {
    // While typing "dau tu", "tu" may still grow into "tương" (dầu tương
    // đương): the rare completion must not beat the pages saying "đầu tư".
    let u = pair_urls("dau tu");
    assert_eq!(u[0], "/dau-tu/", "{u:?}");
    assert!(u.iter().position(|x| x == "/dau-oil/") > Some(0), "{u:?}");
}

#[test]
fn heading_boost_needs_the_same_word_pair() {
    // The heading "Bắt đầu từ đâu" folds to "dau tu" but is not "đầu tư".
    for q in ["dau tu ", "đầu tư "] {
        let u = pair_urls(q);
        assert!(
            u.iter().position(|x| x == "/dau-tu/") < u.iter().position(|x| x == "/bat-dau/"),
            "{q:?}: {u:?}"
        );
    }
}
