// Training text: each crystal's canonical CIF as token ids between <bos> and <eos>, with the crystals whose text does
// not fit the context counted and left out; batches padded to their longest sequence.
import type { Structure } from "../../crystal/structure.js";
import { canonicalCif } from "../../representations/cif-canonical.js";
import { CIF_SPECIAL_TOKENS, cifTokenVocabulary, encodeCifTokens, tokenizeCif } from "../../representations/cif-tokens.js";
import { ModelRequestError } from "../errors.js";
import type { SequenceStats } from "./config.js";

/** Ids of the special tokens (the same in the full CIF vocabulary and in every model vocabulary, which starts with them). */
export function specialIds(): { pad: number; bos: number; eos: number } {
  const { ids } = cifTokenVocabulary();
  return { pad: ids.get("<pad>")!, bos: ids.get("<bos>")!, eos: ids.get("<eos>")! };
}

/** The token ids of a text between <bos> and (unless `open`) <eos>. */
export function textIds(text: string, open = false): Int32Array {
  const { bos, eos } = specialIds();
  const body = encodeCifTokens(tokenizeCif(text));
  const out = new Int32Array(body.length + (open ? 1 : 2));
  out[0] = bos;
  out.set(body, 1);
  if (!open) out[out.length - 1] = eos;
  return out;
}

/** Per tag token id (model vocabulary), the tokens written after it through the end of its line. */
export type TagContinuations = ReadonlyMap<number, Int32Array>;

/**
 * The continuations of CIF item lines ("tag   value", without the newline): each line's first token maps to the rest,
 * newline included; a line with a token the vocabulary lacks is left out, so the model writes it freely.
 */
export function tagContinuations(lines: readonly string[], vocabulary: readonly string[]): TagContinuations {
  const out = new Map<number, Int32Array>();
  for (const line of lines) {
    let ids: Int32Array;
    try {
      ids = localIds(textIds(`${line}\n`, true), vocabulary).subarray(1); // drop <bos>
    } catch (e) {
      if (e instanceof ModelRequestError) continue;
      throw e;
    }
    out.set(ids[0]!, ids.slice(1));
  }
  return out;
}

/** The training sequences of crystals (index of the crystal kept beside each) and their statistics. */
export function trainingSequences(structures: readonly Structure[], contextLength: number, symprec: number): { sequences: Int32Array[]; source: number[]; stats: SequenceStats } {
  const sequences: Int32Array[] = [];
  const source: number[] = [];
  let tooLong = 0, failed = 0, total = 0, maxTokens = 0;
  structures.forEach((s, i) => {
    let ids: Int32Array;
    try {
      ids = textIds(canonicalCif(s, symprec));
    } catch {
      failed++;
      return;
    }
    maxTokens = Math.max(maxTokens, ids.length);
    if (ids.length > contextLength) {
      tooLong++;
      return;
    }
    total += ids.length;
    sequences.push(ids);
    source.push(i);
  });
  return { sequences, source, stats: { sequences: sequences.length, tooLong, failed, maxTokens, meanTokens: sequences.length ? total / sequences.length : 0 } };
}

/** A padded batch: tokens [B, T] (T = longest sequence) and the loss mask (1 on every real token after <bos>). */
export function paddedBatch(sequences: readonly Int32Array[]): { tokens: Int32Array; mask: Int32Array; T: number } {
  const T = Math.max(...sequences.map((s) => s.length));
  const tokens = new Int32Array(sequences.length * T).fill(specialIds().pad);
  const mask = new Int32Array(sequences.length * T);
  sequences.forEach((s, b) => {
    tokens.set(s, b * T);
    mask.fill(1, b * T + 1, b * T + s.length);
  });
  return { tokens, mask, T };
}

/** A model's vocabulary: the special tokens, then every token of the training sequences (full-vocabulary ids), in id order. */
export function modelVocabulary(sequences: readonly Int32Array[]): string[] {
  const seen = new Set<number>(CIF_SPECIAL_TOKENS.map((_, i) => i));
  for (const s of sequences) for (const t of s) seen.add(t);
  const { tokens } = cifTokenVocabulary();
  return [...seen].sort((a, b) => a - b).map((id) => tokens[id]!);
}

/**
 * Full-vocabulary ids → ids of a model vocabulary.
 * @throws ModelRequestError (field `field`) naming a token the model's vocabulary lacks (e.g. an element never seen in training)
 */
export function localIds(ids: Int32Array, vocabulary: readonly string[], field = "prompt"): Int32Array {
  const full = cifTokenVocabulary().tokens;
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  return Int32Array.from(ids, (id) => {
    const local = index.get(full[id]!);
    if (local === undefined) throw new ModelRequestError(field, `token ${JSON.stringify(full[id])} is not in this model's vocabulary (it never appears in the training text)`);
    return local;
  });
}

/** The text of model-vocabulary ids, special tokens dropped. */
export function idsText(ids: ArrayLike<number>, vocabulary: readonly string[]): string {
  let text = "";
  for (let k = 0; k < ids.length; k++) if (ids[k]! >= CIF_SPECIAL_TOKENS.length) text += vocabulary[ids[k]!]!;
  return text;
}
