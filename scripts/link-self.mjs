// Links node_modules/crystal-workbench -> .. so notebooks (tslab resolves with Node10 rules)
// can `import { ... } from "crystal-workbench"` against the built dist/ (platform-notes §1.4).
import { existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "crystal-workbench");
// Only inside this repository's own checkout (not when installed as someone else's dependency).
if (existsSync(join(root, ".git")) || existsSync(join(root, "src"))) {
  mkdirSync(dirname(link), { recursive: true });
  try { if (lstatSync(link)) unlinkSync(link); } catch { /* no link yet */ }
  symlinkSync("..", link, "dir");
}
