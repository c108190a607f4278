// The main job: executes every notebook in notebooks/ with Jupyter + tslab and writes out/*.html and out/index.html.
// Usage: npm run workbench [-- --quick] [-- notebooks/01-representations.ipynb …]
import { runWorkbench, NotebookFailedError } from "../dist/kernel-helpers/index.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick") || process.env.WORKBENCH_QUICK === "1";
const notebooks = args.filter((a) => a.endsWith(".ipynb"));
try {
  const runs = await runWorkbench({ quick, ...(notebooks.length ? { notebooks } : {}) });
  console.log(`wrote ${runs.length} notebooks and out/index.html`);
} catch (error) {
  console.error(error instanceof NotebookFailedError ? error.message : String(error?.stack ?? error));
  process.exit(1);
}
