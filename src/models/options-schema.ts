// Typed option schemas: how a family declares its create, train and sample options, so that requests are checked before
// any work and the CLI's flags and help are generated from one place.
import { ModelRequestError } from "./errors.js";

/** A value an option can take. */
export type OptionValue = number | string | boolean;

/** Options by name, as passed to a model (e.g. `{ steps: 100, stepLr: 1e-5 }`). */
export type OptionValues = Readonly<Record<string, OptionValue>>;

/** One option: its type, help text, default (for help only; the model applies it) and allowed range or choices. */
export interface OptionSpec {
  readonly type: "number" | "integer" | "boolean" | "string";
  readonly help: string;
  readonly default?: OptionValue;
  /** Inclusive bounds of a number or integer. */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of a string option. */
  readonly choices?: readonly string[];
}

/** A family's options by name (camelCase; the CLI flag is its kebab-case form). */
export type OptionSchema = Readonly<Record<string, OptionSpec>>;

/**
 * Checks `values` against `schema` and returns them typed: every name must be declared and every value of its type and
 * range. `what` names the options in messages (e.g. "diffcsp sampler setting").
 * @throws ModelRequestError naming the first offending field.
 */
export function checkOptions(schema: OptionSchema, values: Readonly<Record<string, unknown>> | undefined, what: string): OptionValues {
  const out: Record<string, OptionValue> = {};
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === undefined) continue;
    const spec = schema[name];
    if (!spec) {
      const known = Object.keys(schema);
      throw new ModelRequestError(name, `${name} is not a ${what} (known: ${known.length ? known.join(", ") : "none"})`);
    }
    out[name] = checkValue(name, spec, value, what);
  }
  return out;
}

function checkValue(name: string, spec: OptionSpec, value: unknown, what: string): OptionValue {
  const bad = (expected: string) => new ModelRequestError(name, `${what} ${name} must be ${expected} (got ${JSON.stringify(value)})`);
  if (spec.type === "boolean") {
    if (typeof value !== "boolean") throw bad("true or false");
    return value;
  }
  if (spec.type === "string") {
    if (typeof value !== "string") throw bad("a string");
    if (spec.choices && !spec.choices.includes(value)) throw bad(`one of ${spec.choices.join(", ")}`);
    return value;
  }
  const range = `${spec.min !== undefined ? ` ≥ ${spec.min}` : ""}${spec.min !== undefined && spec.max !== undefined ? " and" : ""}${spec.max !== undefined ? ` ≤ ${spec.max}` : ""}`;
  const kind = spec.type === "integer" ? "an integer" : "a finite number";
  if (typeof value !== "number" || !Number.isFinite(value) || (spec.type === "integer" && !Number.isInteger(value))) throw bad(`${kind}${range}`);
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) throw bad(`${kind}${range}`);
  return value;
}

/** The command-line flag of an option name: `stepLr` → `step-lr`. */
export function optionFlag(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Help lines of a schema, one per option: `  --step-lr X   help (default 1e-5)`. */
export function optionHelpLines(schema: OptionSchema, indent = "  "): string[] {
  return Object.entries(schema).map(([name, s]) => {
    const arg = s.type === "boolean" ? "" : s.choices ? ` ${s.choices.join("|")}` : s.type === "string" ? " NAME" : s.type === "integer" ? " N" : " X";
    const head = `${indent}--${optionFlag(name)}${arg}`;
    return `${head.padEnd(28)} ${s.help}${s.default !== undefined ? ` (default ${String(s.default)})` : ""}`;
  });
}
