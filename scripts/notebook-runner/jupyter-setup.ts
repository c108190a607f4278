// Finds (or on Debian as root, installs) a Python with Jupyter, and registers the project's tslab kernel. Shared by the
// batch runner (npm run workbench) and the live server (npm run notebook).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";

/** Jupyter is missing and cannot be installed automatically; the message is the one-line install instruction. */
export class JupyterMissingError extends Error {
  override name = "JupyterMissingError";
}

/** What the Jupyter is for: "batch" executes and exports notebooks (nbclient, nbconvert); "server" serves them live (Notebook or JupyterLab). */
export type JupyterUse = "batch" | "server";

const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];
const DEBIAN_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "python3-ipykernel"];
const PROBES: Record<JupyterUse, string> = {
  batch: "import nbconvert, nbclient, ipykernel, jupyter_client",
  server: "import importlib.util as u, jupyter_client; assert u.find_spec('jupyterlab') or u.find_spec('notebook')",
};

function hasJupyter(python: string, use: JupyterUse): boolean {
  return spawnSync(python, ["-c", PROBES[use]], { stdio: "ignore" }).status === 0;
}

function isDebianLike(): boolean {
  try {
    return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync("/etc/os-release", "utf8"));
  } catch {
    return false;
  }
}

/** The one-line instruction for installing Jupyter on this platform. */
export function jupyterInstallHint(): string {
  if (isDebianLike()) return `Jupyter is missing: run  sudo apt-get install -y ${DEBIAN_PACKAGES.join(" ")}`;
  if (process.platform === "darwin") return "Jupyter is missing: run  brew install jupyterlab  (or: python3 -m pip install notebook nbconvert nbclient ipykernel)";
  return "Jupyter is missing: run  python3 -m pip install notebook nbconvert nbclient ipykernel  (or set WORKBENCH_PYTHON to a Python that has them)";
}

/**
 * Finds a Python with what `use` needs (WORKBENCH_PYTHON first, then Debian's /usr/bin/python3, then PATH). When none
 * has it and this is Debian/Ubuntu as root, installs the Debian packages; otherwise throws JupyterMissingError.
 */
export function ensureJupyter(log: (line: string) => void = () => {}, use: JupyterUse = "batch"): string {
  const candidates = [process.env.WORKBENCH_PYTHON, ...PYTHON_CANDIDATES].filter((p): p is string => !!p);
  const found = candidates.find((python) => hasJupyter(python, use));
  if (found) return found;
  if (isDebianLike() && process.getuid?.() === 0) {
    log(`installing Jupyter: apt-get install ${DEBIAN_PACKAGES.join(" ")}`);
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...DEBIAN_PACKAGES], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (hasJupyter("/usr/bin/python3", use)) return "/usr/bin/python3";
  }
  throw new JupyterMissingError(jupyterInstallHint());
}

/**
 * Registers the tslab kernel ("tslab", TypeScript) in a project-local prefix `<projectDir>/.jupyter`, pointing at the
 * project's own tslab binary by absolute path, and returns the JUPYTER_PATH to export for Jupyter to see it.
 */
export function registerKernel(projectDir: string, python: string): string {
  const binary = join(projectDir, "node_modules", ".bin", "tslab");
  if (!existsSync(binary)) throw new Error(`tslab is not installed in ${projectDir} (run npm install)`);
  const prefix = join(projectDir, ".jupyter");
  execFileSync(binary, ["install", `--python=${python}`, `--binary=${binary}`, `--prefix=${prefix}`], { stdio: "pipe" });
  return join(prefix, "share", "jupyter");
}

/**
 * The environment for Jupyter and its kernels: the project's kernels first on JUPYTER_PATH (the user's entries after),
 * CRYSTAL_DATA_DIR made absolute (kernels run in the notebook's folder, not where the command ran), then `extra`.
 */
export function jupyterEnv(jupyterPath: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JUPYTER_PATH: [jupyterPath, process.env.JUPYTER_PATH].filter((p) => !!p).join(delimiter) };
  if (process.env.CRYSTAL_DATA_DIR) env.CRYSTAL_DATA_DIR = resolve(process.env.CRYSTAL_DATA_DIR);
  return { ...env, ...extra };
}
