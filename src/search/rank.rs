//! BM25F ranking with phrase (bigram), coverage and diacritic-agreement
//! factors (spec §12). `search.js` performs the same arithmetic in the same
//! order, so scores agree bit for bit.

use super::codec::ln;
use super::format::{IN_HEADING, IN_TITLE, Posting, Record, is_unigram_key};
use super::plan::{Alt, Expansion, Feature, FeatureKind, LAMBDA, Plan, W_EXPAND};
use std::collections::HashMap;

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalization.
pub const B: f64 = 0.75;
/// Weight of a title occurrence (added to the body term frequency).
pub const W_TITLE: f64 = 5.0;
/// Weight of a heading occurrence.
pub const W_HEADING: f64 = 3.0;
/// Factor when every query word is matched.
pub const COVERAGE: f64 = 1.5;
/// Factor when every adjacent query pair is matched (the exact phrase).
pub const PHRASE: f64 = 1.3;
/// Agreement factor: the typed marks equal the page's form.
pub const AGREE: f64 = 1.5;
/// Agreement factor: the typed marks contradict the page's form.
pub const DISAGREE: f64 = 0.4;

/// A fetched term: its record, IDF and postings by document.
#[derive(Debug, Clone)]
pub struct TermData {
    /// The decoded record.
    pub rec: Record,
    /// Inverse document frequency.
    pub idf: f64,
    /// Document id → index into `rec.postings`.
    pub by_doc: HashMap<u32, usize>,
}

/// Everything scoring needs besides the plan.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Number of documents.
    pub n: u32,
    /// Average document length.
    pub avgdl: f64,
    /// (length, parts) per document.
    pub docs: Vec<(u32, u8)>,
    /// Fetched terms by key.
    pub terms: HashMap<String, TermData>,
}

/// A ranked document.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Document id.
    pub doc: u32,
    /// Score.
    pub score: f64,
    /// Best part for the excerpt.
    pub part: usize,
}

impl Corpus {
    /// Adds a fetched record under its key.
    pub fn add(&mut self, key: &str, rec: Record) {
        let df = rec.postings.len() as f64;
        let n = f64::from(self.n);
        let idf = ln(1.0 + (n - df + 0.5) / (df + 0.5));
        let by_doc = rec
            .postings
            .iter()
            .enumerate()
            .map(|(i, p)| (p.doc, i))
            .collect();
        self.terms
            .insert(key.to_owned(), TermData { rec, idf, by_doc });
    }

    /// The posting of `term` in `doc`.
    fn posting(&self, term: &str, doc: u32) -> Option<(&TermData, &Posting)> {
        let t = self.terms.get(term)?;
        let i = *t.by_doc.get(&doc)?;
        Some((t, &t.rec.postings[i]))
    }

    /// IDF of a term; a term not fetched counts as absent (df 0).
    pub fn idf(&self, term: &str) -> f64 {
        match self.terms.get(term) {
            Some(t) => t.idf,
            None => {
                let n = f64::from(self.n);
                ln(1.0 + (n + 0.5) / 0.5)
            }
        }
    }

    /// BM25F of a term in a document (0 when absent).
    pub fn bm25(&self, term: &str, doc: u32) -> f64 {
        match self.posting(term, doc) {
            Some((t, _)) => t.idf * self.sat(term, doc),
            None => 0.0,
        }
    }

    /// The BM25F term-frequency part (without IDF) of a term in a document.
    pub fn sat(&self, term: &str, doc: u32) -> f64 {
        self.sat_with(term, doc, true)
    }

    /// [`Corpus::sat`], with the title/heading boosts only when `fields`.
    fn sat_with(&self, term: &str, doc: u32, fields: bool) -> f64 {
        let Some((_, p)) = self.posting(term, doc) else {
            return 0.0;
        };
        let dl = f64::from(self.docs[doc as usize].0);
        let mut tfw = f64::from(p.tf);
        let f = if fields { p.fields } else { 0 };
        if f & IN_TITLE != 0 {
            tfw += W_TITLE;
        }
        if f & IN_HEADING != 0 {
            tfw += W_HEADING;
        }
        let k = K1 * (1.0 - B + B * dl / self.avgdl);
        tfw * (K1 + 1.0) / (tfw + k)
    }

    /// Diacritic agreement of an alternative with a document's forms.
    pub fn agree(&self, alt: &Alt, doc: u32) -> f64 {
        if alt.q.iter().all(Option::is_none) {
            return 1.0;
        }
        let Some((t, p)) = self.posting(&alt.term, doc) else {
            return 1.0;
        };
        let vs = &t.rec.variants;
        let idx: Vec<usize> = if vs.len() == 1 {
            vec![0]
        } else {
            (0..vs.len()).filter(|&i| p.vmask & (1 << i) != 0).collect()
        };
        if idx.is_empty() {
            return 1.0;
        }
        idx.iter()
            .map(|&i| variant_agree(&alt.q, &vs[i]))
            .fold(0.0, f64::max)
    }

    /// Whether the title/heading boost of a pair alternative may count:
    /// every spelling of the pair on the page must be the one meant (the
    /// typed marks, or without marks the handbook's most common spelling),
    /// so the heading "Bắt đầu từ đâu" does not boost the query `dau tu`.
    fn fields_agree(&self, alt: &Alt, doc: u32) -> bool {
        if alt.q.len() != 2 {
            return true;
        }
        let Some((t, p)) = self.posting(&alt.term, doc) else {
            return true;
        };
        let vs = &t.rec.variants;
        if vs.len() <= 1 {
            return true;
        }
        let meant = match (&alt.q[0], &alt.q[1]) {
            (Some(a), Some(b)) => format!("{a} {b}"),
            _ => vs[0].clone(),
        };
        (0..vs.len()).all(|i| p.vmask & (1 << i) == 0 || vs[i] == meant)
    }

    /// Score of one alternative; `typed` is the feature's first alternative
    /// (the words as typed), whose IDF caps a completion's.
    fn alt_score(&self, alt: &Alt, typed: &Alt, doc: u32) -> f64 {
        if self.posting(&alt.term, doc).is_none() {
            return 0.0;
        }
        let sat = self.sat_with(&alt.term, doc, self.fields_agree(alt, doc));
        let idf = if alt.prefix {
            self.idf(&alt.term).min(self.idf(&typed.term))
        } else {
            self.idf(&alt.term)
        };
        let s = idf * sat;
        if s == 0.0 {
            return 0.0;
        }
        alt.w * s * self.agree(alt, doc)
    }

    /// Score of a feature: its best alternative.
    pub fn feature(&self, f: &Feature, doc: u32) -> f64 {
        f.alts
            .iter()
            .map(|a| self.alt_score(a, &f.alts[0], doc))
            .fold(0.0, f64::max)
    }

    /// Score of an abbreviation alternative over a span: the page scores as
    /// if it contained the typed words (`weight` = Σ mult × IDF of the span's
    /// features) with the term frequency of the other form, times
    /// [`W_EXPAND`].
    fn expansion(&self, e: &Expansion, weight: f64, doc: u32) -> f64 {
        match e {
            Expansion::Long { uni, bi } => {
                let mut s = 0.0;
                for t in uni {
                    s += self.sat(t, doc);
                }
                for t in bi {
                    s += LAMBDA * self.sat(t, doc);
                }
                let denom = uni.len() as f64 + LAMBDA * bi.len() as f64;
                W_EXPAND * weight * s / denom
            }
            Expansion::Abbr { term } => W_EXPAND * weight * self.sat(term, doc),
        }
    }
}

/// Agreement of typed forms `q` with one variant (`a b` for bigrams).
fn variant_agree(q: &[Option<String>], variant: &str) -> f64 {
    let g = |q: &Option<String>, v: &str| match q {
        None => 1.0,
        Some(x) if x == v => AGREE,
        Some(_) => DISAGREE,
    };
    if q.len() == 1 {
        return g(&q[0], variant);
    }
    let parts: Vec<&str> = variant.split(' ').collect();
    if parts.len() != q.len() {
        return 1.0;
    }
    let prod = g(&q[0], parts[0]) * g(&q[1], parts[1]);
    prod.sqrt()
}

/// Coverage bookkeeping for one document.
struct Cover {
    slots: Vec<bool>,
    pairs: usize,
    pairs_hit: usize,
}

impl Cover {
    /// Records a feature's value.
    fn feature(&mut self, f: &Feature, v: f64) {
        match f.kind {
            FeatureKind::Uni(i) if v > 0.0 => self.slots[i] = true,
            FeatureKind::Bi(_) => {
                self.pairs += 1;
                if v > 0.0 {
                    self.pairs_hit += 1;
                }
            }
            _ => {}
        }
    }
}

/// Score of a document for a plan.
pub fn score(plan: &Plan, c: &Corpus, doc: u32) -> f64 {
    let mut cover = Cover {
        slots: vec![false; plan.slots.len()],
        pairs: 0,
        pairs_hit: 0,
    };
    let mut sum = 0.0;
    for f in &plan.features {
        if plan.spans.iter().any(|s| f.inside(s.first, s.last)) {
            continue;
        }
        let v = c.feature(f, doc);
        cover.feature(f, v);
        sum += f.mult * v;
    }
    for s in &plan.spans {
        let inside: Vec<(&Feature, f64)> = plan
            .features
            .iter()
            .filter(|f| f.inside(s.first, s.last))
            .map(|f| (f, c.feature(f, doc)))
            .collect();
        let mut own = 0.0;
        let mut weight = 0.0;
        for (f, v) in &inside {
            own += f.mult * v;
            weight += f.mult * c.idf(&f.alts[0].term);
        }
        let alt = s
            .alts
            .iter()
            .map(|e| c.expansion(e, weight, doc))
            .fold(0.0, f64::max);
        if alt > own {
            sum += alt;
            for i in s.first..=s.last {
                cover.slots[i] = true;
            }
            for (f, _) in &inside {
                if let FeatureKind::Bi(_) = f.kind {
                    cover.pairs += 1;
                    cover.pairs_hit += 1;
                }
            }
        } else {
            sum += own;
            for (f, v) in &inside {
                cover.feature(f, *v);
            }
        }
    }
    if cover.slots.iter().all(|&x| x) {
        sum *= COVERAGE;
    }
    if cover.pairs > 0 && cover.pairs == cover.pairs_hit {
        sum *= PHRASE;
    }
    sum
}

/// Best part of a document: the part most query terms point to
/// (bigrams and code tokens count twice); part 0 when unknown.
pub fn best_part(terms: &[String], c: &Corpus, doc: u32) -> usize {
    let np = usize::from(c.docs[doc as usize].1);
    let mut votes = vec![0u32; np];
    for t in terms {
        let Some((td, p)) = c.posting(t, doc) else {
            continue;
        };
        if !td.rec.has_parts || np < 2 {
            continue;
        }
        let w = if is_unigram_key(t) { 1 } else { 2 };
        for (i, v) in votes.iter_mut().enumerate() {
            if p.parts & (1 << i) != 0 {
                *v += w;
            }
        }
    }
    let mut best = 0;
    for i in 1..np {
        if votes[i] > votes[best] {
            best = i;
        }
    }
    best
}

/// Ranks every document any plan term occurs in: score descending, then
/// shorter pages, then document order.
pub fn rank(plan: &Plan, terms: &[String], c: &Corpus) -> Vec<Ranked> {
    let mut docs: Vec<u32> = terms
        .iter()
        .filter_map(|t| c.terms.get(t))
        .flat_map(|t| t.rec.postings.iter().map(|p| p.doc))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    let mut out: Vec<Ranked> = docs
        .into_iter()
        .map(|d| Ranked {
            doc: d,
            score: score(plan, c, d),
            part: 0,
        })
        .filter(|r| r.score > 0.0)
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(c.docs[a.doc as usize].0.cmp(&c.docs[b.doc as usize].0))
            .then(a.doc.cmp(&b.doc))
    });
    out
}
