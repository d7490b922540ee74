//! Shared normalization and ranking vectors (`tests/search_vectors.json`).
//! The same file is checked against `search.js` by
//! `tests/js/search_vectors.test.mjs`. With `SOTAY_BLESS_VECTORS=1` the
//! expected values are rewritten from this implementation instead.

use super::abbreviations::key;
use super::codec::{base64_decode, base64_encode};
use super::normalize::{clean, fold, normalize};
use super::query::{Engine, MemSource};
use super::syllable::forms;
use super::telex::decode;
use super::tokenize::tokenize;
use super::{Abbreviation, DocSection, SearchDocument, build_index};
use serde_json::{Value, json};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/search_vectors.json");

fn load() -> Value {
    let s = std::fs::read_to_string(PATH).expect("tests/search_vectors.json");
    serde_json::from_str(&s).expect("valid JSON")
}

fn bless() -> bool {
    std::env::var_os("SOTAY_BLESS_VECTORS").is_some()
}

fn s(v: &Value) -> &str {
    v.as_str().expect("string")
}

/// Checks (or, when blessing, fills) `cases[i][1..]` with `f(cases[i][0])`.
fn check_rows(v: &mut Value, name: &str, f: impl Fn(&str) -> Vec<Value>) -> usize {
    let rows = v[name].as_array_mut().expect(name);
    for row in rows.iter_mut() {
        let input = s(&row[0]).to_owned();
        let got = f(&input);
        if bless() {
            let arr = row.as_array_mut().expect("row");
            arr.truncate(1);
            arr.extend(got);
        } else {
            let want: Vec<Value> = row.as_array().expect("row")[1..].to_vec();
            assert_eq!(got, want, "{name}: {input:?}");
        }
    }
    rows.len()
}

fn tokenize_case(input: &str) -> (Value, Value) {
    let c = clean(input);
    let t = tokenize(&c);
    let toks: Vec<Value> = t
        .tokens
        .iter()
        .map(|x| json!([x.text, x.f, x.e, u8::from(x.adj)]))
        .collect();
    let runs: Vec<Value> = t
        .runs
        .iter()
        .map(|r| json!(t.span_text(&c, r.first, r.last)))
        .collect();
    (json!(toks), json!(runs))
}

fn docs_of(v: &Value) -> (Vec<SearchDocument>, Vec<Abbreviation>) {
    let docs = v["docs"]
        .as_array()
        .expect("docs")
        .iter()
        .map(|d| SearchDocument {
            url: s(&d["url"]).into(),
            title: s(&d["title"]).into(),
            section_path: d["path"]
                .as_array()
                .expect("path")
                .iter()
                .map(|x| s(x).into())
                .collect(),
            sections: d["sections"]
                .as_array()
                .expect("sections")
                .iter()
                .map(|x| DocSection {
                    anchor: s(&x[0]).into(),
                    heading: s(&x[1]).into(),
                    text: s(&x[2]).into(),
                })
                .collect(),
        })
        .collect();
    let gl = v["glossary"]
        .as_array()
        .expect("glossary")
        .iter()
        .map(|g| Abbreviation {
            abbr: s(&g[0]).into(),
            long: s(&g[1]).into(),
        })
        .collect();
    (docs, gl)
}

/// The corpus of the ranking vectors, built.
pub(super) fn ranking_corpus() -> (Vec<SearchDocument>, super::SearchFiles) {
    let v = load();
    let (docs, gl) = docs_of(&v["ranking"]);
    let files = build_index(&docs, &gl);
    (docs, files)
}

#[test]
fn vectors() {
    let mut v = load();
    let mut n = 0;
    n += check_rows(&mut v, "normalize", |i| vec![json!(normalize(i))]);
    n += check_rows(&mut v, "fold", |i| vec![json!(fold(i))]);
    n += check_rows(&mut v, "forms", |i| {
        let (f, e) = forms(i);
        vec![json!(f), json!(e)]
    });
    n += check_rows(&mut v, "decode", |i| match decode(i) {
        Some(d) => vec![json!(d.text), json!(d.f), json!(d.e)],
        None => vec![Value::Null, Value::Null, Value::Null],
    });
    n += check_rows(&mut v, "abbr_key", |i| vec![json!(key(i))]);
    for case in v["tokenize"].as_array_mut().expect("tokenize") {
        let (toks, runs) = tokenize_case(s(&case["in"]));
        if bless() {
            case["tokens"] = toks;
            case["runs"] = runs;
        } else {
            assert_eq!(toks, case["tokens"], "tokenize {}", case["in"]);
            assert_eq!(runs, case["runs"], "runs {}", case["in"]);
        }
        n += 1;
    }
    n += ranking(&mut v["ranking"]);
    if bless() {
        let out = serde_json::to_string_pretty(&v).expect("json") + "\n";
        std::fs::write(PATH, out).expect("write vectors");
    }
    assert!(n > 150, "only {n} vectors");
}

fn ranking(r: &mut Value) -> usize {
    let (docs, gl) = docs_of(r);
    let built = build_index(&docs, &gl);
    let manifest = built.manifest.trim_start_matches("/search/").to_owned();
    let files: serde_json::Map<String, Value> = built
        .files
        .iter()
        .map(|(p, b)| (p.clone(), json!(base64_encode(b))))
        .collect();
    if bless() {
        r["manifest"] = json!(manifest);
        r["files"] = Value::Object(files);
    } else {
        assert_eq!(
            r["manifest"],
            json!(manifest),
            "index changed: re-bless the vectors"
        );
        for (p, b) in &files {
            assert_eq!(&r["files"][p], b, "file {p} changed: re-bless the vectors");
        }
        let stored: Vec<(String, Vec<u8>)> = r["files"]
            .as_object()
            .expect("files")
            .iter()
            .map(|(p, b)| (p.clone(), base64_decode(s(b)).expect("base64")))
            .collect();
        assert_eq!(stored.len(), built.files.len());
    }
    let mut engine = Engine::open(MemSource::new(&built.files), &manifest).expect("engine");
    let mut n = 0;
    for q in r["queries"].as_array_mut().expect("queries") {
        let hits = engine.search(s(&q["q"]), 10).expect("search");
        let got: Vec<Value> = hits
            .iter()
            .map(|h| {
                json!([
                    h.url,
                    h.anchor,
                    format!("{:016x}", h.score.to_bits()),
                    h.excerpt
                ])
            })
            .collect();
        if bless() {
            q["hits"] = json!(got);
        } else {
            assert_eq!(json!(got), q["hits"], "query {}", q["q"]);
        }
        n += 1;
    }
    n
}
