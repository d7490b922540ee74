// Browser test of `sotay serve` in headless Debian Chromium (playwright-core drives it): an
// edit saved on disk shows in the open tab in place (no navigation, no manual reload), keeping
// the scroll position, and the theme's behaviours (table of contents, drawer, dark mode) work
// on the new content; an edit that changes a script reloads the page instead; a tab showing
// another page is left alone; a stylesheet change is swapped in without reloading; broken
// front matter shows the error overlay until it is fixed.
//
// Run by `cargo test --test serve` (which passes SOTAY_BIN), or alone after a build:
//   node --test tests/browser/serve.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.SOTAY_BIN ||
  [path.join(repo, "target/release/sotay"), path.join(repo, "target/debug/sotay")].find((p) => fs.existsSync(p));
const CHROMIUM = "/usr/bin/chromium";
const WAIT = 30000;
const shots = process.env.SOTAY_SCREENSHOTS || os.tmpdir();

function startServe(root) {
  const proc = spawn(bin, ["--root", root, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("sotay serve did not start:\n" + out)), 60000);
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/Xem trước tại (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on("exit", (code) => reject(new Error(`sotay serve exited (${code}):\n${out}`)));
  });
  return { proc, url, output: () => out };
}

function prepareSite() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sotay-browser-serve-"));
  fs.cpSync(path.join(repo, "tests/fixtures/basic"), root, { recursive: true });
  // A copy of the theme, so the stylesheet can be edited without touching the repository.
  fs.cpSync(path.join(repo, "themes/default"), path.join(root, "themes/default"), { recursive: true });
  const chapter = path.join(root, "content/phan-1/chuong-1/_index.md");
  const filler = Array.from({ length: 80 }, (_, i) =>
    (i === 40 ? "## Đoạn giữa\n\n" : i === 70 ? "## Đoạn cuối\n\n" : "") + `Đoạn văn thứ ${i + 1} để trang đủ dài mà cuộn.`).join("\n\n");
  fs.appendFileSync(chapter, "\n\n" + filler + "\n");
  return { root, chapter, css: path.join(root, "themes/default/static/style.css") };
}

test("sotay serve updates pages in place, reloads when it must, swaps stylesheets and shows the error overlay", { timeout: 240000 }, async () => {
  assert.ok(bin && fs.existsSync(bin), "no sotay binary: run cargo build --release, or set SOTAY_BIN");
  assert.ok(fs.existsSync(CHROMIUM), "chromium is missing: run tools/install-deps.sh (apt-get install chromium)");
  const site = prepareSite();
  const serve = startServe(site.root);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
  try {
    const base = await serve.url;
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: "vi-VN" });
    const page = await context.newPage();
    const other = await context.newPage();
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 800 });
    const logs = [];
    for (const [name, p] of [["page", page], ["phone", phone]]) p.on("console", (m) => logs.push(`${name}: ${m.text()}`));
    await page.goto(base + "phan-1/chuong-1/");
    await other.goto(base + "phan-1/chuong-2/");
    await phone.goto(base + "phan-1/chuong-1/");
    for (const p of [page, other, phone]) {
      await p.waitForSelector('html[data-sotay-live="connected"]', { timeout: WAIT });
      await p.evaluate(() => { window.sotayMarker = "before"; });
    }
    await page.evaluate(() => window.scrollTo(0, 1500));
    const before = await page.evaluate(() => window.scrollY);
    assert.ok(before > 1000, `page is long enough to scroll (${before})`);
    const shows = (p, text) => p.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: WAIT });

    // 1. Save an edit: the tab showing the page is updated in place (same window: no
    //    navigation), at the same scroll position.
    fs.appendFileSync(site.chapter, "\nĐoạn vừa lưu trong trình soạn thảo.\n");
    await shows(page, "Đoạn vừa lưu trong trình soạn thảo.");
    assert.equal(await page.evaluate(() => window.sotayMarker), "before", `the page was updated in place\n${logs.join("\n")}`);
    assert.equal(await page.evaluate(() => window.scrollY), before, "the scroll position is kept");
    await shows(phone, "Đoạn vừa lưu trong trình soạn thảo.");
    assert.equal(await phone.evaluate(() => window.sotayMarker), "before", `the phone-sized tab was updated in place\n${logs.join("\n")}`);
    assert.equal(await page.evaluate(() => window.sotayInline), 2, "the page's own script ran once, at load");
    await page.screenshot({ path: path.join(shots, "sotay-serve-updated.png") });
    await page.getByText("Đoạn vừa lưu trong trình soạn thảo.").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, "sotay-serve-updated-text.png") });
    assert.equal(await other.evaluate(() => window.sotayMarker), "before", "a tab showing another page is left alone");

    // 2. A second edit renames a heading and the page's title: the table of contents, the
    //    sidebar and the tab's title follow, still in place, and the theme's behaviours work on
    //    the new elements.
    const edited = fs.readFileSync(site.chapter, "utf8")
      .replace("## Đoạn cuối\n", "## Đoạn cuối đã sửa\n")
      .replace('title = "Sản xuất sạch hơn là gì?"', 'title = "Sản xuất sạch hơn là gì? (bản sửa)"');
    fs.writeFileSync(site.chapter, edited);
    const tocLink = page.locator("#page-toc a", { hasText: "Đoạn cuối đã sửa" });
    await tocLink.waitFor({ state: "attached", timeout: WAIT });
    await page.waitForFunction(() => document.title.includes("(bản sửa)"), null, { timeout: WAIT });
    assert.ok(await page.locator("#sidebar a[aria-current=page]", { hasText: "(bản sửa)" }).count(), "the sidebar shows the new title");
    assert.equal(await page.evaluate(() => window.sotayMarker), "before", `still the same window\n${logs.join("\n")}`);
    //    The updated page reads exactly like the page loaded afresh.
    const texts = (p) => p.evaluate(() => ["main", "sidebar"].map((id) => document.getElementById(id).textContent));
    const fresh = await context.newPage();
    await fresh.goto(base + "phan-1/chuong-1/");
    assert.deepEqual(await texts(page), await texts(fresh), "same text as a fresh load");
    await fresh.close();
    //    Table of contents: following the renamed heading marks its (new) link as the section in view.
    const target = decodeURIComponent((await tocLink.getAttribute("href")).slice(1));
    await page.evaluate((id) => document.getElementById(id).scrollIntoView(), target);
    await page.waitForFunction((id) => {
      const a = document.querySelector("#page-toc a.is-active");
      return a && decodeURIComponent(a.getAttribute("href").slice(1)) === id;
    }, target, { timeout: WAIT });
    //    Dark mode toggle.
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.click("#theme-toggle");
    assert.notEqual(await page.evaluate(() => document.documentElement.dataset.theme), theme, "the dark mode toggle works");
    await page.click("#theme-toggle");
    //    Drawer on a phone: its close button was replaced (first swap) and works again;
    //    the table of contents stays folded.
    await phone.waitForFunction(() => document.title.includes("(bản sửa)"), null, { timeout: WAIT });
    await phone.locator("#page-toc a", { hasText: "Đoạn cuối đã sửa" }).waitFor({ state: "attached", timeout: WAIT });
    assert.equal(await phone.evaluate(() => window.sotayMarker), "before", "the phone-sized tab was updated in place again");
    assert.equal(await phone.evaluate(() => document.querySelector("#page-toc details").open), false, "the table of contents stays folded on a phone");
    await phone.click("#menu-button");
    await phone.waitForSelector("html.nav-open", { timeout: WAIT });
    assert.equal(await phone.getAttribute("#drawer-close", "role"), "button");
    await phone.screenshot({ path: path.join(shots, "sotay-serve-drawer-after-update.png") });
    await phone.click("#drawer-close");
    await phone.waitForFunction(() => !document.documentElement.classList.contains("nav-open"), null, { timeout: WAIT });
    assert.equal(await phone.evaluate(() => location.hash), "", "the close button is handled by the theme, not followed as a link");
    assert.equal(await phone.evaluate(() => document.activeElement && document.activeElement.id), "menu-button", "focus returns to the menu button");

    // 3. An edit that changes a script of the page: the tab reloads, so the script runs, at
    //    the same scroll position.
    await page.evaluate(() => window.scrollTo(0, 1500));
    const before2 = await page.evaluate(() => window.scrollY);
    fs.writeFileSync(site.chapter, fs.readFileSync(site.chapter, "utf8").replace("data.a + 1", "data.a + 2"));
    await page.waitForFunction(() => window.sotayInline === 3, null, { timeout: WAIT });
    await page.waitForSelector('html[data-sotay-live="connected"]', { timeout: WAIT });
    assert.equal(await page.evaluate(() => window.sotayMarker), undefined, "the page was reloaded");
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, before2, { timeout: WAIT });
    await page.screenshot({ path: path.join(shots, "sotay-serve-reloaded.png") });
    assert.equal(await other.evaluate(() => window.sotayMarker), "before", "a tab showing another page is not reloaded");

    // 2. Change a stylesheet: swapped in place, no reload.
    fs.appendFileSync(site.css, "\nbody { outline: 7px solid rgb(200, 30, 40); }\n");
    await page.waitForFunction(() => getComputedStyle(document.body).outlineWidth === "7px", null, { timeout: WAIT });
    await page.evaluate(() => { window.sotayMarker = "styled"; });
    await other.waitForFunction(() => getComputedStyle(document.body).outlineWidth === "7px", null, { timeout: WAIT });
    assert.equal(await other.evaluate(() => window.sotayMarker), "before", "the stylesheet was swapped without a reload");

    // 3. Break the front matter: the overlay names file, line and the offending line; the last
    //    good page stays; fixing the file removes the overlay.
    const good = fs.readFileSync(site.chapter, "utf8");
    fs.writeFileSync(site.chapter, good.replace("weight = 1\n", "weight = 1\ntittle = \"sai chính tả\"\n"));
    const overlay = page.locator("sotay-error-overlay");
    await overlay.waitFor({ state: "attached", timeout: WAIT });
    // Playwright's CSS locators look inside the overlay's (open) shadow root.
    const text = await page.locator("sotay-error-overlay [role=alertdialog]").innerText();
    assert.match(text, /content\/phan-1\/chuong-1\/_index\.md:4/);
    assert.match(text, /tittle = "sai chính tả"/);
    assert.match(text, /Cách sửa/);
    assert.equal(await page.evaluate(() => window.sotayMarker), "styled", "no reload while the file is broken");
    assert.ok((await page.evaluate(() => document.body.innerText)).includes("Đoạn vừa lưu"), "the last good page is still shown");
    await page.screenshot({ path: path.join(shots, "sotay-serve-overlay.png") });
    await other.locator("sotay-error-overlay").waitFor({ state: "attached", timeout: WAIT });

    fs.writeFileSync(site.chapter, good);
    await overlay.waitFor({ state: "detached", timeout: WAIT });
    await other.locator("sotay-error-overlay").waitFor({ state: "detached", timeout: WAIT });
  } finally {
    await browser.close();
    serve.proc.kill("SIGTERM");
    await new Promise((resolve) => { serve.proc.once("exit", resolve); setTimeout(resolve, 5000); });
    fs.rmSync(site.root, { recursive: true, force: true });
  }
});
