// The boundaries of shared/docs/design.md, checked on the import statements of src/ and the notebooks' code cells.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const SRC = join(ROOT, "src");

interface ImportEdge {
  /** Importing file, relative to src/. */
  from: string;
  /** Resolved target relative to src/ (e.g. "models/diffcsp/diffcsp.ts"), or the package name. */
  to: string;
  typeOnly: boolean;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? tsFiles(p) : f.endsWith(".ts") && !f.endsWith(".d.ts") ? [p] : [];
  });
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(file, "utf8");
  const from = relative(SRC, file);
  const edges: ImportEdge[] = [];
  const re = /(?:^|\n)\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)/g;
  for (const m of text.matchAll(re)) {
    const spec = m[3] ?? m[4]!;
    const typeOnly = Boolean(m[2]);
    const to = spec.startsWith(".") ? relative(SRC, resolve(dirname(file), spec)).replace(/\.js$/, ".ts") : spec;
    edges.push({ from, to, typeOnly });
  }
  return edges;
}

const edges = tsFiles(SRC).flatMap(importsOf);
/** Folders of src/models that hold a family (they register one in a family.ts). */
const familyFolders = readdirSync(join(SRC, "models")).filter((d) => existsSync(join(SRC, "models", d, "family.ts")));
const isFamilyModule = (to: string) => familyFolders.some((f) => to.startsWith(`models/${f}/`));
const offending = (where: (e: ImportEdge) => boolean, bad: (e: ImportEdge) => boolean) => edges.filter((e) => where(e) && bad(e)).map((e) => `${e.from} → ${e.to}`);

describe("design.md boundaries", () => {
  it("finds the import graph and the family folders it checks", () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(familyFolders).toEqual(expect.arrayContaining(["diffcsp", "flowmm"]));
    expect(edges.some((e) => e.from === "models/families.ts" && isFamilyModule(e.to))).toBe(true); // the check can see a family import
  });
  it("TF.js is imported only in src/models", () => {
    expect(offending((e) => !e.from.startsWith("models/"), (e) => e.to.startsWith("@tensorflow/"))).toEqual([]);
  });
  it("metrics import nothing from models, cli, viz or kernel-helpers, and at run time only the core", () => {
    expect(offending((e) => e.from.startsWith("metrics/"), (e) => /^(models|cli|viz|kernel-helpers)\//.test(e.to))).toEqual([]);
    expect(offending((e) => e.from.startsWith("metrics/") && !e.typeOnly, (e) => e.to.startsWith("datasets/") || e.to.startsWith("analysis/"))).toEqual([]);
  });
  it("the CLI, the baselines, the evaluation functions and loading import no family module (only the registration list does)", () => {
    const where = (e: ImportEdge) => e.from.startsWith("cli/") || e.from.startsWith("metrics/") || e.from.startsWith("models/baselines/") || e.from.startsWith("models/evaluation/") || e.from.startsWith("models/common/") || e.from === "models/load-model.ts" || e.from === "models/registry.ts" || e.from === "models/index.ts";
    expect(offending(where, (e) => isFamilyModule(e.to) && !(e.from === "models/index.ts" && /schedules\.ts$|flowmm\/flowmm\.ts$/.test(e.to)))).toEqual([]);
  });
  it("viz, kernel-helpers and the core import no models", () => {
    expect(offending((e) => /^(viz|kernel-helpers|crystal|representations|analysis)\//.test(e.from), (e) => e.to.startsWith("models/"))).toEqual([]);
    expect(offending((e) => /^(crystal|representations)\//.test(e.from), (e) => /^(metrics|datasets|viz|kernel-helpers|cli)\//.test(e.to))).toEqual([]);
  });
  it("stability (relaxation, hull, S.U.N.) imports no models, CLI, viz or kernel-helpers: potentials reach it through its interfaces", () => {
    expect(edges.some((e) => e.from.startsWith("stability/") && e.to.startsWith("metrics/"))).toBe(true); // the check sees stability's imports
    expect(offending((e) => e.from.startsWith("stability/"), (e) => /^(models|cli|viz|kernel-helpers)\//.test(e.to))).toEqual([]);
  });
  it("screening imports no models, CLI, viz or kernel-helpers: the property predictor reaches it as a function", () => {
    expect(edges.some((e) => e.from.startsWith("screening/") && e.to.startsWith("metrics/"))).toBe(true); // the check sees screening's imports
    expect(offending((e) => e.from.startsWith("screening/"), (e) => /^(models|cli|viz|kernel-helpers)\//.test(e.to))).toEqual([]);
  });
  it("notebooks import only the package's entry points and name no family class", () => {
    const FAMILY_SYMBOLS = /\b(DiffCsp|FlowMm|DenoiserModel|diffcspConfig|flowmmConfig|DIFFCSP_FAMILY|FLOWMM_FAMILY)\b/;
    const nbDir = join(ROOT, "notebooks");
    const problems: string[] = [];
    for (const nb of readdirSync(nbDir).filter((f) => f.endsWith(".ipynb"))) {
      const cells = (JSON.parse(readFileSync(join(nbDir, nb), "utf8")) as { cells: { cell_type: string; source: string[] | string }[] }).cells;
      for (const c of cells.filter((x) => x.cell_type === "code")) {
        const code = Array.isArray(c.source) ? c.source.join("") : c.source;
        for (const m of code.matchAll(/from\s+"([^"]+)"/g)) if (!/^(crystal-workbench\/[a-z-]+|node:[a-z]+|arquero)$/.test(m[1]!)) problems.push(`${nb}: imports ${m[1]}`);
        const sym = FAMILY_SYMBOLS.exec(code);
        if (sym) problems.push(`${nb}: names ${sym[1]}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
