// The search box of the default theme in headless Chromium, on the real handbook: a reader
// types into <input id="search-input"> and reads #search-results. Assertions say what a
// reader expects (the page about the topic comes first, the words are highlighted), never a
// list copied from the output. A tiny fixture site checks that excerpts cannot inject HTML.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, launch, repoRoot, serve } from "./support.mjs";

const DESKTOP = { width: 1280, height: 800 };
let out, server, browser;

before(async () => {
  out = buildSite();
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens `path` of `srv` with a fresh context; collects script errors and dialogs. */
async function open(srv, path = "/") {
  const context = await browser.newContext({ viewport: DESKTOP, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("dialog", (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(srv.url + path);
  return { context, page, errors };
}

/** Types `query` into the search box (or pastes it, like text copied from a PDF) and waits
 * until #search-results shows the answer to exactly that query; returns the results. */
async function search(page, query, { paste = false } = {}) {
  const input = page.locator("#search-input");
  await input.fill("");
  if (paste) await input.fill(query);
  else await input.pressSequentially(query);
  await page.waitForFunction((q) => {
    const list = document.querySelector("#search-results [role=listbox]");
    return list && list.getAttribute("data-query") === q;
  }, query);
  return page.evaluate(() => ({
    status: document.querySelector("#search-results [role=status]").textContent,
    hint: document.querySelector("#search-results .sotay-hint").textContent,
    results: [...document.querySelectorAll("#search-results [role=option]")].map((li) => ({
      href: li.querySelector("a").getAttribute("href"),
      title: li.querySelector(".sotay-title").textContent,
      excerpt: li.querySelector(".sotay-excerpt").textContent,
      marks: [...li.querySelectorAll("mark")].map((m) => m.textContent.toLowerCase()),
      html: li.innerHTML,
    })),
  }));
}

const pathOf = (href) => new URL(href, "http://x").pathname;
/** Page and section of a result link, without the query it carries. */
const place = (r) => { const u = new URL(r.href, "http://x"); return u.pathname + u.hash; };
const lower = (s) => s.toLowerCase();

describe("search on the handbook", () => {
  let page, errors, context;
  before(async () => ({ page, errors, context } = await open(server)));
  after(async () => {
    assert.deepEqual(errors, [], "script errors or dialogs");
    await context.close();
  });

  test("san xuat sach hon: pages saying the whole phrase come first", async () => {
    const { results } = await search(page, "san xuat sach hon");
    assert.ok(results.length >= 3);
    for (const r of results.slice(0, 3)) {
      assert.match(lower(r.title + " " + r.excerpt), /sản xuất sạch hơn/, `${r.title}: the phrase, not scattered words`);
    }
    assert.ok(results[0].marks.includes("sạch"), "folded query highlights the marked words");
  });

  test("SXSH: the long form is searched too, with a hint", async () => {
    const { results, hint } = await search(page, "SXSH");
    assert.match(hint, /SXSH = sản xuất sạch hơn/i);
    assert.ok(results.length >= 5);
    const long = results.filter((r) => /sản xuất sạch hơn/.test(lower(r.excerpt)) && !/sxsh/i.test(r.excerpt));
    assert.ok(long.length >= 1, "pages saying “sản xuất sạch hơn” without the acronym are found");
  });

  test("dau tu: pages about investment, not the appendix full of “dầu” (oil)", async () => {
    const { results } = await search(page, "dau tu");
    const top = results[0];
    assert.match(top.title, /Nguồn lực tài chính|phân tích khả thi/, `top result: ${top.title}`);
    assert.match(lower(top.excerpt), /đầu tư/);
    assert.ok(!results.slice(0, 3).some((r) => /Phụ lục 2/.test(r.title)), "oil appendix not in the top 3");
  });

  test("hoà and hòa give the same results; so does a query pasted in NFD", async () => {
    const a = await search(page, "hoà");
    const b = await search(page, "hòa");
    const nfd = await search(page, "nước thải".normalize("NFD"), { paste: true });
    const nfc = await search(page, "nước thải", { paste: true });
    assert.ok(a.results.length > 0);
    assert.deepEqual(a.results.map(place), b.results.map(place));
    assert.ok(nfc.results.length > 0);
    assert.deepEqual(nfd.results.map(place), nfc.results.map(place));
  });

  test("Telex and VNI typed without an IME find nước thải", async () => {
    const plain = await search(page, "nuoc thai ");
    assert.match(plain.results[0].title, /nước/i, "folded query: a page about water first");
    for (const q of ["nuowcs thari", "nu7o71c tha3i"]) {
      const { results, hint } = await search(page, q);
      assert.match(hint, /được hiểu là “nước”/, `${q}: hint`);
      assert.match(hint, /“thải”/, `${q}: hint`);
      assert.equal(pathOf(results[0].href), pathOf(plain.results[0].href), `${q}: same top page as “nuoc thai”`);
      assert.ok(results[0].marks.includes("nước") && results[0].marks.includes("thải"), `${q}: highlights`);
    }
  });

  test("folded matches are highlighted: nuoc thai marks “nước thải”", async () => {
    const { results } = await search(page, "nuoc thai");
    assert.ok(results.slice(0, 3).every((r) => r.marks.includes("nước") && r.marks.includes("thải")));
  });

  test("40:2011 finds the page citing QCVN 40:2011/BTNMT", async () => {
    const { results } = await search(page, "40:2011");
    assert.ok(results.length > 0);
    assert.match(results[0].excerpt, /40:2011/);
  });

  test("tiết kiệm năng l: the last word is a prefix (năng lượng)", async () => {
    const { results } = await search(page, "tiết kiệm năng l");
    assert.match(lower(results[0].title + " " + results[0].excerpt), /tiết kiệm năng lượng/);
    assert.ok(results[0].marks.includes("lượng"), "the completed word is highlighted");
  });

  test("a query with no match says so and suggests what to try", async () => {
    const { results, status } = await search(page, "qzxwv");
    assert.equal(results.length, 0);
    assert.match(status, /Không tìm thấy kết quả cho “qzxwv”/);
    assert.match(status, /không dấu|viết tắt/);
  });
});

describe("keyboard and the opened page", () => {
  test("arrow keys + Enter open a result, which highlights the words and shows the section", async () => {
    const { context, page, errors } = await open(server);
    const { results } = await search(page, "nuoc thai");
    assert.ok(results.length >= 2);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowDown");
    const selected = await page.evaluate(() => {
      const s = document.querySelectorAll("#search-results [aria-selected=true]");
      const input = document.getElementById("search-input");
      return { n: s.length, id: s[0]?.id, active: input.getAttribute("aria-activedescendant") };
    });
    assert.equal(selected.n, 1);
    assert.equal(selected.id, "sotay-opt-1", "Down, Down, Up, Down selects the second result");
    assert.equal(selected.active, selected.id);
    const target = new URL(results[1].href, server.url);
    await Promise.all([page.waitForURL((u) => u.pathname === target.pathname), page.keyboard.press("Enter")]);
    assert.equal(new URL(page.url()).hash, target.hash);
    await page.waitForSelector("main mark");
    const seen = await page.evaluate(() => {
      const marks = [...document.querySelectorAll("main mark")].map((m) => m.textContent.toLowerCase());
      const id = decodeURIComponent(location.hash.slice(1));
      const r = id ? document.getElementById(id).getBoundingClientRect() : null;
      return { marks, top: r && r.top, height: innerHeight };
    });
    assert.ok(seen.marks.includes("nước") && seen.marks.includes("thải"), "page highlights nước thải");
    if (target.hash) {
      assert.ok(seen.top >= -2 && seen.top < seen.height, `section on screen (top ${seen.top})`);
    }
    await context.close();
    assert.deepEqual(errors, []);
  });
});

describe("excerpts are text, never HTML", () => {
  let fixture, tmp;
  before(async () => {
    // A copy of the test fixture plus one page whose text looks like HTML.
    tmp = mkdtempSync(join(tmpdir(), "sotay-search-xss-"));
    cpSync(join(repoRoot, "tests", "fixtures", "basic"), tmp, { recursive: true });
    symlinkSync(join(repoRoot, "themes"), join(tmp, "themes"));
    writeFileSync(join(tmp, "content", "phu-luc", "thu-tim-kiem.md"),
      '+++\ntitle = "Trang thử <b>đậm</b>"\nweight = 99\n+++\n\n' +
      "Chuỗi thử zxqv \\<img src=x onerror=alert(1)> và `<script>alert(2)</script>` zxqv cuối.\n");
    const saved = process.env.SOTAY_SITE_ROOT;
    process.env.SOTAY_SITE_ROOT = tmp;
    try {
      fixture = await serve(buildSite());
    } finally {
      if (saved === undefined) delete process.env.SOTAY_SITE_ROOT;
      else process.env.SOTAY_SITE_ROOT = saved;
    }
  });
  after(async () => {
    await fixture?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  test("text like <img onerror> shows as text in the title and excerpt", async () => {
    const { context, page, errors } = await open(fixture);
    const { results } = await search(page, "zxqv");
    assert.equal(results.length, 1);
    assert.match(results[0].excerpt, /<img src=x onerror=alert\(1\)>/);
    assert.match(results[0].excerpt, /<script>alert\(2\)<\/script>/);
    assert.match(results[0].title, /<b>đậm<\/b>/);
    const injected = await page.evaluate(() => document.querySelectorAll("#search-results img, #search-results script, #search-results b").length);
    assert.equal(injected, 0, "no element created from page text");
    assert.ok(results[0].html.includes("&lt;img"), "escaped in the markup");
    await context.close();
    assert.deepEqual(errors, [], "no alert, no script error");
  });
});
