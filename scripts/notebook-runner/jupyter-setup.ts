// Finds (or on Debian as root, installs) a Python with Jupyter, and registers the project's tslab kernel.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Jupyter is missing and cannot be installed automatically; the message is the one-line install instruction. */
export class JupyterMissingError extends Error {
  override name = "JupyterMissingError";
}

const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];
const DEBIAN_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "python3-ipykernel"];

function hasJupyter(python: string): boolean {
  const r = spawnSync(python, ["-c", "import nbconvert, nbclient, ipykernel, jupyter_client"], { stdio: "ignore" });
  return r.status === 0;
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
  if (process.platform === "darwin") return "Jupyter is missing: run  brew install jupyterlab  (or: python3 -m pip install nbconvert nbclient ipykernel)";
  return "Jupyter is missing: run  python3 -m pip install nbconvert nbclient ipykernel  (or set WORKBENCH_PYTHON to a Python that has them)";
}

/**
 * Finds a Python with nbconvert, nbclient and ipykernel (WORKBENCH_PYTHON first, then Debian's /usr/bin/python3, then PATH).
 * When none has them and this is Debian/Ubuntu as root, installs the Debian packages; otherwise throws JupyterMissingError.
 */
export function ensureJupyter(log: (line: string) => void = () => {}): string {
  const candidates = [process.env.WORKBENCH_PYTHON, ...PYTHON_CANDIDATES].filter((p): p is string => !!p);
  const found = candidates.find(hasJupyter);
  if (found) return found;
  if (isDebianLike() && process.getuid?.() === 0) {
    log(`installing Jupyter: apt-get install ${DEBIAN_PACKAGES.join(" ")}`);
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...DEBIAN_PACKAGES], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (hasJupyter("/usr/bin/python3")) return "/usr/bin/python3";
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
