/* sotay search client. Dependency-free. Implements docs/search-normalization.md
 * exactly like src/search (Rust); tests/search_vectors.json checks both. */
(function () {
  'use strict';

  /* ---------- §1–3 cleanup, NFC, lowercase, folding ---------- */
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]/u, NUM = /\p{N}/u, MARKS = /\p{M}/gu;
  var SPECIAL = { 'đ': 'd', 'ð': 'd', 'ø': 'o', 'ł': 'l', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ı': 'i', 'þ': 'th' };

  function cleanChar(c) {
    var n = c.codePointAt(0);
    if (n === 0xad || (n >= 0x200b && n <= 0x200d) || n === 0x2060 || n === 0xfeff) return '';
    if (n === 0xa0 || (n >= 0x2000 && n <= 0x200a) || n === 0x202f || n === 0x205f || n === 0x3000) return ' ';
    if (n === 0x85 || n === 0x2028 || n === 0x2029) return '\n';
    if (n === 0x2010 || n === 0x2011) return '-';
    if (n >= 0xff01 && n <= 0xff5e) return String.fromCodePoint(n - 0xfee0);
    return c;
  }
  function clean(s) {
    var o = '';
    for (var c of s) o += cleanChar(c);
    return o.normalize('NFC');
  }
  function lower(s) { return s.toLowerCase().normalize('NFC'); }
  function normalize(s) { return lower(clean(s)); }
  function fold(s) {
    return s.normalize('NFD').replace(MARKS, '').replace(/[đðøłßæœıþ]/g, function (c) { return SPECIAL[c]; });
  }
  function isWord(c) { return WORD.test(c); }
  function isUpper(c) { return c.toLowerCase() !== c; }
  function isAscii(s) { return /^[\x00-\x7f]*$/.test(s); }

  /* ---------- §5 syllables ---------- */
  var VOWELS = 'aăâeêioôơuưy', CONS = 'bcdđghklmnpqrstvx', TONES = '\u0301\u0300\u0309\u0303\u0323';
  var INITIALS = ['ngh', 'ng', 'nh', 'ch', 'gh', 'gi', 'kh', 'ph', 'th', 'tr', 'qu', 'b', 'c', 'd', 'đ', 'g',
    'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x'];
  var FINALS = ['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'];
  var OPEN = 'ai ay ây oi ôi ơi ui ưi uôi ươi oai oay uây ao au âu eo êu iu ưu iêu yêu ươu oao oeo uyu ia ua ưa uya uơ y'.split(' ');
  var CLOSED = 'ă â iê yê uô ươ uyê oă uâ oo'.split(' ');
  var BOTH = 'a e ê i o ô ơ u ư oa oe uê uy'.split(' ');
  var TONE_OF = new Map();
  for (var v of VOWELS) {
    TONE_OF.set(v, [v, 0]);
    for (var ti = 0; ti < 5; ti++) {
      var comp = (v + TONES[ti]).normalize('NFC');
      if (Array.from(comp).length === 1) TONE_OF.set(comp, [v, ti + 1]);
    }
  }
  function isVowel(c) { return !!c && c.length === 1 && VOWELS.indexOf(c) >= 0; }

  function splitTone(t) {
    var base = '', tone = 0;
    for (var c of t) {
      var x = TONE_OF.get(c);
      if (x) {
        if (x[1]) { if (tone) return null; tone = x[1]; }
        base += x[0];
      } else if (c.length === 1 && CONS.indexOf(c) >= 0) base += c;
      else return null;
    }
    return [base, tone];
  }
  function validRhyme(r) {
    var i = 0;
    while (i < r.length && isVowel(r[i])) i++;
    var v = r.slice(0, i), k = r.slice(i);
    if (!v || FINALS.indexOf(k) < 0) return false;
    return k ? CLOSED.indexOf(v) >= 0 || BOTH.indexOf(v) >= 0 : OPEN.indexOf(v) >= 0 || BOTH.indexOf(v) >= 0;
  }
  function validAfter(ini, r) {
    if (ini === 'qu') return validRhyme('u' + r) || validRhyme('o' + r);
    if (ini === 'gi') return validRhyme(r) || validRhyme('i' + r);
    return validRhyme(r);
  }
  function splitSyl(base) {
    var ini = null;
    for (var p of INITIALS) {
      if (base.startsWith(p) && isVowel(base[p.length])) { ini = p; break; }
    }
    if (ini === null) { if (!isVowel(base[0])) return null; ini = ''; }
    var r = base.slice(ini.length);
    return validAfter(ini, r) ? [ini, r] : null;
  }
  function parseBase(base, tone) {
    var s = splitSyl(base);
    if (!s) return null;
    var r = s[0] && s[1] === 'y' ? 'i' : s[1];
    return { e: s[0] + r + tone, f: fold(s[0] + r) };
  }
  function forms(t) {
    var st = splitTone(t), p = st && parseBase(st[0], st[1]);
    return p ? [p.f, p.e] : [fold(t), t];
  }
  function compose(ini, r, tone) {
    var cs = Array.from(r), nv = 0;
    while (nv < cs.length && isVowel(cs[nv])) nv++;
    var at = -1;
    for (var i = nv - 1; i >= 0; i--) if ('ăâêôơư'.indexOf(cs[i]) >= 0) { at = i; break; }
    if (at < 0) at = nv < 2 ? 0 : nv === 2 ? (nv < cs.length ? 1 : 0) : 1;
    var o = ini;
    cs.forEach(function (c, i) { o += c; if (i === at && tone) o += TONES[tone - 1]; });
    return o.normalize('NFC');
  }

  /* ---------- §4 tokenizer ---------- */
  function isGap(c) { return c === ' ' || c === '\t' || c === '\x0b' || c === '\x0c'; }
  function isConnector(b, m, a) {
    if ('/:.-&'.indexOf(m) >= 0 && m.length === 1) return isWord(a);
    return m === ',' && NUM.test(b) && NUM.test(a);
  }
  function tokenize(s) {
    var cs = [], at = [], i;
    for (i = 0; i < s.length;) {
      var c = String.fromCodePoint(s.codePointAt(i));
      cs.push(c); at.push(i); i += c.length;
    }
    at.push(s.length);
    var toks = [], runs = [], joined = false;
    i = 0;
    while (i < cs.length) {
      if (!isWord(cs[i])) { joined = joined && isGap(cs[i]); i++; continue; }
      var parts = [];
      for (;;) {
        var st = i;
        while (i < cs.length && isWord(cs[i])) i++;
        parts.push([st, i]);
        if (i + 1 < cs.length && isConnector(cs[i - 1], cs[i], cs[i + 1])) i++;
        else break;
      }
      var first = toks.length, whole = parts.length > 1;
      for (var pr of parts) {
        if (pr[1] - pr[0] > 40) { joined = false; whole = false; continue; }
        var raw = s.slice(at[pr[0]], at[pr[1]]), text = lower(raw), fe = forms(text), up = 0;
        for (var ch of raw) if (isUpper(ch)) up++;
        toks.push({ start: at[pr[0]], end: at[pr[1]], text: text, f: fe[0], e: fe[1], marked: !isAscii(text), upper: up, adj: joined });
        joined = true;
      }
      if (whole) runs.push([first, toks.length - 1]);
    }
    return { tokens: toks, runs: runs };
  }
  function spanText(s, t, a, b) { return lower(s.slice(t.tokens[a].start, t.tokens[b].end)); }

  /* ---------- §7 Telex / VNI ---------- */
  var MARKED = { 'a^': 'â', 'e^': 'ê', 'o^': 'ô', 'a(': 'ă', 'o+': 'ơ', 'u+': 'ư' };
  function horn(o) {
    for (var p = o.length - 1; p >= 0; p--) {
      if (o[p] !== 'o' && o[p] !== 'u') continue;
      if (o[p] === 'o' && p > 0 && (o[p - 1] === 'u' || o[p - 1] === 'ư')) { o[p - 1] = 'ư'; o[p] = 'ơ'; }
      else if (o[p] === 'u' && o[p + 1] === 'o') { o[p] = 'ư'; o[p + 1] = 'ơ'; }
      else o[p] = MARKED[o[p] + '+'];
      return true;
    }
    return false;
  }
  function mark(o, m) {
    for (var p = o.length - 1; p >= 0; p--) if (MARKED[o[p] + m]) { o[p] = MARKED[o[p] + m]; return true; }
    return false;
  }
  function finish(letters, tone, raw) {
    var base = letters.join(''), s = splitSyl(base);
    if (!s) return null;
    var text = compose(s[0], s[1], tone);
    if (text === raw) return null;
    var p = parseBase(base, tone);
    return p && { text: text, f: p.f, e: p.e };
  }
  var TELEX_TONE = { s: 1, f: 2, r: 3, x: 4, j: 5, z: 0 };
  function telex(raw) {
    var cs = Array.from(raw);
    if (cs.length < 2 || cs.length > 10 || !/^[a-z]+$/.test(raw)) return null;
    var v0 = cs.findIndex(function (c) { return 'aeiouyw'.indexOf(c) >= 0; });
    if (v0 < 0) return null;
    var keys = [];
    for (var i = v0 + 1; i < cs.length; i++) if (cs[i] in TELEX_TONE) keys.push(i);
    if (keys.length > 1) return null;
    var tone = keys.length ? TELEX_TONE[cs[keys[0]]] : 0;
    var rest = cs.filter(function (_, i) { return keys.indexOf(i) < 0; }), out = [];
    i = 0;
    if (rest[0] === 'd' && rest[1] === 'd') { out.push('đ'); i = 2; }
    for (; i < rest.length; i++) {
      var c = rest[i];
      if (c === 'w') {
        var done = out[out.length - 1] === 'a' ? mark(out, '(') : horn(out) || mark(out, '(');
        if (!done) out.push('ư');
      } else if ('aeo'.indexOf(c) >= 0 && rest[i + 1] === c) { out.push(MARKED[c + '^']); i++; }
      else out.push(c);
    }
    return finish(out, tone, raw);
  }
  function vni(raw) {
    var cs = Array.from(raw);
    if (cs.length < 2 || cs.length > 12 || !/^[a-z][a-z0-9]*$/.test(raw) || !/[1-9]/.test(raw)) return null;
    var out = [], tone = null;
    for (var c of cs) {
      var ok;
      if (c >= 'a' && c <= 'z') { out.push(c); ok = true; }
      else if (c === '0') ok = true;
      else if (c >= '1' && c <= '5') { ok = tone === null && out.some(isVowel); tone = +c; }
      else if (c === '6') ok = mark(out, '^');
      else if (c === '7') ok = horn(out);
      else if (c === '8') ok = mark(out, '(');
      else { var p = out.indexOf('d'); ok = p >= 0; if (ok) out[p] = 'đ'; }
      if (!ok) return null;
    }
    return finish(out, tone || 0, raw);
  }
  function decode(raw) { return /[0-9]/.test(raw) ? vni(raw) : telex(raw); }

  /* ---------- §9 codecs and files ---------- */
  function varint(b, st) {
    var v = 0, mul = 1, x;
    do { x = b[st.p++]; if (x === undefined) throw new Error('eof'); v += (x & 127) * mul; mul *= 128; } while (x >= 128);
    return v;
  }
  var utf8 = new TextDecoder();
  function bytes(b, st) { var n = varint(b, st), s = b.subarray(st.p, st.p + n); st.p += n; return s; }
  function Bits(b) { this.b = b; this.p = 0; }
  Bits.prototype.bit = function () { var x = this.b[this.p >> 3], r = x !== undefined && (x & (128 >> (this.p & 7))) !== 0; this.p++; return r; };
  Bits.prototype.bits = function (n) { var v = 0; while (n--) v = v * 2 + (this.bit() ? 1 : 0); return v; };
  Bits.prototype.rice = function (k) { var q = 0; while (this.bit()) { if (this.p > this.b.length * 8) throw new Error('eof'); q++; } return q * Math.pow(2, k) + this.bits(k); };
  Bits.prototype.gamma = function () { var n = 0; while (!this.bit()) if (++n > 52) throw new Error('gamma'); return Math.pow(2, n) + this.bits(n); };

  function decodeRecord(b, nparts) {
    var st = { p: 0 }, df = varint(b, st), flags = b[st.p++], nv = varint(b, st), r = { variants: [], succ: [], postings: [], hasParts: (flags & 1) !== 0 };
    for (var i = 0; i < nv; i++) r.variants.push(utf8.decode(bytes(b, st)));
    if (flags & 2) for (var n = varint(b, st); n > 0; n--) r.succ.push([varint(b, st), varint(b, st)]);
    var k = b[st.p++], rd = new Bits(b.subarray(st.p)), doc = -1;
    for (i = 0; i < df; i++) {
      doc += rd.rice(k) + 1;
      var p = { doc: doc, tf: rd.gamma() - 1, fields: 0, parts: 0, vmask: 0 };
      if (rd.bit()) p.fields = rd.bits(2);
      var np = nparts[doc];
      if (r.hasParts && np > 1) p.parts = rd.bits(np);
      if (nv > 1) p.vmask = rd.bits(nv);
      r.postings.push(p);
    }
    return r;
  }
  var utf8e = new TextEncoder();
  function findInPack(pack, key) {
    var st = { p: 0 }, want = utf8e.encode(key), n = varint(pack, st);
    outer: for (; n > 0; n--) {
      var k = bytes(pack, st), r = bytes(pack, st);
      if (k.length !== want.length) continue;
      for (var i = 0; i < k.length; i++) if (k[i] !== want[i]) continue outer;
      return r;
    }
    return null;
  }
  function isUnigramKey(k) { return !/[ /:.\-,&]/.test(k); }
  function isVocabKey(k) { return isUnigramKey(k) && !/^[0-9]*$/.test(k); }
  function keys(s) { return s ? s.split('\n') : []; }
  function hashOf(list, i) { return list[Math.floor(i / 64)]; }
  function locate(key, m) {
    if (isVocabKey(key)) {
      var i = m.index.get(key);
      if (i === undefined) return null;
      var c = 0;
      while (c + 1 < m.uc.length && m.uc[c + 1] <= i) c++;
      return 'u/' + c + '.' + hashOf(m.ug, c) + '.bin';
    }
    var b = m.bigIndex.get(key);
    if (b !== undefined) return 't/' + b + '.' + hashOf(m.bg, b) + '.bin';
    var h = 0x811c9dc5;
    for (var x of utf8e.encode(key)) h = Math.imul(h ^ x, 0x01000193) >>> 0;
    var bk = h % Math.max(1, m.buckets);
    return 'p/' + bk + '.' + hashOf(m.pg, bk) + '.bin';
  }
  function partPath(d, p, m) { return 'd/' + d + '-' + p + '.' + hashOf(m.dg, d) + '.json'; }

  /* deterministic ln (codec.rs) */
  function ln(x) {
    var m = x, k = 0;
    while (m > 2) { m /= 2; k += 1; }
    while (m < 1) { m *= 2; k -= 1; }
    var s = (m - 1) / (m + 1), s2 = s * s, term = s, sum = 0;
    for (var n = 1; n < 60; n += 2) { sum += term / n; term *= s2; }
    return 2 * sum + k * Math.LN2;
  }

  /* ---------- §8 abbreviations / lexicon ---------- */
  function abbrKey(a) { return fold(normalize(a.trim())); }
  function longKey(l) { return tokenize(clean(l)).tokens.map(function (t) { return t.f; }); }
  function lexicon(m) {
    m.index = new Map(); m.bigIndex = new Map();
    m.vocab = keys(m.vocab);
    m.vocab.forEach(function (v, i) { m.index.set(v, i); });
    keys(m.big).forEach(function (v, i) { m.bigIndex.set(v, i); });
    m.abbrs = new Map(); m.byLong = new Map();
    var lens = [];
    m.abbr.forEach(function (row) {
      var k = abbrKey(row[0]), info = { abbr: row[0], longs: [] };
      row.slice(1).forEach(function (l) {
        var lk = longKey(l);
        if (lk.length >= 2) {
          var id = lk.join(' '), list = m.byLong.get(id) || [];
          if (!list.some(function (x) { return x[1] === k; })) list.push([row[0], k]);
          m.byLong.set(id, list);
          if (lens.indexOf(lk.length) < 0) lens.push(lk.length);
        }
        info.longs.push([l, lk]);
      });
      if (!m.abbrs.has(k)) m.abbrs.set(k, info);
    });
    m.longLens = lens.sort(function (a, b) { return b - a; });
    m.avgdl = m.n ? m.total / m.n : 1;
    var raw = atob(m.docs);
    m.dl = []; m.np = [];
    for (var i = 0; i + 1 < raw.length; i += 2) {
      var x = raw.charCodeAt(i) | (raw.charCodeAt(i + 1) << 8);
      m.dl.push(x & 0x3fff); m.np.push((x >> 14) + 1);
    }
    return m;
  }
  function has(m, k) { return m.index.has(k); }
  function known(m, k) { return !isVocabKey(k) || has(m, k); }
  function mayExist(m, t) {
    var sp = t.indexOf(' ');
    return sp >= 0 ? known(m, t.slice(0, sp)) && known(m, t.slice(sp + 1)) : known(m, t);
  }

  /* ---------- §11 query plan ---------- */
  var W_DECODE = 0.9, W_EXPAND = 0.9, W_PREFIX = 0.8, LAMBDA = 1.5;
  function qOf(marked, e) { return [marked ? e : null]; }
  function gate(key, upper) { var st = splitTone(key); return !(st && parseBase(st[0], st[1])) || upper >= 2; }
  function longAlts(info) {
    return info.longs.map(function (l) {
      var bi = [];
      for (var i = 1; i < l[1].length; i++) bi.push(l[1][i - 1] + ' ' + l[1][i]);
      return { uni: l[1], bi: bi };
    });
  }
  function edgeAlts(s, right) {
    var v = s.alts.slice();
    if (s.edges) v.push({ term: right ? s.edges[1] : s.edges[0], w: W_EXPAND, q: [null] });
    return v;
  }
  function cross(l, r) {
    var v = [];
    l.forEach(function (a) {
      r.forEach(function (b) {
        if (v.length < 8) v.push({ term: a.term + ' ' + b.term, w: a.w * b.w, q: a.q.concat(b.q), prefix: !!(a.prefix || b.prefix) });
      });
    });
    return v;
  }
  function inside(f, a, b) {
    return f.kind === 'u' ? a <= f.i && f.i <= b : f.kind === 'b' ? a <= f.i && f.i < b : a <= f.i && f.j <= b;
  }
  function plan(query, m) {
    var c = clean(query), t = tokenize(c), n = Math.min(t.tokens.length, 12), hints = [], slots = [], spans = [], i;
    var runs = t.runs.filter(function (r) { return r[1] < n; });
    var inRun = function (i) { return t.runs.some(function (r) { return r[0] <= i && i <= r[1]; }); };
    for (i = 0; i < n; i++) {
      var tk = t.tokens[i], alts = [{ term: tk.f, w: 1, q: qOf(tk.marked, tk.e) }];
      if (!has(m, tk.f) && !inRun(i) && isAscii(tk.text)) {
        var d = decode(tk.text);
        if (d && has(m, d.f)) { hints.push(['d', tk.text, d.text]); alts.push({ term: d.f, w: W_DECODE, q: [d.e] }); }
      }
      slots.push({ text: tk.text, f: tk.f, adj: tk.adj && i > 0, alts: alts, edges: null, upper: tk.upper, start: tk.start });
    }
    var hint = function (info) { if (info.longs.length) hints.push(['a', info.abbr, info.longs[0][0]]); };
    runs.forEach(function (r) {
      var k = fold(spanText(c, t, r[0], r[1])), up = 0, info = m.abbrs.get(k);
      for (var j = r[0]; j <= r[1]; j++) up += slots[j].upper;
      if (info && gate(k, up)) { hint(info); spans.push({ first: r[0], last: r[1], alts: longAlts(info) }); }
    });
    for (i = 0; i < slots.length; i++) {
      if (spans.some(function (s) { return s.first <= i && i <= s.last; })) continue;
      var k = fold(slots[i].text), info = m.abbrs.get(k);
      if (info && gate(k, slots[i].upper)) {
        hint(info);
        var lk = info.longs.length ? info.longs[0][1] : null;
        if (lk) slots[i].edges = [lk[0] || '', lk[lk.length - 1] || ''];
        spans.push({ first: i, last: i, alts: longAlts(info) });
      }
    }
    var taken = function (a, b) { return spans.some(function (s) { return s.first <= b && a <= s.last; }); };
    for (i = 0; i < slots.length;) {
      var found = null;
      for (var len of m.longLens) {
        var end = i + len;
        if (end > slots.length || taken(i, end - 1)) continue;
        if (slots.slice(i + 1, end).some(function (s) { return !s.adj; })) continue;
        var list = m.byLong.get(slots.slice(i, end).map(function (s) { return s.f; }).join(' '));
        if (list) { found = [len, list]; break; }
      }
      if (!found) { i++; continue; }
      found[1].forEach(function (x) { var info = m.abbrs.get(x[1]); if (info) hint(info); });
      spans.push({ first: i, last: i + found[0] - 1, alts: found[1].map(function (x) { return { abbr: x[1] }; }) });
      i += found[0];
    }
    spans.sort(function (a, b) { return a.first - b.first; });
    var fs = slots.map(function (s, i) { return { kind: 'u', i: i, mult: 1, alts: s.alts.slice() }; });
    for (i = 1; i < slots.length; i++) {
      if (slots[i].adj) fs.push({ kind: 'b', i: i - 1, mult: LAMBDA, alts: cross(edgeAlts(slots[i - 1], true), edgeAlts(slots[i], false)) });
    }
    runs.forEach(function (r) {
      var tx = spanText(c, t, r[0], r[1]);
      fs.push({ kind: 'w', i: r[0], j: r[1], mult: LAMBDA, alts: [{ term: fold(tx), w: 1, q: qOf(!isAscii(tx), tx) }] });
    });
    var last = slots.length - 1, typing = c.length > 0 && isWord(Array.from(c).pop());
    var prefix = last >= 0 && typing && Array.from(slots[last].f).length >= (slots.length > 1 ? 1 : 2) ? last : null;
    return { clean: c, slots: slots, features: fs, spans: spans, prefix: prefix, hints: hints };
  }
  function planTerms(p, m) {
    var out = [], push = function (t) { if (mayExist(m, t) && out.indexOf(t) < 0) out.push(t); };
    p.features.forEach(function (f) { f.alts.forEach(function (a) { push(a.term); }); });
    p.spans.forEach(function (s) {
      s.alts.forEach(function (e) { if (e.abbr) push(e.abbr); else e.uni.concat(e.bi).forEach(push); });
    });
    return out;
  }
  function prefixContext(p, m) {
    var i = p.prefix;
    if (i === null || i === 0 || !p.slots[i].adj) return null;
    var a = p.slots[i - 1].alts.find(function (a) { return has(m, a.term); });
    return a ? a.term : null;
  }
  function completions(p, m, rec) {
    if (p.prefix === null) return [];
    var key = p.slots[p.prefix].f, ok = function (t) { return t.startsWith(key) && t !== key; }, chosen = [];
    if (rec) rec.succ.forEach(function (s) { var t = m.vocab[s[0]]; if (ok(t) && chosen.length < 3) chosen.push(t); });
    var need = has(m, key) ? 0 : 3;
    if (chosen.length < need) {
      var cands = [];
      m.vocab.forEach(function (t, i) { if (ok(t) && chosen.indexOf(t) < 0) cands.push(i); });
      cands.sort(function (a, b) { return m.df[b] - m.df[a] || a - b; });
      cands.slice(0, need - chosen.length).forEach(function (i) { chosen.push(m.vocab[i]); });
    }
    return chosen;
  }
  function addCompletions(p, comps) {
    var i = p.prefix;
    if (i === null) return;
    var left = i > 0 && p.slots[i].adj ? edgeAlts(p.slots[i - 1], true) : null;
    var right = comps.map(function (c) { return { term: c, w: W_PREFIX, q: [null], prefix: true }; });
    p.features.forEach(function (f) {
      if (f.kind === 'u' && f.i === i) right.forEach(function (a) { f.alts.push(a); });
      if (f.kind === 'b' && f.i + 1 === i && left) cross(left, right).forEach(function (a) { f.alts.push(a); });
    });
  }
  function highlightKeys(p) {
    var keys = new Set();
    p.features.forEach(function (f) { if (f.kind === 'u') f.alts.forEach(function (a) { keys.add(a.term); }); });
    p.spans.forEach(function (s) { s.alts.forEach(function (e) { if (e.abbr) keys.add(e.abbr); else e.uni.forEach(function (u) { keys.add(u); }); }); });
    return keys;
  }

  /* ---------- §12 ranking ---------- */
  var K1 = 1.2, B = 0.75, W_TITLE = 5, W_HEADING = 3, COVERAGE = 1.5, PHRASE = 1.3, AGREE = 1.5, DISAGREE = 0.4;
  function Corpus(m) { this.m = m; this.terms = new Map(); }
  Corpus.prototype.add = function (key, rec) {
    var df = rec.postings.length, by = new Map();
    rec.postings.forEach(function (p, i) { by.set(p.doc, i); });
    this.terms.set(key, { rec: rec, idf: ln(1 + (this.m.n - df + 0.5) / (df + 0.5)), by: by });
  };
  Corpus.prototype.posting = function (term, doc) {
    var t = this.terms.get(term), i = t && t.by.get(doc);
    return i === undefined ? null : [t, t.rec.postings[i]];
  };
  Corpus.prototype.idf = function (term) {
    var t = this.terms.get(term);
    return t ? t.idf : ln(1 + (this.m.n + 0.5) / 0.5);
  };
  Corpus.prototype.bm25 = function (term, doc) {
    var x = this.posting(term, doc);
    return x ? x[0].idf * this.sat(term, doc) : 0;
  };
  Corpus.prototype.sat = function (term, doc, noFields) {
    var x = this.posting(term, doc);
    if (!x) return 0;
    var p = x[1], dl = this.m.dl[doc], tfw = p.tf, fields = noFields ? 0 : p.fields;
    if (fields & 1) tfw += W_TITLE;
    if (fields & 2) tfw += W_HEADING;
    var k = K1 * (1 - B + B * dl / this.m.avgdl);
    return tfw * (K1 + 1) / (tfw + k);
  };
  function variantAgree(q, v) {
    var g = function (q, v) { return q === null ? 1 : q === v ? AGREE : DISAGREE; };
    if (q.length === 1) return g(q[0], v);
    var ps = v.split(' ');
    if (ps.length !== q.length) return 1;
    var prod = g(q[0], ps[0]) * g(q[1], ps[1]);
    return Math.sqrt(prod);
  }
  Corpus.prototype.agree = function (alt, doc) {
    if (alt.q.every(function (x) { return x === null; })) return 1;
    var x = this.posting(alt.term, doc);
    if (!x) return 1;
    var vs = x[0].rec.variants, idx = [];
    if (vs.length === 1) idx = [0];
    else for (var i = 0; i < vs.length; i++) if (x[1].vmask & (1 << i)) idx.push(i);
    if (!idx.length) return 1;
    var best = 0;
    idx.forEach(function (i) { best = Math.max(best, variantAgree(alt.q, vs[i])); });
    return best;
  };
  /* Whether the title/heading boost of a pair alternative may count (spec §12): every spelling of
   * the pair on the page must be the one meant (the typed marks, or without marks the handbook's
   * most common spelling), so the heading "Bắt đầu từ đâu" does not boost the query "dau tu". */
  Corpus.prototype.fieldsAgree = function (alt, doc) {
    if (alt.q.length !== 2) return true;
    var x = this.posting(alt.term, doc);
    if (!x) return true;
    var vs = x[0].rec.variants;
    if (vs.length <= 1) return true;
    var meant = alt.q[0] !== null && alt.q[1] !== null ? alt.q[0] + ' ' + alt.q[1] : vs[0];
    for (var i = 0; i < vs.length; i++) if ((x[1].vmask & (1 << i)) && vs[i] !== meant) return false;
    return true;
  };
  Corpus.prototype.feature = function (f, doc) {
    var best = 0, self = this;
    f.alts.forEach(function (a) {
      if (!self.posting(a.term, doc)) return;
      var sat = self.sat(a.term, doc, !self.fieldsAgree(a, doc));
      // A completion of the last word scores with at most the typed word's IDF (spec §12).
      var idf = a.prefix ? Math.min(self.idf(a.term), self.idf(f.alts[0].term)) : self.idf(a.term);
      var s = idf * sat;
      if (s === 0) return;
      best = Math.max(best, a.w * s * self.agree(a, doc));
    });
    return best;
  };
  Corpus.prototype.expansion = function (e, weight, doc) {
    if (e.abbr) return W_EXPAND * weight * this.sat(e.abbr, doc);
    var s = 0, self = this;
    e.uni.forEach(function (t) { s += self.sat(t, doc); });
    e.bi.forEach(function (t) { s += LAMBDA * self.sat(t, doc); });
    return W_EXPAND * weight * s / (e.uni.length + LAMBDA * e.bi.length);
  };
  function score(p, c, doc) {
    var slots = p.slots.map(function () { return false; }), pairs = 0, hit = 0, sum = 0;
    var note = function (f, v) {
      if (f.kind === 'u' && v > 0) slots[f.i] = true;
      if (f.kind === 'b') { pairs++; if (v > 0) hit++; }
    };
    p.features.forEach(function (f) {
      if (p.spans.some(function (s) { return inside(f, s.first, s.last); })) return;
      var v = c.feature(f, doc);
      note(f, v);
      sum += f.mult * v;
    });
    p.spans.forEach(function (s) {
      var ins = p.features.filter(function (f) { return inside(f, s.first, s.last); }).map(function (f) { return [f, c.feature(f, doc)]; });
      var own = 0, weight = 0, alt = 0;
      ins.forEach(function (x) { own += x[0].mult * x[1]; weight += x[0].mult * c.idf(x[0].alts[0].term); });
      s.alts.forEach(function (e) { alt = Math.max(alt, c.expansion(e, weight, doc)); });
      if (alt > own) {
        sum += alt;
        for (var i = s.first; i <= s.last; i++) slots[i] = true;
        ins.forEach(function (x) { if (x[0].kind === 'b') { pairs++; hit++; } });
      } else {
        sum += own;
        ins.forEach(function (x) { note(x[0], x[1]); });
      }
    });
    if (slots.every(function (x) { return x; })) sum *= COVERAGE;
    if (pairs > 0 && pairs === hit) sum *= PHRASE;
    return sum;
  }
  function bestPart(terms, c, doc) {
    var np = c.m.np[doc], votes = [], best = 0;
    for (var i = 0; i < np; i++) votes.push(0);
    terms.forEach(function (t) {
      var x = c.posting(t, doc);
      if (!x || !x[0].rec.hasParts || np < 2) return;
      var w = isUnigramKey(t) ? 1 : 2;
      for (var i = 0; i < np; i++) if (x[1].parts & (1 << i)) votes[i] += w;
    });
    for (i = 1; i < np; i++) if (votes[i] > votes[best]) best = i;
    return best;
  }
  function rank(p, terms, c) {
    var seen = new Set(), out = [];
    terms.forEach(function (t) { var d = c.terms.get(t); if (d) d.rec.postings.forEach(function (x) { seen.add(x.doc); }); });
    seen.forEach(function (d) { var s = score(p, c, d); if (s > 0) out.push({ doc: d, score: s }); });
    out.sort(function (a, b) { return b.score - a.score || c.m.dl[a.doc] - c.m.dl[b.doc] || a.doc - b.doc; });
    return out;
  }

  /* ---------- §13 excerpts ---------- */
  function Matcher(keys) { this.keys = keys; }
  Matcher.prototype.hit = function (t) { return this.keys.has(t.f); };
  function pieceScore(h, t, m) {
    var keys = new Set(), pairs = 0, i;
    h.concat(t).forEach(function (x) { if (m.hit(x)) keys.add(x.f); });
    for (i = 1; i < t.length; i++) if (t[i].adj && m.hit(t[i]) && m.hit(t[i - 1])) pairs++;
    return 2 * keys.size + Math.min(pairs, 10);
  }
  function excerpt(part, m) {
    var best = -1, bs = -1, texts = part.s.map(function (s, i) {
      var tx = clean(s[2]), t = tokenize(tx).tokens, sc = pieceScore(tokenize(clean(s[1])).tokens, t, m);
      if (sc > bs) { best = i; bs = sc; }
      return [tx, t];
    });
    if (best < 0) return { anchor: '', text: '', marks: [] };
    var text = texts[best][0], toks = texts[best][1], hits = [], j = 0, n = 0, k;
    toks.forEach(function (t, i) { if (m.hit(t)) hits.push(i); });
    hits.forEach(function (h, x) {
      var cnt = hits.slice(x).filter(function (y) { return toks[y].end - toks[h].start <= 160; }).length;
      if (cnt > n) { n = cnt; j = h; }
    });
    var first = j;
    for (k = 0; k <= j; k++) if (toks[j].start - toks[k].start <= 40) { first = k; break; }
    var start = hits.length ? toks[first].start : 0, end = start;
    for (k = hits.length ? first : 0; k < toks.length; k++) { if (toks[k].end - start > 220) break; end = toks[k].end; }
    if (end === start) end = Math.min(text.length, start + 220);
    var more = Array.from(text.slice(end)).some(isWord), lead = start > 0 ? '…' : '';
    if (!more) end = Math.max(text.trimEnd().length, start);
    return {
      anchor: part.s[best][0],
      text: lead + text.slice(start, end) + (more ? '…' : ''),
      marks: hits.map(function (i) { return toks[i]; }).filter(function (t) { return t.start >= start && t.end <= end; })
        .map(function (t) { return [t.start - start + lead.length, t.end - start + lead.length]; })
    };
  }

  /* ---------- engine ---------- */
  function Engine(base, meta, fetcher) {
    this.base = base; this.m = lexicon(meta); this.c = new Corpus(this.m); this.cache = new Map();
    this.fetch = fetcher || function (u) { return fetch(u).then(function (r) { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); }); };
  }
  Engine.prototype.file = function (path) {
    var c = this.cache;
    if (!c.has(path)) c.set(path, this.fetch(new URL(path, this.base).href).then(function (b) { return new Uint8Array(b); }));
    return c.get(path);
  };
  Engine.prototype.load = function (terms) {
    var self = this;
    return Promise.all(terms.filter(function (t) { return !self.c.terms.has(t); }).map(function (t) {
      var path = locate(t, self.m);
      return path && self.file(path).then(function (pack) {
        var r = findInPack(pack, t);
        if (r && !self.c.terms.has(t)) self.c.add(t, decodeRecord(r, self.m.np));
      });
    }));
  };
  Engine.prototype.search = function (q) {
    var self = this, m = this.m, p = plan(q, m);
    if (this.c.terms.size > 400) this.c.terms.clear();
    return this.load(planTerms(p, m)).then(function () {
      if (p.prefix === null) return;
      var ctx = prefixContext(p, m), t = ctx && self.c.terms.get(ctx);
      addCompletions(p, completions(p, m, t ? t.rec : null));
      return self.load(planTerms(p, m));
    }).then(function () {
      var terms = planTerms(p, m);
      return { plan: p, terms: terms, ranked: rank(p, terms, self.c), matcher: new Matcher(highlightKeys(p)) };
    });
  };
  /* The query a result link carries: a completed last word replaces the
   * typed prefix, and a trailing space marks the query as complete. */
  function linkQuery(p, c, doc) {
    var i = p.prefix;
    if (i === null) return p.clean;
    var f = p.features.find(function (f) { return f.kind === 'u' && f.i === i; });
    var comp = f.alts.find(function (a) { return a.prefix && c.posting(a.term, doc); });
    return comp ? p.clean.slice(0, p.slots[i].start) + comp.term + ' ' : p.clean;
  }
  Engine.prototype.hit = function (res, r) {
    var self = this, part = bestPart(res.terms, this.c, r.doc);
    return this.file(partPath(r.doc, part, this.m)).then(function (b) {
      var pf = JSON.parse(utf8.decode(b)), ex = excerpt(pf, res.matcher);
      return { url: pf.u, title: pf.t, path: pf.p, anchor: ex.anchor, score: r.score, excerpt: ex.text, marks: ex.marks,
        query: linkQuery(res.plan, self.c, r.doc) };
    });
  };

  var api = {
    clean: clean, normalize: normalize, fold: fold, forms: forms, tokenize: tokenize, spanText: spanText, telex: telex, vni: vni,
    decode: decode, abbrKey: abbrKey, ln: ln, plan: plan, Engine: Engine, excerpt: excerpt, Matcher: Matcher
  };
  if (typeof module === 'object' && module.exports) { module.exports = api; return; }

  /* ---------- §14 UI ---------- */
  var doc = document, engine = null, loading = null;
  function el(tag, cls, text) { var e = doc.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function manifest() { var t = doc.querySelector('meta[name="sotay-search"]'); return t && t.content; }
  function getEngine() {
    if (engine) return Promise.resolve(engine);
    if (!loading) {
      var url = new URL(manifest(), location.href).href;
      loading = fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (meta) { engine = new Engine(url, meta); return engine; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }
  function marked(parent, text, marks) {
    var at = 0;
    marks.forEach(function (mk) {
      if (mk[0] > at) parent.appendChild(doc.createTextNode(text.slice(at, mk[0])));
      parent.appendChild(el('mark', '', text.slice(mk[0], mk[1])));
      at = mk[1];
    });
    if (at < text.length) parent.appendChild(doc.createTextNode(text.slice(at)));
    return parent;
  }
  function markTokens(text, matcher) {
    return tokenize(text).tokens.filter(function (t) { return matcher.hit(t); }).map(function (t) { return [t.start, t.end]; });
  }
  function hintText(h) { return h[0] === 'a' ? h[1] + ' = ' + h[2] : '“' + h[1] + '” được hiểu là “' + h[2] + '”'; }

  function setupBox(input, box) {
    var status = el('div', 'sotay-status'), hint = el('div', 'sotay-hint'), list = el('ul', 'sotay-results');
    status.setAttribute('role', 'status'); status.setAttribute('aria-live', 'polite');
    list.id = 'sotay-listbox'; list.setAttribute('role', 'listbox'); list.setAttribute('aria-label', 'Kết quả tìm kiếm');
    box.textContent = ''; box.appendChild(status); box.appendChild(hint); box.appendChild(list);
    input.setAttribute('role', 'combobox'); input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false'); input.setAttribute('aria-controls', list.id);
    input.setAttribute('autocomplete', 'off');
    if (!input.getAttribute('aria-label')) input.setAttribute('aria-label', 'Tìm kiếm trong sổ tay');
    if (!input.placeholder) input.placeholder = 'Tìm kiếm… (nhấn /)';
    var seq = 0, timer = 0, active = -1, items = [];

    function setActive(i) {
      items.forEach(function (it, k) { it.setAttribute('aria-selected', k === i ? 'true' : 'false'); });
      active = i;
      if (i >= 0) { input.setAttribute('aria-activedescendant', items[i].id); items[i].scrollIntoView({ block: 'nearest' }); }
      else input.removeAttribute('aria-activedescendant');
    }
    function reset() {
      list.textContent = ''; hint.textContent = ''; items = []; setActive(-1);
      input.setAttribute('aria-expanded', 'false');
    }
    function render(q, res, hits) {
      reset();
      // The query these results answer, for scripts and tests waiting on a given search.
      list.setAttribute('data-query', q);
      var hs = res.plan.hints.map(hintText).filter(function (h, i, a) { return a.indexOf(h) === i; });
      if (hs.length) hint.textContent = 'Đã tìm cả: ' + hs.join('; ');
      hits.forEach(function (h, i) {
        var li = el('li', 'sotay-result'), a = el('a');
        li.id = 'sotay-opt-' + i; li.setAttribute('role', 'option'); li.setAttribute('aria-selected', 'false');
        a.href = h.url + '?q=' + encodeURIComponent(h.query) + (h.anchor ? '#' + encodeURIComponent(h.anchor) : '');
        a.tabIndex = -1;
        a.appendChild(marked(el('span', 'sotay-title'), h.title, markTokens(h.title, res.matcher)));
        if (h.path.length) a.appendChild(el('span', 'sotay-path', h.path.join(' › ')));
        a.appendChild(marked(el('span', 'sotay-excerpt'), h.excerpt, h.marks));
        li.appendChild(a); list.appendChild(li); items.push(li);
        li.addEventListener('mousemove', function () { if (active !== i) setActive(i); });
      });
      var total = res.ranked.length;
      input.setAttribute('aria-expanded', hits.length ? 'true' : 'false');
      status.textContent = total ? (total > hits.length ? 'Hiển thị ' + hits.length + ' trên ' + total + ' kết quả' : total + ' kết quả')
        : 'Không tìm thấy kết quả cho “' + q.trim() + '”. Hãy thử từ khác, gõ có dấu hoặc không dấu, hoặc dùng từ viết tắt như SXSH.';
    }
    function run() {
      var q = input.value, my = ++seq;
      if (!q.trim()) { reset(); status.textContent = ''; return; }
      status.textContent = 'Đang tìm…';
      getEngine().then(function (e) {
        return e.search(q).then(function (res) {
          return Promise.all(res.ranked.slice(0, 10).map(function (r) { return e.hit(res, r); })).then(function (hits) {
            if (my === seq) render(q, res, hits);
          });
        });
      }).catch(function () { if (my === seq) { reset(); status.textContent = 'Không tải được chỉ mục tìm kiếm. Vui lòng thử lại.'; } });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(run, 150); });
    input.addEventListener('focus', function () { getEngine().catch(function () {}); });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        if (!items.length) return;
        ev.preventDefault();
        var d = ev.key === 'ArrowDown' ? 1 : -1;
        setActive(active < 0 ? (d > 0 ? 0 : items.length - 1) : (active + d + items.length) % items.length);
      } else if (ev.key === 'Enter') {
        var it = items[active >= 0 ? active : 0];
        if (it) { ev.preventDefault(); location.href = it.querySelector('a').href; }
      } else if (ev.key === 'Escape') {
        if (items.length) reset(); else { input.value = ''; status.textContent = ''; input.blur(); }
      }
    });
    doc.addEventListener('keydown', function (ev) {
      var t = ev.target, tag = t && t.tagName;
      if (ev.key !== '/' || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
      ev.preventDefault(); input.focus(); input.select();
    });
  }

  function highlightPage(q) {
    getEngine().then(function (e) {
      var p = plan(q + ' ', e.m), m = new Matcher(highlightKeys(p));
      var root = doc.querySelector('main') || doc.querySelector('article') || doc.body;
      var walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: function (n) {
          var a = n.parentElement;
          if (!a || a.closest('script,style,noscript,textarea,mark,#search-results,header')) return NodeFilter.FILTER_REJECT;
          return n.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
        }
      });
      var nodes = [], n, firstMark = null;
      while ((n = walker.nextNode())) nodes.push(n);
      nodes.forEach(function (node) {
        var ms = markTokens(node.nodeValue, m);
        if (!ms.length) return;
        var frag = marked(doc.createDocumentFragment(), node.nodeValue, ms);
        firstMark = firstMark || frag.querySelector('mark');
        node.parentNode.replaceChild(frag, node);
      });
      var target = location.hash && doc.getElementById(decodeURIComponent(location.hash.slice(1)));
      var section = target || firstMark;
      if (section) section.scrollIntoView({ block: target ? 'start' : 'center' });
    }).catch(function () {});
  }

  function init() {
    var input = doc.getElementById('search-input'), box = doc.getElementById('search-results');
    if (!manifest()) return;
    if (input && box) setupBox(input, box);
    var q = new URLSearchParams(location.search).get('q');
    if (q) { if (input) input.value = q; highlightPage(q); }
  }
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init); else init();
})();
