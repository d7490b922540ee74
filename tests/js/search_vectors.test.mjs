// Runs tests/search_vectors.json against themes/default/static/search.js
// (the same vectors src/search/tests_vectors.rs checks in Rust).
// Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const source = readFileSync(path.join(root, 'themes/default/static/search.js'), 'utf8');
const V = JSON.parse(readFileSync(path.join(root, 'tests/search_vectors.json'), 'utf8'));

function loadClient() {
  const module = { exports: {} };
  new Function('module', source)(module);
  return module.exports;
}
const S = loadClient();

function rows(name, f) {
  for (const row of V[name]) {
    assert.deepEqual(f(row[0]), row.slice(1), `${name}: ${JSON.stringify(row[0])}`);
  }
}

test('cleanup, NFC and lowercase', () => rows('normalize', (s) => [S.normalize(s)]));
test('folding', () => rows('fold', (s) => [S.fold(s)]));
test('syllable forms (F, E)', () => rows('forms', (s) => S.forms(s)));
test('Telex and VNI decoding', () => rows('decode', (s) => {
  const d = S.decode(s);
  return d ? [d.text, d.f, d.e] : [null, null, null];
}));
test('abbreviation keys', () => rows('abbr_key', (s) => [S.abbrKey(s)]));

test('tokenizer', () => {
  for (const c of V.tokenize) {
    const clean = S.clean(c.in);
    const t = S.tokenize(clean);
    const toks = t.tokens.map((x) => [x.text, x.f, x.e, x.adj ? 1 : 0]);
    assert.deepEqual(toks, c.tokens, `tokens of ${JSON.stringify(c.in)}`);
    assert.deepEqual(t.runs.map((r) => S.spanText(clean, t, r[0], r[1])), c.runs, `runs of ${JSON.stringify(c.in)}`);
  }
});

test('deterministic ln', () => {
  for (const x of [0.01, 0.5, 1, 1.5, 2, 3.7, 10, 12345.678, 1e9]) {
    assert.ok(Math.abs(S.ln(x) - Math.log(x)) < 1e-12, String(x));
  }
});

function engine(r, counter) {
  const base = 'https://example.test/search/';
  const fetcher = (url) => {
    const p = url.slice(base.length);
    const b64 = r.files[p];
    if (b64 === undefined) return Promise.reject(new Error('404 ' + p));
    const buf = Buffer.from(b64, 'base64');
    if (counter) { counter.files.push(p); counter.bytes += buf.length; }
    return Promise.resolve(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  };
  const meta = JSON.parse(Buffer.from(r.files[r.manifest], 'base64').toString('utf8'));
  return new S.Engine(base + r.manifest, meta, fetcher);
}

function bits(x) {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, '0');
}

test('ranking matches Rust query_index bit for bit', async () => {
  const r = V.ranking;
  const e = engine(r);
  for (const q of r.queries) {
    const res = await e.search(q.q);
    const hits = await Promise.all(res.ranked.slice(0, 10).map((x) => e.hit(res, x)));
    assert.deepEqual(hits.map((h) => [h.url, h.anchor, bits(h.score), h.excerpt]), q.hits, `query ${JSON.stringify(q.q)}`);
  }
});

test('hints: abbreviation expansion and Telex', async () => {
  const e = engine(V.ranking);
  let res = await e.search('SXSH');
  assert.ok(res.plan.hints.some((h) => h[0] === 'a' && h[1] === 'SXSH'));
  res = await e.search('sản xuất sạch hơn');
  assert.ok(res.plan.hints.some((h) => h[0] === 'a' && h[1] === 'SXSH'));
  res = await e.search('sanr xuaats');
  assert.deepEqual(res.plan.hints.filter((h) => h[0] === 'd').map((h) => h[2]), ['sản', 'xuất']);
  res = await e.search('QCVN 05:2013');
  assert.equal(res.plan.hints.filter((h) => h[0] === 'd').length, 0);
});

test('excerpt highlights folded matches', async () => {
  const e = engine(V.ranking);
  const res = await e.search('nuoc thai lang nghe');
  const h = await e.hit(res, res.ranked[0]);
  assert.equal(h.url, '/lang-nghe/');
  const marked = h.marks.map(([a, b]) => h.excerpt.slice(a, b));
  assert.deepEqual(marked, ['nước', 'thải', 'làng', 'nghề']);
});

test('result links carry the completed query and the best anchor', async () => {
  const e = engine(V.ranking);
  let res = await e.search('tiết kiệm năng l');
  const top = await e.hit(res, res.ranked[0]);
  assert.equal(top.query, 'tiết kiệm năng luong ');
  res = await e.search('xu ly nuoc thai');
  const dai = res.ranked.find((r) => r.doc === V.ranking.docs.findIndex((d) => d.url === '/dai/'));
  const h = await e.hit(res, dai);
  assert.equal(h.anchor, 'cuoi');
  assert.equal(h.query, 'xu ly nuoc thai');
});

test('no Telex decoding of known words or document codes', () => {
  assert.equal(S.decode('05'), null);
  assert.equal(S.decode('sach'), null);
  assert.equal(S.decode('bod5'), null);
});
