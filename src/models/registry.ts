// The family registry: every model family (and every baseline) registers here, and loading, the CLI and notebooks find
// families only through it. A family registered at run time (a notebook, a user's script) works everywhere.
import { ModelConfigError } from "./errors.js";
import { BUILTIN_FAMILIES } from "./families.js";
import type { OptionSchema, OptionValues } from "./options-schema.js";
import type { GenerativeModel, ModelConfig, ModelTask, RequestField } from "./types.js";

/** What a family registers: its name, tasks, option schemas (with help) and its constructors. */
export interface ModelFamily {
  readonly name: string;
  /** One line for help texts. */
  readonly summary: string;
  /** Tasks its models can be built for. */
  readonly tasks: readonly ModelTask[];
  /** The request fields its models read; any other field given to `sample` is refused. */
  readonly requestFields: readonly RequestField[];
  /** Options of a new model (`create`): task, architecture, schedules. */
  readonly createOptions: OptionSchema;
  /** The family's own training settings (TrainOptions.settings). */
  readonly trainSettings: OptionSchema;
  /** The family's sampler settings (SampleRequest.settings). */
  readonly sampleSettings: OptionSchema;
  /** The smallest sensible create options, for demos and the contract test every family passes (default: none). */
  readonly exampleOptions?: OptionValues;
  /** Set for a sample-only baseline: its short name for `xtal evaluate --baseline NAME`. */
  readonly baselineName?: string;
  /** A new, untrained model. @throws ModelRequestError for an option outside createOptions */
  create(options?: OptionValues): GenerativeModel;
  /** A model of a saved config (its weights are read by `load`). @throws ModelConfigError for an invalid config */
  fromConfig(config: ModelConfig): GenerativeModel;
  /** The create options a config was made with (for refusing conflicting flags when resuming or fine-tuning). */
  optionsOf?(config: ModelConfig): OptionValues;
  /** Turns an older config.json of this family into the current ModelConfig. */
  migrate?(saved: Readonly<Record<string, unknown>>): ModelConfig;
}

let registry: Map<string, ModelFamily> | null = null;

function families(): Map<string, ModelFamily> {
  registry ??= new Map(BUILTIN_FAMILIES.map((f) => [f.name, f]));
  return registry;
}

/**
 * Registers a family under its name; `replace` allows re-registering a name (e.g. re-running a notebook cell).
 * @throws ModelConfigError when the name is taken and `replace` is not set, or the name is not a lowercase word
 */
export function registerFamily(family: ModelFamily, options: { replace?: boolean } = {}): void {
  if (!/^[a-z][a-z0-9-]*$/.test(family.name)) throw new ModelConfigError(`family name "${family.name}" must be lowercase letters, digits and hyphens`);
  if (families().has(family.name) && !options.replace) throw new ModelConfigError(`a family named ${family.name} is already registered (pass { replace: true } to replace it)`);
  families().set(family.name, family);
}

/** The registered family of that name. @throws ModelConfigError naming the known families */
export function modelFamily(name: string): ModelFamily {
  const f = families().get(name);
  if (!f) throw new ModelConfigError(`unknown model family ${JSON.stringify(name)} (registered: ${[...families().keys()].join(", ")})`);
  return f;
}

/** Every registered family, in registration order. */
export function modelFamilies(): ModelFamily[] {
  return [...families().values()];
}
