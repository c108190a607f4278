// The CIF transformer family (CrystaLLM style): config, training text, prompts, checks, the model and its registration.
export { type CifTransformerFamilyConfig, type BondLengthBounds, type SequenceStats, DEFAULT_BOND_LENGTH, cifTransformerConfig } from "./config.js";
export { CIF_REJECTIONS, type CifRejection, type CheckedCif, checkGeneratedCif, nearestNeighbourRatios } from "./checks.js";
export { type PromptSpec, promptText, promptIds } from "./prompts.js";
export { type FormulaContinuations, formulaContinuations, formulaGrammar, forcedToken } from "./formula-grammar.js";
export { CIF_TRAIN_SETTINGS } from "./model.js";
export { CIF_TRANSFORMER_FAMILY } from "./family.js";
