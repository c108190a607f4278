// The view of an autoregressive token model that notebooks and analyses use without naming its family: its vocabulary,
// the token sequence of a crystal, prompts, streamed generation with the alternatives at each step, decoding with the
// family's checks, and attention weights.
import type { Structure } from "../crystal/structure.js";
import type { GenerationStep } from "./transformer/generate.js";
import type { GenerativeModel } from "./types.js";

/** A decoded generation: its text, the crystal read from it (null when it does not parse) and why it was rejected (null: accepted). */
export interface DecodedTokens {
  text: string;
  structure: Structure | null;
  rejection: string | null;
}

/** What a token prompt fixes: a composition (formula or atomic numbers) and optionally the space group. */
export interface TokenPrompt {
  composition?: string | ArrayLike<number>;
  spaceGroup?: number;
}

/** Sampler settings of generateTokens. */
export interface TokenSamplerSettings {
  temperature?: number;
  topK?: number;
  topP?: number;
  seed?: number;
}

/** A generative model over token sequences (family cif-transformer, …). */
export interface TokenGenerativeModel extends GenerativeModel {
  /** Token strings by id. */
  readonly vocabulary: readonly string[];
  /** Layers, heads and context length of the network. */
  readonly shape: { nLayers: number; nHeads: number; contextLength: number };
  /** The token ids the model is trained on for a crystal. @throws when the crystal cannot be written */
  encodeStructure(structure: Structure): Int32Array;
  /** The prompt's token ids. @throws ModelRequestError for an unknown element, a space group outside 1–230 or a prompt that does not fit */
  promptTokens(prompt: TokenPrompt): Int32Array;
  /** Generates one sequence per prompt (prompt + generated ids), calling onStep with every new token and the 5 most probable. */
  generateTokens(prompts: readonly Int32Array[], settings?: TokenSamplerSettings, onStep?: (step: GenerationStep) => void): Int32Array[];
  /** Decodes a generated sequence and runs the family's checks against the prompt. */
  decodeTokens(tokens: Int32Array, prompt?: TokenPrompt): DecodedTokens;
  /** Attention probabilities [T, T] of one head of one layer over a token sequence. */
  attention(tokens: Int32Array, layer: number, head: number): Float32Array;
}

/** True when a model is a TokenGenerativeModel. */
export function isTokenModel(model: GenerativeModel): model is TokenGenerativeModel {
  const m = model as Partial<TokenGenerativeModel>;
  return Array.isArray(m.vocabulary) && typeof m.generateTokens === "function" && typeof m.attention === "function";
}

export type { GenerationStep } from "./transformer/generate.js";
