// Shared helpers of the browser tests: find the tools, build the handbook with the release
// binary into a temporary folder, serve it over a tiny local HTTP server, start Debian's
// Chromium through playwright-core.
//
// Environment:
//   SOTAY_BIN        the sotay binary (default: target/release/sotay; run `cargo build --release`)
//   SOTAY_SITE_ROOT  the project to build (default: this repository, i.e. its content/)

import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const screenshotDir = join(repoRoot, "tests", "screenshots");
export const CHROMIUM = "/usr/bin/chromium";
const require = createRequire(import.meta.url);

/** Fails (never skips) with the install step when a tool is missing. */
export function requireModule(name) {
  try {
    return require(name);
  } catch {
    throw new Error(`Thiếu gói npm "${name}": chạy \`npm ci\` ở thư mục gốc của kho.`);
  }
}

export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Không thấy ${CHROMIUM}: cài bằng \`apt-get install chromium\`.`);
  }
}

export function requireJava() {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error("Không chạy được java (cần cho vnu-jar): cài bằng `apt-get install default-jre-headless`.");
  }
}

/** Builds the site into a fresh temporary folder; returns its path. */
export function buildSite() {
  const bin = process.env.SOTAY_BIN || join(repoRoot, "target", "release", "sotay");
  if (!existsSync(bin)) {
    throw new Error(`Không thấy ${bin}: chạy \`cargo build --release\` trước \`npm test\`.`);
  }
  const root = process.env.SOTAY_SITE_ROOT || repoRoot;
  const tmp = mkdtempSync(join(tmpdir(), "sotay-browser-"));
  const out = join(tmp, "site");
  const r = spawnSync(bin, ["--root", root, "build", "--output", out], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`sotay build thất bại (mã ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
  return out;
}

/** Every web page of a built site as a URL path ("/", "/phan-1/", …, "/404.html"). */
export function listPages(out) {
  const pages = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        // The print bundle (public/print/) is a book for paged media, tested by the print tests.
        if (name !== "static" && !(dir === out && name === "print")) walk(path);
      } else if (name === "index.html") {
        const rel = dir.slice(out.length).split(sep).join("/");
        const html = readFileSync(path, "utf8");
        // Alias pages are tiny redirects, not pages of the handbook.
        if (!/http-equiv=["']?refresh/i.test(html)) pages.push(`${rel}/`);
      }
    }
  };
  walk(out);
  if (existsSync(join(out, "404.html"))) pages.push("/404.html");
  return pages;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg", ".webp": "image/webp", ".woff2": "font/woff2", ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml", ".pdf": "application/pdf",
};

/** Serves `out` on 127.0.0.1 (pretty URLs, 404.html); resolves to { url, close }. */
export function serve(out) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = join(out, path);
    if (!file.startsWith(out)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    let status = 200;
    if (!existsSync(file)) { status = 404; file = join(out, "404.html"); }
    res.writeHead(status, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((ok) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      ok({ url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/** Starts Debian's Chromium (never a downloaded browser) with a fresh profile. */
export async function launch() {
  requireChromium();
  const { chromium } = requireModule("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--no-first-run", "--disable-sync"],
  });
}

/** Two typical content pages of the handbook: the chapter pages that show the most kinds of
 * content element (tables, figures, callouts, footnotes, lists of terms…), then the longest. */
export function contentPages(out, pages) {
  const kinds = [/class=["']?table-figure/, /class=["']?figure\b/, /class=["']?callout\b/, /class=["']?footnotes/,
    /<dl>/, /class=["']?math/, /class=["']?highlight/, /type=["']?checkbox/, /<blockquote/, /class=["']?external/];
  const scored = pages
    .filter((p) => p.split("/").length >= 4)
    .map((p) => {
      const html = readFileSync(join(out, p, "index.html"), "utf8");
      return { p, score: kinds.filter((k) => k.test(html)).length * 1000 + html.length / 1000 };
    })
    .sort((a, b) => b.score - a.score);
  if (scored.length < 2) throw new Error("Sổ tay cần ít nhất hai trang nội dung (chương) để kiểm tra.");
  return [scored[0].p, scored[1].p];
}
