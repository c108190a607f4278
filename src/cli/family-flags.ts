// Command-line flags generated from the families' option schemas, so every registered family — including one registered
// at run time — gets its options on `xtal train`, `xtal sample` and `xtal evaluate` with help text.
import { type ModelFamily, type OptionSchema, type OptionValue, modelFamilies, optionFlag, optionHelpLines } from "../models/index.js";
import { CliUsageError, type FlagSpec } from "./args.js";

/** The flag specs of a schema's options (`stepLr` → `--step-lr`). */
export function schemaFlags(schema: OptionSchema): FlagSpec {
  return Object.fromEntries(Object.entries(schema).map(([name, s]) => [optionFlag(name), { type: s.type === "integer" ? "number" : s.type }]));
}

/** Whether the command line gave an option's flag (a boolean flag reads false when absent). */
function given(flags: Readonly<Record<string, unknown>>, name: string): boolean {
  const v = flags[optionFlag(name)];
  return v !== undefined && v !== false;
}

/** The values the command line gave for a schema's options, by option name. */
export function schemaValues(schema: OptionSchema, flags: Readonly<Record<string, unknown>>): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  for (const name of Object.keys(schema)) if (given(flags, name)) out[name] = flags[optionFlag(name)] as OptionValue;
  return out;
}

/** Flags of every registered family's sampler settings (`xtal sample`, `xtal evaluate`). */
export function samplerFlags(): FlagSpec {
  return Object.assign({}, ...modelFamilies().map((f) => schemaFlags(f.sampleSettings))) as FlagSpec;
}

/** Help lines of the sampler settings, per family. */
export function samplerUsage(): string[] {
  return modelFamilies()
    .filter((f) => Object.keys(f.sampleSettings).length > 0)
    .flatMap((f) => [`  sampler settings of ${f.name}:`, ...optionHelpLines(f.sampleSettings, "    ")]);
}

/**
 * The sampler settings given on the command line for a model of `family`.
 * @throws CliUsageError for a sampler flag of another family, naming the families that have it
 */
export function samplerSettings(family: ModelFamily, flags: Readonly<Record<string, unknown>>): Record<string, OptionValue> {
  for (const other of modelFamilies()) {
    for (const name of Object.keys(other.sampleSettings)) {
      if (!given(flags, name) || name in family.sampleSettings) continue;
      const owners = modelFamilies().filter((f) => name in f.sampleSettings).map((f) => f.name);
      throw new CliUsageError(`--${optionFlag(name)} is a sampler setting of ${owners.join(", ")}, not of ${family.name} (its settings: ${Object.keys(family.sampleSettings).map((n) => `--${optionFlag(n)}`).join(", ") || "none"})`);
    }
  }
  return schemaValues(family.sampleSettings, flags);
}
