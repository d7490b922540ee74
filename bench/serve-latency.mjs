// Save-to-screen benchmark of `sotay serve`: for each site, starts the preview, opens a page in
// headless Chromium, then repeatedly appends a paragraph to that page's Markdown file and
// measures, end to end, the time from the write to the tab having painted the new text (wall
// clock, in the page, two animation frames after the new text is in the document: the
// DOMContentLoaded of a reload, or the DOM change of an update in place; whichever happened,
// the text must be there). It also records the rebuild time `sotay serve` prints for each
// edit, the time until the tab is told of the change (the server's share), and how many edits
// reloaded the tab rather than updating it in place.
//
//   node bench/serve-latency.mjs [--bin target/release/sotay] [--edits 15] ROOT URL FILE [ROOT URL FILE…]
//
// ROOT is a project folder (it is copied to a temporary folder first: the benchmark never
// edits the real files), URL the page to watch, FILE its Markdown file relative to ROOT.
// Example (see bench/serve-latency.md for the full recipe):
//   node bench/serve-gen-site.mjs 1000 /tmp/site-1k
//   node bench/serve-latency.mjs /tmp/site-1k /phan-1/chuong-1/trang-1/ content/phan-1/chuong-1/trang-1.md
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
let bin = path.join(repo, "target/release/sotay");
let edits = 15;
const sites = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--bin") bin = path.resolve(args[++i]);
  else if (args[i] === "--edits") edits = Number(args[++i]);
  else { sites.push({ root: args[i], url: args[i + 1], file: args[i + 2] }); i += 2; }
}
if (!sites.length) {
  console.error("usage: node bench/serve-latency.mjs [--bin PATH] [--edits N] ROOT URL FILE [ROOT URL FILE…]");
  process.exit(2);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { min: s[0], median: q(0.5), p90: q(0.9), max: s[s.length - 1] };
};

function copySite(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sotay-bench-serve-"));
  fs.cpSync(path.join(root, "sotay.toml"), path.join(dir, "sotay.toml"));
  // dereference: the handbook's content/ may be a symlink to the writers' folder.
  fs.cpSync(path.join(root, "content"), path.join(dir, "content"), { recursive: true, dereference: true });
  for (const extra of ["templates", "static", "themes"]) {
    if (fs.existsSync(path.join(root, extra))) fs.cpSync(path.join(root, extra), path.join(dir, extra), { recursive: true });
  }
  return dir;
}

async function measure(browser, site) {
  const root = copySite(site.root);
  const proc = spawn(bin, ["--root", root, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = [];
  let pending = "";
  proc.stdout.on("data", (chunk) => {
    pending += chunk;
    const parts = pending.split("\n");
    pending = parts.pop();
    lines.push(...parts);
  });
  const waitLine = async (re, from, ms = 600000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return { line: lines[i], index: i };
      await sleep(2);
    }
    throw new Error(`no line ${re} in:\n${lines.join("\n")}`);
  };
  try {
    const startup = await waitLine(/^Đã tạo \d+ trang/, 0);
    const { line } = await waitLine(/^Xem trước tại/, 0);
    const base = line.match(/(http:\/\/127\.0\.0\.1:\d+)\//)[1];
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    await context.addInitScript(() => {
      window.__bench = { loadedAt: performance.timeOrigin, shown: {} };
      // When the live script is told the page changed (the server's share ends here).
      const Native = window.EventSource;
      window.EventSource = function (url, init) {
        const source = new Native(url, init);
        source.addEventListener("reload", () => sessionStorage.setItem("bench-event", String(Date.now())));
        return source;
      };
      window.EventSource.prototype = Native.prototype;
      // The edit's text, once in the document, is painted by the end of the next frame: take
      // the time two animation frames later. Checked when a reloaded page is parsed and after
      // every change of the document (an update in place).
      const check = () => {
        const marker = sessionStorage.getItem("bench-marker");
        if (!marker || window.__bench.shown[marker] || !document.body.textContent.includes(marker)) return;
        window.__bench.shown[marker] = -1;
        requestAnimationFrame(() => requestAnimationFrame(() => { window.__bench.shown[marker] = Date.now(); }));
      };
      document.addEventListener("DOMContentLoaded", () => {
        check();
        new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
      });
    });
    const page = await context.newPage();
    await page.goto(base + site.url);
    await page.waitForSelector('html[data-sotay-live="connected"]');
    const file = path.join(root, site.file);
    const latencies = [];
    const rebuilds = [];
    const toEvent = [];
    let reloaded = 0;
    for (let k = 0; k < edits; k++) {
      const marker = `Đo độ trễ lần ${k} ${Date.now()}`;
      const loadedAt = await page.evaluate((m) => { sessionStorage.setItem("bench-marker", m); return window.__bench.loadedAt; }, marker);
      const from = lines.length;
      const t0 = Date.now();
      fs.appendFileSync(file, `\n${marker}.\n`);
      let shownAt = 0;
      const end = Date.now() + 30000;
      while (!(shownAt > 0) && Date.now() < end) {
        try {
          // …and the text is rendered (innerText: not hidden), as the old check required.
          shownAt = await page.evaluate((m) => (window.__bench.shown[m] > 0 && document.body.innerText.includes(m) ? window.__bench.shown[m] : 0), marker);
        } catch { /* the page is reloading */ }
        if (!(shownAt > 0)) await sleep(3);
      }
      if (!(shownAt > 0)) throw new Error(`edit ${k} never showed`);
      latencies.push(shownAt - t0);
      if ((await page.evaluate(() => window.__bench.loadedAt)) !== loadedAt) reloaded++;
      toEvent.push(Number(await page.evaluate(() => sessionStorage.getItem("bench-event"))) - t0);
      const rebuilt = await waitLine(/^Đã cập nhật/, from, 30000);
      rebuilds.push(Number(rebuilt.line.match(/trong (\d+) ms/)[1]));
      await page.waitForSelector('html[data-sotay-live="connected"]');
      await sleep(250);
    }
    await context.close();
    return { site: site.root, startup: startup.line, saveToScreen: stats(latencies), rebuild: stats(rebuilds), toEvent: stats(toEvent), reloaded, latencies, rebuilds };
  } finally {
    proc.kill("SIGTERM");
    await new Promise((r) => { proc.once("exit", r); setTimeout(r, 5000); });
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync"],
});
try {
  for (const site of sites) {
    const r = await measure(browser, site);
    console.log(`\n${r.site} (${site.url})\n  ${r.startup}`);
    console.log(`  save→screen ms: median ${r.saveToScreen.median}, p90 ${r.saveToScreen.p90}, max ${r.saveToScreen.max} (min ${r.saveToScreen.min})`);
    console.log(`  rebuild ms:     median ${r.rebuild.median}, p90 ${r.rebuild.p90}, max ${r.rebuild.max}`);
    console.log(`  save→told ms:   median ${r.toEvent.median}, p90 ${r.toEvent.p90}, max ${r.toEvent.max} (until the tab gets the reload event)`);
    console.log(`  reloaded:       ${r.reloaded} of ${r.latencies.length} edits (the others updated the tab in place)`);
    console.log(`  all save→screen: ${r.latencies.join(" ")}`);
    console.log(`  all rebuild:     ${r.rebuilds.join(" ")}`);
  }
} finally {
  await browser.close();
}
