// The Wyckoff transformer family: Wyckoff sequences (vocabulary, crystal ⇄ tokens), the grammar mask and the model.
export { WYCKOFF_TRANSFORMER_FAMILY } from "./family.js";
export { type WyckoffFamilyConfig, WYCKOFF_CREATE_OPTIONS } from "./config.js";
export { WYCKOFF_TRAIN_SETTINGS } from "./model.js";
export { type DecodedSequence, encodeCrystal, encodeWyckoff, decodeSequence, structureFromSequence } from "./sequence.js";
export { type GrammarConstraints, type CompositionPrompt, allowedTokens } from "./grammar.js";
export { type LatticeBinning, VOCAB_SIZE, BOS, SEP, EOS, tokenKind } from "./vocabulary.js";
