#!/usr/bin/env node
// The `xtal` command line: `xtal NAME args…` runs the default export of ./commands/NAME.js.
import { readdirSync, realpathSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { CrystalError } from "../crystal/errors.js";
import { closeParallelPool } from "../metrics/parallel/index.js";
import type { CliCommand, CliIO } from "./types.js";

const COMMANDS_DIR = new URL("./commands/", import.meta.url);
const NAME_RE = /^[a-z][a-z0-9-]*$/;

/** Names of the command files present next to the dispatcher (compiled .js in dist/, .ts in src/), sorted. */
export function commandNames(): string[] {
  const names = new Set<string>();
  for (const f of readdirSync(fileURLToPath(COMMANDS_DIR))) {
    const m = /^([a-z][a-z0-9-]*)\.(js|ts)$/.exec(f);
    if (m && !f.endsWith(".d.ts") && !f.endsWith(".test.ts")) names.add(m[1]!);
  }
  return [...names].sort();
}

/** Imports one command module; undefined when no such command file exists. */
export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  if (!NAME_RE.test(name) || !commandNames().includes(name)) return undefined;
  const mod = (await import(new URL(`./commands/${name}.js`, import.meta.url).href)) as { default?: CliCommand };
  return mod.default;
}

async function help(io: CliIO): Promise<number> {
  const lines = ["usage: xtal COMMAND [args…]   (xtal COMMAND --help for details)", "", "commands:"];
  for (const name of commandNames()) {
    try {
      const cmd = await loadCommand(name);
      lines.push(`  ${name.padEnd(14)} ${cmd?.summary ?? "(no summary)"}`);
    } catch (e) {
      lines.push(`  ${name.padEnd(14)} (failed to load: ${e instanceof Error ? e.message : String(e)})`);
    }
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

/**
 * Runs `xtal` with the arguments after the program name. Typed input errors (CrystalError and subclasses such as
 * DatasetError, CifParseError, CliUsageError) and unreadable input files print one line `xtal: message` and give exit
 * code 2; other errors 1.
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") return help(io);
  try {
    const cmd = await loadCommand(name);
    if (!cmd) {
      io.stderr(`xtal: unknown command "${name}" (commands: ${commandNames().join(", ")})\n`);
      return 2;
    }
    if (rest[0] === "--help" || rest[0] === "-h") {
      io.stdout(`${cmd.summary}\n\n${cmd.usage}\n`);
      return 0;
    }
    return await cmd.run(rest, io);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`xtal: ${message.split("\n")[0]}\n`);
    if (process.env.XTAL_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return e instanceof CrystalError || isMissingInput(e) ? 2 : 1;
  }
}

/** A file the user named that cannot be opened (missing, a directory, not readable): bad input, exit 2. */
function isMissingInput(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR" || code === "EACCES";
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  const io: CliIO = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) };
  // The pooled worker threads (sampling, metrics) are closed so the process exits as soon as the command is done.
  run(process.argv.slice(2), io).then(
    async (code) => {
      await closeParallelPool();
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`xtal: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
