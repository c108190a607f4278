// A live training curve is updated in place; only its last state is saved. When it is the session's first Plotly
// output, the exported HTML must still carry plotly.js (sent in a separate output) and draw the final curve.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { browserAvailable } from "../../scripts/notebook-runner/browser-check.js";
import { runWorkbench } from "../../scripts/notebook-runner/run-notebooks.js";

describe("liveCurve in a real kernel", () => {
  it("updates one output in place and the exported HTML draws the final curve offline", async () => {
    expect(browserAvailable(), "Chromium missing at /usr/bin/chromium").toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), "wb-live-")), "out");
    const [run] = await runWorkbench({ notebooks: [join(import.meta.dirname, "fixtures", "live-curve.ipynb")], outDir: out, quick: true, screenshots: true, log: () => {} });
    const nb = JSON.parse(readFileSync(run!.ipynb, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    const outputs = nb.cells[1]!.outputs!.filter((o) => o.data);
    // One library output, then ONE curve output holding the final state (20 steps of both series).
    expect(outputs).toHaveLength(2);
    expect(String(outputs[0]!.data!["text/html"]).length).toBeGreaterThan(3_000_000);
    const spec = outputs[1]!.data!["application/vnd.plotly.v1+json"] as { data: { name: string; x: number[] }[] };
    expect(spec.data.map((t) => [t.name, t.x.length])).toEqual([["loss", 20], ["val", 20]]);
    const render = run!.render!;
    expect(render.errors).toEqual([]);
    expect(render.elements.map((e) => [e.kind, e.drawn])).toEqual([["plotly", true], ["crystal", true]]);
    expect(render.elements[0]!.nodes).toBeGreaterThan(0);
  }, 300_000);
});
