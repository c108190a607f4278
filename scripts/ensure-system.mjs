// Checks (and on Debian/Ubuntu as root, installs) the system packages the test suite uses:
// the Python reference implementations (pymatgen, spglib, ASE, PyTorch) for cross-checks, Jupyter for executing the
// notebooks, and Chromium for the rendering test. Elsewhere it stops with the one-line install instruction.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

const PACKAGES = [
  "python3-pymatgen", "python3-spglib", "python3-ase", "python3-torch", "libopenblas0-pthread",
  "jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "python3-ipykernel", "chromium",
];
const pythonOk = () =>
  spawnSync("/usr/bin/python3", ["-c", "import pymatgen.core, spglib, ase, torch, nbconvert, nbclient, ipykernel"], { stdio: "ignore" }).status === 0;
const chromiumOk = () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
const debian = (() => { try { return /^(ID|ID_LIKE)=.*(debian|ubuntu)/m.test(readFileSync("/etc/os-release", "utf8")); } catch { return false; } })();

if (pythonOk() && chromiumOk()) process.exit(0);
if (debian && process.getuid?.() === 0) {
  console.error(`installing test prerequisites: ${PACKAGES.join(" ")}`);
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...PACKAGES], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (pythonOk() && chromiumOk()) process.exit(0);
}
console.error(`The tests need Debian's reference packages: sudo apt-get install -y ${PACKAGES.join(" ")}`);
process.exit(1);
