import { CrystalError } from "../crystal/errors.js";

/** A command line that does not fit the command's flags: unknown flag, missing value, bad number. */
export class CliUsageError extends CrystalError {
  override name = "CliUsageError";
}

/** Declared flags: `string` takes a value, `boolean` takes none, `number` takes a finite numeric value; `multiple` collects repeats. */
export type FlagSpec = Readonly<Record<string, { type: "string" | "boolean" | "number"; multiple?: boolean; short?: string }>>;

type FlagValue<T extends FlagSpec[string]> = T["type"] extends "boolean"
  ? boolean
  : T["multiple"] extends true
    ? (T["type"] extends "number" ? number : string)[]
    : (T["type"] extends "number" ? number : string) | undefined;

/** Parsed command line: flag values by name (booleans false when absent, repeated flags as arrays) and positionals. */
export interface ParsedArgs<S extends FlagSpec> {
  readonly flags: { [K in keyof S]: FlagValue<S[K]> };
  readonly positionals: string[];
}

/**
 * The value of a count flag (`--n`, `--limit`, `--workers`, …), passed through when absent or a positive integer.
 * @throws CliUsageError naming the command and the flag otherwise
 */
export function positiveIntegerFlag<V extends number | undefined>(command: string, flag: string, value: V): V {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) throw new CliUsageError(`${command}: --${flag} must be a positive integer (got ${value})`);
  return value;
}

/**
 * Parses `--flag value`, `--flag=value`, boolean `--flag`, short `-f value`, repeated flags and positionals;
 * `--` ends flag parsing. Throws CliUsageError for an unknown flag, a missing value, a value given to a boolean
 * flag, or a non-numeric value of a number flag.
 */
export function parseArgs<S extends FlagSpec>(argv: readonly string[], spec: S): ParsedArgs<S> {
  const flags: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec)) flags[name] = f.type === "boolean" ? false : f.multiple ? [] : undefined;
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(spec).flatMap(([n, f]) => (f.short ? [[f.short, n] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let inline: string | undefined;
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else if (arg.length === 2 && arg[0] === "-" && arg !== "-") {
      name = byShort.get(arg[1]!);
      if (!name) throw new CliUsageError(`unknown flag ${arg}`);
    } else {
      positionals.push(arg);
      continue;
    }
    const f = spec[name];
    if (!f) throw new CliUsageError(`unknown flag --${name} (known: ${Object.keys(spec).map((k) => `--${k}`).join(", ") || "none"})`);
    if (f.type === "boolean") {
      if (inline !== undefined) throw new CliUsageError(`flag --${name} takes no value`);
      flags[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new CliUsageError(`flag --${name} needs a value`);
      value = argv[++i]!;
    }
    let typed: string | number = value;
    if (f.type === "number") {
      typed = Number(value);
      if (value.trim() === "" || !Number.isFinite(typed)) throw new CliUsageError(`flag --${name} needs a number, got "${value}"`);
    }
    if (f.multiple) (flags[name] as unknown[]).push(typed);
    else flags[name] = typed;
  }
  return { flags: flags as ParsedArgs<S>["flags"], positionals };
}

/** Parses a property target `PROP=VALUE` (the --target flag of sample and evaluate). */
export function parseTarget(text: string): { property: string; value: number } {
  const eq = text.indexOf("=");
  const value = Number(text.slice(eq + 1));
  if (eq <= 0 || !Number.isFinite(value)) throw new CliUsageError(`--target must look like PROP=VALUE with a number (got ${text})`);
  return { property: text.slice(0, eq), value };
}
