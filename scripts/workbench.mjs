// The main job: executes every notebook in notebooks/ with Jupyter + tslab and writes out/*.html, out/*.ipynb,
// out/index.html and, when Chromium is installed, a checked screenshot out/*.png of each rendered notebook.
// Usage: npm run workbench [-- --quick] [-- notebooks/01-representations.ipynb …] (the build compiles scripts/notebook-runner).
import { browserAvailable } from "./notebook-runner/dist/browser-check.js";
import { JupyterMissingError } from "./notebook-runner/dist/jupyter-setup.js";
import { NotebookFailedError, runWorkbench } from "./notebook-runner/dist/run-notebooks.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick") || process.env.WORKBENCH_QUICK === "1";
const notebooks = args.filter((a) => a.endsWith(".ipynb"));
try {
  const runs = await runWorkbench({ quick, screenshots: browserAvailable(), ...(notebooks.length ? { notebooks } : {}) });
  const undrawn = runs.flatMap((r) => (r.render ? r.render.elements.filter((e) => !e.drawn).map(() => r.notebook) : []));
  const jsErrors = runs.flatMap((r) => r.render?.errors ?? []);
  console.log(`wrote ${runs.length} notebooks and out/index.html`);
  if (undrawn.length || jsErrors.length) {
    console.error(`rendering problems: ${undrawn.length} undrawn figures, ${jsErrors.length} JavaScript errors\n${jsErrors.join("\n")}`);
    process.exit(1);
  }
} catch (error) {
  if (error instanceof JupyterMissingError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error instanceof NotebookFailedError ? error.message : String(error?.stack ?? error));
  process.exit(1);
}
