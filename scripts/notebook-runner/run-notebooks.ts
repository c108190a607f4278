// The headless notebook runner behind `npm run workbench`: executes notebooks with Jupyter + tslab, exports HTML and
// checks the rendering in Chromium. Repository tooling, not library API; it uses the built package (npm run build).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { formatDuration, packageRoot } from "crystal-workbench/kernel-helpers";
import { escapeHtml } from "crystal-workbench/viz";
import { type BrowserCheckResult, browserAvailable, checkNotebookHtml } from "./browser-check.js";
import { ensureJupyter, jupyterEnv, registerKernel } from "./jupyter-setup.js";

/** A notebook cell failed; `cell` is its 0-based index, `source` its code, `error` what the kernel printed. */
export class NotebookFailedError extends Error {
  override name = "NotebookFailedError";
  constructor(
    readonly notebook: string,
    readonly cell: number,
    readonly source: string,
    readonly error: string,
    readonly renderedFailure: string,
  ) {
    super(`${notebook}: cell ${cell} failed\n--- cell source ---\n${source}\n--- error ---\n${error}\n(rendered notebook with the error: ${renderedFailure})`);
  }
}

/** The outcome of one executed notebook. */
export interface NotebookRun {
  readonly notebook: string;
  readonly title: string;
  readonly html: string;
  readonly ipynb: string;
  readonly seconds: number;
  /** Headless-Chromium render check of the HTML (figures drawn, JS errors) when screenshots were taken. */
  readonly render?: BrowserCheckResult;
}

/** Options of runWorkbench. */
export interface WorkbenchOptions {
  /** Project root (default: the package root). */
  projectDir?: string;
  /** Notebooks to run (default: every notebooks/*.ipynb in name order). */
  notebooks?: string[];
  /** Output folder (default <projectDir>/out). */
  outDir?: string;
  /** Short runs: sets WORKBENCH_QUICK=1 for the kernels. */
  quick?: boolean;
  /**
   * Open each HTML in headless Chromium, check that figures drew and save out/<notebook>.png (needs Chromium). Default:
   * environment WORKBENCH_SCREENSHOTS=1.
   */
  screenshots?: boolean;
  /**
   * Notebooks executed at once (each kernel is one single-threaded process). Default: environment WORKBENCH_PARALLEL,
   * else the number of cores, at most 4. Results and out/index.html keep the notebooks' name order.
   */
  parallel?: number;
  /** Per-notebook time limit (s), default 1800. */
  timeoutSeconds?: number;
  log?: (line: string) => void;
}

/** The notebook's title: its first Markdown heading, else its file name. */
export function notebookTitle(path: string): string {
  const nb = JSON.parse(readFileSync(path, "utf8")) as { cells?: { cell_type: string; source: string | string[] }[] };
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type !== "markdown") continue;
    const text = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    const heading = /^#+\s+(.+)$/m.exec(text);
    if (heading) return heading[1]!.trim();
  }
  return basename(path, ".ipynb");
}

function runPython(python: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(python, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

function indexHtml(runs: readonly NotebookRun[], quick: boolean): string {
  const rows = runs
    .map((r) => `<tr><td><a href="${escapeHtml(basename(r.html))}">${escapeHtml(r.title)}</a></td><td>${escapeHtml(basename(r.notebook))}</td><td>${formatDuration(r.seconds)}</td>` +
      `<td>${r.render?.screenshot ? `<a href="${escapeHtml(basename(r.html, ".html"))}.png">screenshot</a>` : ""}</td></tr>`)
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>crystal-workbench notebooks</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:900px}table{border-collapse:collapse;width:100%}td,th{padding:.4rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>crystal-workbench notebooks</h1>
<p>Executed ${new Date().toISOString()} with a real Jupyter and the tslab kernel (${quick ? "quick mode" : "full mode"}; data: ${escapeHtml(process.env.CRYSTAL_DATA_DIR ?? "bundled")}).</p>
<table><tr><th>notebook</th><th>file</th><th>run time</th><th></th></tr>
${rows}
</table></body></html>
`;
}

/**
 * Executes every notebook with a real Jupyter and the tslab kernel and writes `out/<notebook>.html`, the executed
 * `out/<notebook>.ipynb` and `out/index.html`. Stops at the first failing cell (NotebookFailedError, with the cell and
 * the error). Results are built in a staging folder and swapped into `out/` only when every notebook succeeded, so `out/`
 * never holds half-written results.
 */
export async function runWorkbench(options: WorkbenchOptions = {}): Promise<NotebookRun[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const root = options.projectDir ?? packageRoot();
  const outDir = resolve(options.outDir ?? join(root, "out"));
  const notebooksDir = join(root, "notebooks");
  const notebooks = (options.notebooks ?? readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(notebooksDir, f)))
    .map((f) => resolve(f));
  const quick = options.quick ?? false;
  const python = ensureJupyter(log);
  const jupyterPath = registerKernel(root, python);
  const staging = join(dirname(outDir), `.${basename(outDir)}-staging-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  // The workbench runs one notebook per core, so each kernel trains, samples and relaxes on one thread unless told otherwise.
  const env = jupyterEnv(jupyterPath, { WORKBENCH_QUICK: quick ? "1" : "0", CRYSTAL_WORKERS: process.env.CRYSTAL_WORKERS ?? "1" });
  const script = join(root, "scripts", "execute_notebook.py");
  const runOne = async (notebook: string): Promise<NotebookRun> => {
    const name = basename(notebook, ".ipynb");
    const ipynb = join(staging, `${name}.ipynb`);
    const html = join(staging, `${name}.html`);
    log(`running ${basename(notebook)} …`);
    const start = performance.now();
    const r = await runPython(python, [script, notebook, ipynb, html, String(options.timeoutSeconds ?? 1800)], env, dirname(notebook));
    const seconds = (performance.now() - start) / 1000;
    if (r.code === 3) {
      const failure = JSON.parse(r.stdout.trim().split("\n").pop()!) as { failed_cell: number; source: string; error: string };
      const failedDir = join(root, ".cache", "workbench-failed");
      mkdirSync(failedDir, { recursive: true });
      const kept = join(failedDir, `${name}.html`);
      renameSync(html, kept);
      throw new NotebookFailedError(basename(notebook), failure.failed_cell, failure.source, failure.error, kept);
    }
    if (r.code !== 0) throw new Error(`${basename(notebook)}: Jupyter failed (exit ${r.code})\n${r.stderr.slice(-4000)}`);
    log(`  ${name}.html  (${formatDuration(seconds)})`);
    let render: BrowserCheckResult | undefined;
    if (options.screenshots ?? (process.env.WORKBENCH_SCREENSHOTS === "1" && browserAvailable())) {
      const checked = await checkNotebookHtml(html, { screenshot: join(staging, `${name}.png`) });
      render = { ...checked, file: join(outDir, `${name}.html`), screenshot: join(outDir, `${name}.png`) };
      const blank = checked.elements.filter((e) => !e.drawn);
      log(`  ${name}.png  (${checked.elements.length} figures/viewers, ${blank.length} undrawn, ${checked.errors.length} JS errors)`);
    }
    return { notebook, title: notebookTitle(notebook), html: join(outDir, `${name}.html`), ipynb: join(outDir, `${name}.ipynb`), seconds, ...(render ? { render } : {}) };
  };
  try {
    // Longest first (their metadata's expected run time), so a long notebook does not start last and hold the end.
    const startOrder = notebooks.map((nb, i) => ({ i, seconds: expectedSeconds(nb) })).sort((a, b) => b.seconds - a.seconds || a.i - b.i).map((x) => x.i);
    const runs = await inParallel(notebooks, workbenchParallelism(options.parallel), runOne, startOrder);
    writeFileSync(join(staging, "index.html"), indexHtml(runs, quick));
    const old = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(staging, outDir);
    rmSync(old, { recursive: true, force: true });
    return runs;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Notebooks run at once: the option, else WORKBENCH_PARALLEL, else the number of cores (at most 4). */
function workbenchParallelism(option: number | undefined): number {
  const fromEnv = Number(process.env.WORKBENCH_PARALLEL);
  const n = option ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(4, availableParallelism()));
  return Math.max(1, Math.floor(n));
}

/**
 * A notebook's expected time in its lane in seconds on the bundled defaults (`metadata.workbench.expectedSeconds`: its run
 * and its browser check, measured on the 2-core reference machine), 0 when it has none; only the order in which notebooks
 * start depends on it.
 */
function expectedSeconds(notebook: string): number {
  const meta = (JSON.parse(readFileSync(notebook, "utf8")) as { metadata?: { workbench?: { expectedSeconds?: unknown } } }).metadata?.workbench?.expectedSeconds;
  return typeof meta === "number" && meta > 0 ? meta : 0;
}

/**
 * `run` over the items with at most `width` at once, starting them in `startOrder` (indices), results in item order.
 * After the first failure no new item starts; the running ones finish, then the first error is thrown.
 */
async function inParallel<T, R>(items: readonly T[], width: number, run: (item: T) => Promise<R>, startOrder: readonly number[]): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (failure === null && next < items.length) {
      const i = startOrder[next++]!;
      try {
        results[i] = await run(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
  return results;
}
