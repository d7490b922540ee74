// axe-core finds no serious or critical accessibility violations on the home page and two
// content pages, in both themes, on a phone and on a desktop.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { buildSite, contentPages, launch, listPages, requireModule, serve } from "./support.mjs";

let server, browser, targets, axeSource;

before(async () => {
  const axe = requireModule("axe-core");
  axeSource = axe.source; // the bundled script, to inject into each page
  const out = buildSite();
  targets = ["/", ...contentPages(out, listPages(out))];
  server = await serve(out);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

for (const theme of ["light", "dark"]) {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    test(`no serious or critical axe violations (${theme}, ${viewport.width} px)`, async () => {
      const context = await browser.newContext({ viewport, colorScheme: theme });
      const page = await context.newPage();
      const problems = [];
      for (const path of targets) {
        await page.goto(server.url + path);
        await page.evaluate(() => document.fonts.ready);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } }));
        for (const v of result.violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`);
          problems.push(`${path} [${v.impact}] ${v.id}: ${v.help}\n${nodes.join("\n")}`);
        }
      }
      await context.close();
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  }
}
