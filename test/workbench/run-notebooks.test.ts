import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NotebookFailedError, runWorkbench } from "../../scripts/notebook-runner/run-notebooks.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "notebooks");

describe("runWorkbench (real Jupyter + tslab)", () => {
  it("executes a notebook, renders its outputs to HTML and writes an index", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "wb-")), "out");
    const runs = await runWorkbench({ notebooks: [join(fixtures, "smoke.ipynb")], outDir: out, quick: true, log: () => {} });
    expect(runs.map((r) => r.title)).toEqual(["Smoke test"]);
    const html = readFileSync(join(out, "smoke.html"), "utf8");
    expect(html).toContain("SrTiO3"); // stdout of the library call
    expect(html).toContain('id="marker"'); // the rich MIME bundle
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain('href="smoke.html"');
  });

  it("runs notebooks side by side when asked and keeps their order", async () => {
    // Inside the project (its .cache), so the kernels resolve crystal-workbench as they do for notebooks/.
    const cache = join(import.meta.dirname, "..", "..", ".cache");
    mkdirSync(cache, { recursive: true });
    const dir = mkdtempSync(join(cache, "wb-parallel-"));
    const notebooks = ["z-first.ipynb", "a-second.ipynb"].map((f) => join(dir, f));
    notebooks.forEach((nb) => copyFileSync(join(fixtures, "smoke.ipynb"), nb));
    const lines: string[] = [];
    const runs = await runWorkbench({ notebooks, outDir: join(dir, "out"), parallel: 2, log: (l) => lines.push(l.trim()) });
    expect(runs.map((r) => r.notebook)).toEqual(notebooks);
    // Both kernels were started before either finished; with parallel 1 each "running" is followed by its result.
    expect(lines.slice(0, 2).sort()).toEqual(["running a-second.ipynb …", "running z-first.ipynb …"]);
    expect(existsSync(join(dir, "out", "z-first.html")) && existsSync(join(dir, "out", "a-second.html"))).toBe(true);
    const serial: string[] = [];
    await runWorkbench({ notebooks, outDir: join(dir, "out1"), parallel: 1, log: (l) => serial.push(l.trim()) });
    expect(serial[0]).toBe("running z-first.ipynb …");
    expect(serial[1]).toMatch(/^z-first\.html/);
    // A notebook whose metadata expects a longer run starts first; the results keep the given order.
    const slow = JSON.parse(readFileSync(notebooks[1]!, "utf8")) as { metadata: Record<string, unknown> };
    writeFileSync(notebooks[1]!, JSON.stringify({ ...slow, metadata: { ...slow.metadata, workbench: { expectedSeconds: 100 } } }));
    const longestFirst: string[] = [];
    const ordered = await runWorkbench({ notebooks, outDir: join(dir, "out2"), parallel: 1, log: (l) => longestFirst.push(l.trim()) });
    expect(longestFirst[0]).toBe("running a-second.ipynb …");
    expect(ordered.map((r) => r.notebook)).toEqual(notebooks);
    rmSync(dir, { recursive: true, force: true });
  });

  it("stops at a failing cell, names it, and leaves the previous out/ untouched", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "wb-")), "out");
    await runWorkbench({ notebooks: [join(fixtures, "smoke.ipynb")], outDir: out, log: () => {} });
    writeFileSync(join(out, "sentinel.txt"), "previous run");
    const error = await runWorkbench({ notebooks: [join(fixtures, "smoke.ipynb"), join(fixtures, "failing.ipynb")], outDir: out, log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookFailedError);
    const failure = error as NotebookFailedError;
    expect(failure.cell).toBe(2);
    expect(failure.error).toContain("deliberate failure in cell 2");
    expect(readFileSync(failure.renderedFailure, "utf8")).toContain("deliberate failure in cell 2");
    expect(readdirSync(out).sort()).toEqual(["index.html", "sentinel.txt", "smoke.html", "smoke.ipynb"]);
    expect(existsSync(join(out, "failing.html"))).toBe(false);
  });
});
