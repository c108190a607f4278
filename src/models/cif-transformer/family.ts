// The CIF transformer's registration: options, sampler settings, constructors.
import { checkOptions } from "../options-schema.js";
import type { ModelFamily } from "../registry.js";
import type { ModelConfig } from "../types.js";
import { CIF_TRANSFORMER_CREATE_OPTIONS, type CifTransformerFamilyConfig, cifTransformerConfig, cifTransformerOptionsOf } from "./config.js";
import { CifTransformer } from "./model.js";

/** CrystaLLM-style transformer over canonical CIF text as a registered family. */
export const CIF_TRANSFORMER_FAMILY: ModelFamily = {
  name: "cif-transformer",
  summary: "CrystaLLM-style decoder-only transformer over canonical symmetrised CIF text; prompts data_<formula> (CSP, optional space group) or data_ (de novo)",
  tasks: ["csp", "gen"],
  requestFields: ["compositions", "n", "spaceGroup", "batchSize"],
  createOptions: CIF_TRANSFORMER_CREATE_OPTIONS,
  trainSettings: {},
  sampleSettings: {
    temperature: { type: "number", min: 0, default: 1, help: "softmax temperature of the token sampler (0: greedy)" },
    topK: { type: "integer", min: 1, help: "sample among the K most probable tokens only" },
    topP: { type: "number", min: 0, max: 1, help: "sample among the smallest set of tokens whose probability reaches P (nucleus)" },
    formulaGrammar: { type: "boolean", default: false, help: "write the values of _chemical_formula_structural, _chemical_formula_sum and _cell_formula_units_Z from the data_ line (the prompt's formula for CSP) and allow only its elements in the atom sites; off in CrystaLLM" },
    siteGrammar: { type: "boolean", default: false, help: "the formula grammar, and also: only space groups whose Wyckoff multiplicities can hold the cell formula, atom-site rows whose multiplicities add up to it, the text ending when every atom is placed, and coordinates on orbits of the stated multiplicities, off earlier rows' atoms" },
    bondGrammar: { type: "boolean", default: false, help: "the site grammar, and also: each row's z keeps its atoms at least the bond check's minimum ratio × the sum of covalent radii from the atoms written before and from each other" },
    clearance: { type: "string", choices: ["z", "every"], default: "z", help: "with the bond or cell grammar, the coordinates the bond clearance constrains: z only, or every coordinate (x and y against the row's own images, and against earlier atoms where the orbit fixes the rest)" },
    cellGrammar: { type: "boolean", default: false, help: "the bond grammar, and also: the cell lines the stated space group's crystal system fixes are written for the model (b = a, c = a, angles 90° or 120°)" },
    maxAttempts: { type: "integer", min: 1, default: 1, help: "draws per crystal until one passes the checks; when none does, the last readable draw is kept (accepted=false), or a failed-sample marker (failed=true) when none was readable" },
  },
  exampleOptions: { contextLength: 400, dModel: 16, nLayers: 1, nHeads: 2, mlpRatio: 2, dropout: 0 },
  create: (options = {}) => new CifTransformer(CIF_TRANSFORMER_FAMILY, cifTransformerConfig(checkOptions(CIF_TRANSFORMER_FAMILY.createOptions, options, "cif-transformer option"))),
  fromConfig: (config) => new CifTransformer(CIF_TRANSFORMER_FAMILY, config as ModelConfig<CifTransformerFamilyConfig>),
  optionsOf: cifTransformerOptionsOf,
};
