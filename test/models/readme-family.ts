// Runs the README's "Add a model family" block as it stands, with its package imports pointed at the sources, so the
// toy family it registers lives in the same registry as the code under test.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "..", "..");

/** The README block between the add-a-family markers, without its code fence. */
export function readmeFamilyCode(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const m = /<!-- add-a-family:start -->\s*```ts\n([\s\S]*?)```\s*<!-- add-a-family:end -->/.exec(readme);
  if (!m) throw new Error("README.md has no add-a-family block");
  return m[1]!;
}

let done: Promise<unknown> | null = null;

/** Executes the README block once per test file (it registers the "jitter" family, trains, samples and evaluates). */
export function registerReadmeFamily(): Promise<unknown> {
  if (done) return done;
  const dir = join(ROOT, "test", ".generated");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `readme-family-${process.pid}.ts`);
  const code = readmeFamilyCode().replace(/"crystal-workbench\/([a-z-]+)"/g, (_, entry: string) => JSON.stringify(join(ROOT, "src", entry, "index.ts")));
  writeFileSync(file, `${code}\nexport { model, samples, rows, figure };\n`);
  done = import(file);
  return done;
}
