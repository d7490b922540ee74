// The reading experience of the default theme in headless Chromium, on the real handbook:
// no sideways scrolling, the drawer, the table of contents, the theme toggle, printing, and
// screenshots for a reviewer in tests/screenshots/.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite, contentPages, launch, listPages, screenshotDir, serve } from "./support.mjs";

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

let out, pages, server, browser, content;

before(async () => {
  out = buildSite();
  pages = listPages(out);
  content = contentPages(out, pages);
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path, { viewport = DESKTOP, colorScheme = "light", javaScriptEnabled = true, reducedMotion = "no-preference" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, javaScriptEnabled, reducedMotion, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.url + path);
  await page.evaluate(() => document.fonts.ready);
  return { context, page, errors };
}

describe("no horizontal overflow", () => {
  for (const viewport of [PHONE, DESKTOP]) {
    test(`every page at ${viewport.width}×${viewport.height}`, async () => {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      const overflowing = [];
      for (const path of pages) {
        await page.goto(server.url + path);
        const m = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        if (m.scroll > m.client) overflowing.push(`${path}: ${m.scroll}px > ${m.client}px`);
      }
      await context.close();
      assert.deepEqual(overflowing, [], "pages wider than the screen");
      assert.deepEqual(errors, [], "script errors");
    });
  }
});

describe("navigation drawer on a phone", () => {
  test("opens and closes with the keyboard, keeping focus inside", async () => {
    const { context, page, errors } = await open(content[0], { viewport: PHONE });
    const sidebar = page.locator("#sidebar");
    assert.equal(await sidebar.isVisible(), false, "drawer starts closed");
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // menu button
    assert.equal(await page.evaluate(() => document.activeElement.id), "menu-button");
    await page.keyboard.press("Enter");
    await sidebar.waitFor({ state: "visible" });
    assert.equal(await page.getAttribute("#menu-button", "aria-expanded"), "true");
    // It slides in, then sits fully on screen.
    await page.waitForFunction(() => {
      const r = document.getElementById("sidebar").getBoundingClientRect();
      return r.left >= 0 && r.right <= window.innerWidth;
    });
    // Focus starts on the current page's link and Tab never leaves the drawer.
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-current")), "page");
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => document.getElementById("sidebar").contains(document.activeElement));
      assert.ok(inside, `Tab ${i + 1} left the open drawer`);
    }
    await page.keyboard.press("Escape");
    await sidebar.waitFor({ state: "hidden" });
    assert.equal(await page.getAttribute("#menu-button", "aria-expanded"), "false");
    assert.equal(await page.evaluate(() => document.activeElement.id), "menu-button", "focus returns to the menu button");
    // Space opens it too; the close button closes it.
    await page.keyboard.press(" ");
    await sidebar.waitFor({ state: "visible" });
    await page.focus("#drawer-close");
    await page.keyboard.press("Enter");
    await sidebar.waitFor({ state: "hidden" });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("works without JavaScript", async () => {
    const { context, page } = await open(content[0], { viewport: PHONE, javaScriptEnabled: false });
    const sidebar = page.locator("#sidebar");
    assert.equal(await sidebar.isVisible(), false);
    await page.click("#menu-button");
    await sidebar.waitFor({ state: "visible" });
    const link = sidebar.locator("a[aria-current='page']");
    assert.equal(await link.count(), 1, "current page marked in the drawer");
    await page.click("#drawer-close");
    await sidebar.waitFor({ state: "hidden" });
    // The table of contents is open and its links work.
    const tocLink = page.locator("#page-toc a").first();
    assert.ok(await tocLink.isVisible(), "table of contents visible without script");
    await context.close();
  });

  test("touch targets are at least 44 px", async () => {
    const { context, page } = await open(content[0], { viewport: PHONE });
    await page.click("#menu-button");
    await page.locator("#sidebar").waitFor({ state: "visible" });
    const small = await page.evaluate(() => {
      const sel = "#sidebar a, #sidebar summary, .site-header a, .site-header button, .breadcrumbs a, .prev-next a, .link-cards a";
      return [...document.querySelectorAll(sel)]
        .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 2 && (r.height < 43.5 || r.width < 43.5))
        .map(({ el, r }) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    });
    assert.deepEqual(small, []);
    await context.close();
  });

  test("wide tables scroll inside their own box, with a visible cue", async () => {
    const { context, page } = await open(content[0], { viewport: PHONE });
    const tables = await page.evaluate(() => [...document.querySelectorAll(".table-wrap")].map((w) => ({
      overflows: w.scrollWidth > w.clientWidth + 1,
      cue: w.classList.contains("more-right") && !!w.previousElementSibling?.classList.contains("scroll-hint"),
      focusable: w.tabIndex === 0,
    })));
    assert.ok(tables.length > 0, "the content page has tables");
    for (const t of tables.filter((t) => t.overflows)) {
      assert.ok(t.cue, "an overflowing table shows the drag hint and the fade");
      assert.ok(t.focusable, "an overflowing table can be scrolled with the keyboard");
    }
    await context.close();
  });
});

describe("desktop reading", () => {
  test("open groups of the navigation fold and unfold", async () => {
    const { context, page } = await open(content[0]);
    const group = page.locator("#sidebar details").first();
    const child = group.locator("ul a").first();
    assert.ok(await child.isVisible());
    assert.match(await group.locator("> summary").textContent(), /^Các mục trong \S/, "the toggle has an accessible name");
    await group.locator("> summary").click();
    assert.equal(await child.isVisible(), false, "folded");
    await group.locator("> summary").press("Enter");
    assert.ok(await child.isVisible(), "unfolded with the keyboard");
    await context.close();
  });

  test("the current page is highlighted and scrolled into view in the sidebar", async () => {
    const last = pages.filter((p) => p !== "/404.html").at(-1);
    const { context, page } = await open(last);
    const link = page.locator("#sidebar a[aria-current='page']");
    assert.equal(await link.count(), 1);
    const [lb, sb] = [await link.boundingBox(), await page.locator("#sidebar").boundingBox()];
    assert.ok(lb.y >= sb.y && lb.y + lb.height <= sb.y + sb.height, `current link visible in the sidebar: ${lb.y} in ${sb.y}..${sb.y + sb.height}`);
    const bg = await link.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(bg, "rgba(0, 0, 0, 0)", "current link highlighted");
    await context.close();
  });

  test("folded on phones before the text below it is parsed, so the text never jumps", async () => {
    // theme.js is deferred: on a slow connection the page is painted long before it runs, and a
    // box folded only then would pull the whole text up under the reader's eyes.
    for (const [viewport, open] of [[PHONE, false], [DESKTOP, true]]) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
          if (document.querySelector(".doc .content")) {
            window.__tocOpenAtText = document.querySelector("#page-toc details").open;
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(server.url + content[0]);
      assert.equal(await page.evaluate(() => window.__tocOpenAtText), open, `${viewport.width} px`);
      assert.equal(await page.locator("#page-toc details").evaluate((d) => d.open), open, `${viewport.width} px, after theme.js`);
      await context.close();
    }
  });

  for (const viewport of [DESKTOP, PHONE]) {
    test(`table-of-contents links scroll to their headings (${viewport.width} px)`, async () => {
      const { context, page, errors } = await open(content[0], { viewport });
      const links = page.locator("#page-toc a");
      const n = await links.count();
      assert.ok(n >= 2, "the content page has a table of contents");
      for (const i of [n - 1, 1]) {
        if (viewport === PHONE) {
          // Folded on phones: open it first.
          if (!(await links.nth(i).isVisible())) await page.click("#page-toc summary");
        }
        const href = await links.nth(i).getAttribute("href");
        await links.nth(i).click();
        const id = decodeURIComponent(href.slice(1));
        await page.waitForFunction((id) => {
          const h = document.getElementById(id);
          const r = h.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight / 2;
        }, id);
        const pos = await page.evaluate((id) => {
          const h = document.getElementById(id).getBoundingClientRect();
          const header = document.getElementById("site-header").getBoundingClientRect();
          return { top: h.top, headerBottom: header.bottom, hash: location.hash };
        }, id);
        assert.equal(decodeURIComponent(pos.hash), `#${id}`);
        assert.ok(pos.top >= pos.headerBottom - 1, `heading #${id} not hidden under the header: ${pos.top} < ${pos.headerBottom}`);
        if (viewport === DESKTOP) {
          // The section in view is highlighted in the table of contents.
          await page.waitForFunction((href) => document.querySelector("#page-toc a.is-active")?.getAttribute("href") === href, href);
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }
});

describe("light and dark", () => {
  test("the toggle switches, persists across pages and never flashes", async () => {
    const { context, page, errors } = await open(content[0], { colorScheme: "light" });
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(await page.getAttribute("html", "data-theme"), "light");
    const lightBg = await bg();
    // The toggle's icon (a CSS mask) is the moon in light, the sun in dark.
    const icon = () => page.evaluate(() => getComputedStyle(document.getElementById("theme-toggle"), "::before").maskImage);
    const moon = await icon();
    assert.match(moon, /^url\(/, "the toggle shows an icon");
    await page.click("#theme-toggle");
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    assert.equal(await page.getAttribute("#theme-toggle", "aria-pressed"), "true");
    assert.notEqual(await bg(), lightBg, "background changes");
    assert.notEqual(await icon(), moon, "the icon changes");
    // On the next page the theme is set before <body> exists, i.e. before anything is painted.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body) {
          window.__themeAtBody = document.documentElement.getAttribute("data-theme");
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.click(".prev-next a");
    await page.waitForLoadState("load");
    assert.equal(await page.evaluate(() => window.__themeAtBody), "dark");
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    await page.click("#theme-toggle");
    await page.reload();
    assert.equal(await page.evaluate(() => window.__themeAtBody), "light");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("follows the system setting until the reader chooses", async () => {
    const { context, page } = await open("/", { colorScheme: "dark" });
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    assert.equal(await page.getAttribute("#theme-toggle", "aria-pressed"), "true");
    await context.close();
  });
});

describe("printing one page", () => {
  test("hides navigation and search, shows external link addresses, A4", async () => {
    const { context, page } = await open(content[0]);
    await page.emulateMedia({ media: "print" });
    for (const sel of [".site-header", "#sidebar", "#page-toc", ".prev-next", ".site-footer", "#search-input"]) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} hidden in print`);
    }
    // The handbook's own external links, or one added for the check when a page has none.
    const external = await page.evaluate(() => {
      let a = [...document.querySelectorAll(".content a.external")].find((x) => x.href.startsWith("http"));
      if (!a) {
        a = Object.assign(document.createElement("a"), { className: "external", href: "https://example.org/tai-lieu", textContent: "tài liệu" });
        document.querySelector(".content").append(a);
      }
      return { href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content };
    });
    assert.ok(external.after.includes(external.href), `URL after the link text: ${external.after}`);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const size = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)/);
    assert.ok(size, "PDF has a MediaBox");
    assert.ok(Math.abs(+size[1] - 595.3) < 2 && Math.abs(+size[2] - 841.9) < 2, `A4 page: ${size[1]}×${size[2]} pt`);
    await context.close();
  });
});

describe("screenshots for review", () => {
  test("home and a content page, both widths, both themes", async () => {
    mkdirSync(screenshotDir, { recursive: true });
    const shots = [];
    for (const [name, path] of [["trang-chu", "/"], ["trang-noi-dung", content[0]]]) {
      for (const [w, viewport] of [["360", PHONE], ["1280", DESKTOP]]) {
        for (const theme of ["light", "dark"]) {
          const { context, page } = await open(path, { viewport, colorScheme: theme });
          const file = join(screenshotDir, `${name}-${w}-${theme === "light" ? "sang" : "toi"}.png`);
          await page.screenshot({ path: file });
          if (theme === "light") {
            // Full-page pictures do not scroll, so lazy images would stay blank: load them now.
            await page.evaluate(() => Promise.all([...document.images].map((img) => {
              img.loading = "eager";
              return img.complete ? null : new Promise((done) => { img.onload = img.onerror = done; });
            })));
            await page.screenshot({ path: file.replace(".png", "-ca-trang.png"), fullPage: true });
          }
          shots.push(file);
          await context.close();
        }
      }
    }
    // The drawer open on a phone, and the printed page.
    // Reduced motion: no slide-in transition, so the picture shows the drawer in place.
    const { context, page } = await open(content[0], { viewport: PHONE, reducedMotion: "reduce" });
    await page.click("#menu-button");
    await page.locator("#sidebar").waitFor({ state: "visible" });
    await page.screenshot({ path: join(screenshotDir, "ngan-muc-luc-360.png") });
    await context.close();
    // What "Print" in the browser gives, as a PDF (A4, from the desktop view).
    const desk = await open(content[0]);
    await desk.page.pdf({ path: join(screenshotDir, "ban-in-a4.pdf"), preferCSSPageSize: true });
    await desk.context.close();
    console.log(`screenshots in ${screenshotDir}: ${shots.length + 1} views and ban-in-a4.pdf`);
  });
});
