// Opens the notebooks live: a local Jupyter server (JupyterLab where installed, else the Notebook) on notebooks/ with the
// project's TypeScript kernel, printing the URL to open. Ctrl-C stops the server and its kernels.
// Usage: npm run notebook [-- --port N] [-- --ui lab|notebook] [-- --dir FOLDER] (the build compiles scripts/notebook-runner).
import { parseArgs } from "node:util";
import { JupyterMissingError } from "./notebook-runner/dist/jupyter-setup.js";
import { NotebookServerError, startNotebookServer } from "./notebook-runner/dist/live-server.js";

const fail = (message) => {
  console.error(message);
  process.exit(2);
};
let values;
try {
  ({ values } = parseArgs({ options: { port: { type: "string" }, ui: { type: "string" }, dir: { type: "string" } } }));
} catch (error) {
  fail(`npm run notebook: ${error.message} (options: --port N, --ui lab|notebook, --dir FOLDER)`);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) fail(`npm run notebook: --port must be a port number, got ${values.port}`);
if (values.ui !== undefined && values.ui !== "lab" && values.ui !== "notebook") fail(`npm run notebook: --ui must be lab or notebook, got ${values.ui}`);

let server;
try {
  server = await startNotebookServer({
    ...(port !== undefined ? { port } : {}), ...(values.ui ? { ui: values.ui } : {}), ...(values.dir ? { notebookDir: values.dir } : {}),
    log: (line) => console.error(line),
  });
} catch (error) {
  if (error instanceof JupyterMissingError || error instanceof NotebookServerError) fail(error.message);
  throw error;
}
console.log(`\n${server.ui === "lab" ? "JupyterLab" : "Jupyter Notebook"} with the TypeScript (tslab) kernel is serving ${values.dir ?? "notebooks/"}:`);
console.log(`  ${server.url}`);
console.log("Open it in a browser (or give it to VS Code as an existing Jupyter server). Ctrl-C stops the server and its kernels.\n");
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    stopping = true;
    void server.stop();
  });
}
const code = await server.exited;
if (!stopping) {
  console.error(`Jupyter stopped by itself (exit code ${code ?? "none: killed by a signal"})`);
  process.exit(1);
}
