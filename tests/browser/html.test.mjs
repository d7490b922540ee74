// Every page of the real handbook build passes the W3C Nu HTML checker (vnu-jar) with no errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { buildSite, listPages, requireJava, requireModule } from "./support.mjs";

test("every page passes the Nu HTML checker without errors", () => {
  const vnu = requireModule("vnu-jar"); // the module exports the path of vnu.jar
  requireJava();
  const out = buildSite();
  const pages = listPages(out);
  assert.ok(pages.length > 5, `expected a real handbook, found ${pages.length} pages`);
  const files = pages.map((p) => (p.endsWith("/") ? join(out, p, "index.html") : join(out, p)));
  const r = spawnSync("java", ["-jar", String(vnu), "--errors-only", "--format", "json", ...files], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(r.stderr.trim().startsWith("{"), `vnu did not answer in JSON (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  const { messages } = JSON.parse(r.stderr);
  const errors = messages.filter((m) => m.type === "error" || m.subType === "fatal");
  const report = errors
    .map((m) => `${m.url.replace(`file:${out}`, "")}:${m.lastLine}:${m.firstColumn ?? m.lastColumn}: ${m.message}\n    ${m.extract ?? ""}`)
    .join("\n");
  assert.equal(errors.length, 0, `Nu HTML checker errors:\n${report}`);
  console.log(`vnu: ${files.length} pages, 0 errors`);
});
