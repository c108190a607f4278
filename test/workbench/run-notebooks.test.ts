import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
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
