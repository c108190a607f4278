// Executes every notebook (quick mode) with real Jupyter + tslab, opens each exported HTML in headless Chromium and
// checks that every Plotly figure and 3-D crystal view drew something and that no JavaScript error appeared.
// Screenshots: <out>/<notebook>.png (path printed).
import { existsSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "../../scripts/notebook-runner/browser-check.js";
import { runWorkbench } from "../../scripts/notebook-runner/run-notebooks.js";
import { decodePng } from "../../dist/viz/index.js";

describe("notebooks render in a browser", () => {
  it("executes every notebook and every figure and viewer draws, without JavaScript errors", async () => {
    expect(browserAvailable(), "Chromium missing at /usr/bin/chromium (apt-get install chromium)").toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), "wb-browser-")), "out");
    const runs = await runWorkbench({ outDir: out, quick: true, screenshots: true, log: () => {} });
    expect(runs.map((r) => basename(r.notebook))).toEqual(expect.arrayContaining(["01-representations.ipynb", "02-datasets.ipynb"]));
    for (const run of runs) {
      const name = basename(run.notebook);
      const render = run.render!;
      expect(render, name).toBeDefined();
      expect(render.errors, `${name}: JavaScript errors`).toEqual([]);
      const html = readFileSync(run.html, "utf8");
      const expected = (html.match(/class="cw-plotly"/g) ?? []).length + (html.match(/class="cw-crystal"/g) ?? []).length;
      expect(render.elements.length, `${name}: figures found on the page`).toBe(expected);
      for (const e of render.elements) {
        expect(e.drawn, `${name}: ${e.kind} ${e.id} drawn`).toBe(true);
        expect(e.nodes, `${name}: ${e.kind} ${e.id} has rendered traces or a canvas`).toBeGreaterThan(0);
        // An empty WebGL canvas has only a few colours; a blank plot only greys (background, grid, text), while every trace
        // adds coloured pixels (a one-bar chart has few colours in all, so the plot test counts non-grey ones).
        if (e.kind === "crystal") expect(e.colors, `${name}: ${e.kind} ${e.id} distinct colours`).toBeGreaterThan(60);
        else expect(e.chromaticColors, `${name}: ${e.kind} ${e.id} non-grey colours`).toBeGreaterThan(0);
      }
      const png = join(out, `${basename(run.html, ".html")}.png`);
      expect(existsSync(png), png).toBe(true);
      const image = decodePng(readFileSync(png));
      expect(image.width).toBe(1200);
      expect(image.height).toBeGreaterThan(3000);
      console.log(`${name}: ${render.elements.length} figures/viewers rendered; screenshot ${png} (${(statSync(png).size / 1e6).toFixed(1)} MB)`);
    }
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain(".png\">screenshot</a>");
  }, 900_000);
});
