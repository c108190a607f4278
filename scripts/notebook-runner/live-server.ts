// The live Jupyter server behind `npm run notebook`: JupyterLab where its Python has it, else the Notebook (Debian's
// jupyter-notebook), on 127.0.0.1 with a fresh token, serving notebooks/ with the project's tslab kernel. Nothing is
// written to the user's Jupyter folders: the kernel is found through JUPYTER_PATH, and the runtime files (connection
// files, cookie secret) and the notebook-trust database live in the project's .jupyter/.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { packageRoot } from "crystal-workbench/kernel-helpers";
import { ensureJupyter, jupyterEnv, registerKernel } from "./jupyter-setup.js";

/** The Jupyter front end served: JupyterLab or the Notebook. */
export type JupyterUi = "lab" | "notebook";

/** Options of startNotebookServer. */
export interface NotebookServerOptions {
  /** Project root (default: the package root). */
  projectDir?: string;
  /** Folder to serve (default <projectDir>/notebooks). */
  notebookDir?: string;
  /** Port on 127.0.0.1: 0 for any free port; default 8888 or the next free one. */
  port?: number;
  /** Front end (default: "lab" when the Python found has JupyterLab, else "notebook"). */
  ui?: JupyterUi;
  /** Receives setup messages and Jupyter's own log lines (default: dropped). */
  log?: (line: string) => void;
}

/** A running server. */
export interface NotebookServer {
  /** http://127.0.0.1:PORT/?token=TOKEN, to open in a browser or to give VS Code as an existing Jupyter server. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly ui: JupyterUi;
  /** Process id of the Jupyter server (its kernels are its children). */
  readonly pid: number;
  /** Resolves with the server's exit code (null when killed by a signal) once it has exited. */
  readonly exited: Promise<number | null>;
  /** Shuts the server and its kernels down (SIGTERM; SIGKILL to its process group if it is still there after 20 s). */
  stop(): Promise<void>;
}

/** The server could not be started (port taken, folder missing, Jupyter exited); the message says why. */
export class NotebookServerError extends Error {
  override name = "NotebookServerError";
}

const DEFAULT_PORT = 8888;
const PORT_TRIES = 50;
const START_SECONDS = 60;
const STOP_SECONDS = 20;

// The port if it can be bound on 127.0.0.1 now (0: the one the system picks), else null.
async function bindable(port: number): Promise<number | null> {
  const probe = createServer();
  probe.listen(port, "127.0.0.1");
  try {
    await once(probe, "listening");
  } catch {
    return null;
  }
  const address = probe.address();
  await new Promise((done) => probe.close(done));
  return typeof address === "object" && address ? address.port : null;
}

async function choosePort(requested: number | undefined): Promise<number> {
  if (requested !== undefined) {
    const port = await bindable(requested);
    if (port === null) throw new NotebookServerError(`port ${requested} is in use on 127.0.0.1 (choose another with --port)`);
    return port;
  }
  for (let port = DEFAULT_PORT; port < DEFAULT_PORT + PORT_TRIES; port++) if ((await bindable(port)) !== null) return port;
  throw new NotebookServerError(`ports ${DEFAULT_PORT}–${DEFAULT_PORT + PORT_TRIES - 1} are all in use on 127.0.0.1 (choose one with --port)`);
}

function hasJupyterLab(python: string): boolean {
  return spawnSync(python, ["-c", "import jupyterlab"], { stdio: "ignore" }).status === 0;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Registers the kernel (as `npm run workbench` does), finds or installs Jupyter (JupyterMissingError with the one-line
 * instruction when it cannot), starts the server in its own process group and resolves once it answers its REST API.
 */
export async function startNotebookServer(options: NotebookServerOptions = {}): Promise<NotebookServer> {
  const log = options.log ?? (() => {});
  const root = options.projectDir ?? packageRoot();
  const notebookDir = resolve(options.notebookDir ?? join(root, "notebooks"));
  if (!existsSync(notebookDir)) throw new NotebookServerError(`no such folder: ${notebookDir}`);
  const python = ensureJupyter(log, "server");
  const jupyterPath = registerKernel(root, python);
  const ui = options.ui ?? (hasJupyterLab(python) ? "lab" : "notebook");
  const port = await choosePort(options.port);
  const token = randomBytes(24).toString("hex");
  const local = join(root, ".jupyter");
  // The same flags work for the Notebook 6 and for jupyter_server (JupyterLab, Notebook 7); the token travels in the
  // environment, not on the command line other users can read.
  const args = ["-m", ui === "lab" ? "jupyterlab" : "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0",
    `--notebook-dir=${notebookDir}`, `--NotebookNotary.data_dir=${join(local, "share", "jupyter")}`,
    ...(process.getuid?.() === 0 ? ["--allow-root"] : [])];
  const env = jupyterEnv(jupyterPath, { JUPYTER_TOKEN: token, JUPYTER_RUNTIME_DIR: join(local, "runtime") });
  const child = spawn(python, args, { cwd: notebookDir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      recent.push(line);
      if (recent.length > 20) recent.shift();
      log(line);
    });
  }
  const exited = new Promise<number | null>((done) => {
    child.on("exit", (code) => done(code));
    child.on("error", () => done(null)); // could not be started at all; `recent` is empty then
  });
  let running = true;
  void exited.then(() => (running = false));
  const base = `http://127.0.0.1:${port}/`;
  const stop = async () => {
    if (!running) return;
    child.kill("SIGTERM"); // Jupyter shuts its kernels down, then exits
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, STOP_SECONDS * 1000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + START_SECONDS * 1000;
  for (;;) {
    if (!running) throw new NotebookServerError(`Jupyter exited before serving (${ui}, port ${port}):\n${recent.join("\n")}`);
    const status = await fetch(`${base}api/status?token=${token}`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new NotebookServerError(`Jupyter did not answer on ${base} within ${START_SECONDS} s:\n${recent.join("\n")}`);
    }
    await pause(250);
  }
  return { url: `${base}?token=${token}`, port, token, ui, pid: child.pid!, exited, stop };
}
