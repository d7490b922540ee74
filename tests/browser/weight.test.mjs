// Page weight, measured in Chromium on the real handbook: everything a page loads comes from
// its own origin, and a typical content page stays within the budget (gzip-compressed text,
// fonts and images as they are), reading it to the end (lazy images included).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { buildSite, contentPages, launch, listPages, serve } from "./support.mjs";

const BUDGET_WITHOUT_FONTS = 60 * 1024;
const BUDGET_WITH_FONTS = 150 * 1024;
const TEXT = /\.(html|css|js|mjs|json|svg|txt|xml)$|\/$/;

let out, pages, server, browser;
before(async () => {
  out = buildSite();
  pages = listPages(out);
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Loads `path`, scrolls through it, and returns what it fetched with compressed sizes. */
async function weigh(path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const fetched = [];
  page.on("response", async (res) => {
    const url = new URL(res.url());
    if (url.protocol === "data:") return;
    fetched.push(res.body().then((body) => ({ url, body })).catch(() => ({ url, body: Buffer.alloc(0) })));
  });
  await page.goto(server.url + path, { waitUntil: "load" });
  await page.evaluate(() => Promise.all([...document.images].map((img) => {
    img.loading = "eager";
    return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
  })));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState("networkidle");
  const files = await Promise.all(fetched);
  await context.close();
  const origin = new URL(server.url).origin;
  return files.map(({ url, body }) => ({
    path: url.pathname,
    sameOrigin: url.origin === origin,
    font: url.pathname.endsWith(".woff2"),
    bytes: TEXT.test(url.pathname) ? gzipSync(body, { level: 6 }).length : body.length,
  }));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

test("a typical content page is within budget and loads nothing from another origin", async () => {
  const report = [];
  const typical = contentPages(out, pages);
  for (const path of ["/", ...typical]) {
    const files = await weigh(path);
    const foreign = files.filter((f) => !f.sameOrigin).map((f) => f.path);
    assert.deepEqual(foreign, [], `${path} loads from another origin`);
    const withoutFonts = files.filter((f) => !f.font).reduce((s, f) => s + f.bytes, 0);
    const fonts = files.filter((f) => f.font).reduce((s, f) => s + f.bytes, 0);
    report.push(`${path}: ${kb(withoutFonts)} without fonts, ${kb(withoutFonts + fonts)} with fonts`);
    for (const f of files) report.push(`    ${kb(f.bytes).padStart(9)}  ${f.path}`);
    if (path !== "/") {
      assert.ok(withoutFonts <= BUDGET_WITHOUT_FONTS, `${path}: ${kb(withoutFonts)} > ${kb(BUDGET_WITHOUT_FONTS)} without fonts`);
      assert.ok(withoutFonts + fonts <= BUDGET_WITH_FONTS, `${path}: ${kb(withoutFonts + fonts)} > ${kb(BUDGET_WITH_FONTS)} with fonts`);
    }
  }
  console.log(report.join("\n"));
});
