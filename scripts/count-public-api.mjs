// Counts the public symbols of every package entry point in dist/: run-time values (Object.keys of the module) and
// type-only names (followed through the .d.ts re-export chain). Usage: npm run build && node scripts/count-public-api.mjs
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));

/** Names a .d.ts file exports, following `export * from` and `export { … } from`. */
function declaredNames(file, seen = new Set()) {
  if (seen.has(file) || !existsSync(file)) return new Set();
  seen.add(file);
  const text = readFileSync(file, "utf8");
  const names = new Set();
  const target = (spec) => resolve(dirname(file), spec.replace(/\.js$/, ".d.ts"));
  for (const m of text.matchAll(/^export \* from "([^"]+)";/gm)) for (const n of declaredNames(target(m[1]), seen)) names.add(n);
  for (const m of text.matchAll(/^export \* as (\w+) from/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export (?:declare )?(?:abstract )?(?:const|let|function|class|interface|type|enum|namespace) (\w+)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export (?:type )?\{([^}]*)\}/gm))
    for (const part of m[1].split(",").map((s) => s.trim()).filter(Boolean)) names.add(part.replace(/^type /, "").split(/\s+as\s+/).pop());
  return names;
}

const rows = [];
for (const [entry, spec] of Object.entries(pkg.exports)) {
  if (typeof spec !== "object") continue;
  const values = Object.keys(await import(pathToFileURL(resolve(root, spec.default)).href));
  const all = declaredNames(resolve(root, spec.types));
  const typeOnly = [...all].filter((n) => !values.includes(n));
  rows.push({ entry, values: values.length, typeOnly: typeOnly.length, total: values.length + typeOnly.length });
}
console.table(rows);
console.log(`total public symbols: ${rows.reduce((s, r) => s + r.total, 0)}`);
