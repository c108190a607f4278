// Drawing one token from next-token logits: temperature, then top-k, then top-p (nucleus), by the inverse CDF of a
// uniform number, so the caller's seeded stream fixes the draw.
import { ModelRequestError } from "../errors.js";

/** Sampler settings and the generation limits. */
export interface TokenSampling {
  /** Softmax temperature (0: greedy). */
  temperature: number;
  /** Keep only the K most probable tokens. */
  topK?: number;
  /** Keep the smallest set of most probable tokens whose probability reaches P (0 < P ≤ 1). */
  topP?: number;
  maxNewTokens: number;
  seed: number;
}

/** @throws ModelRequestError naming the setting when temperature < 0, topK is not a positive integer or topP ∉ (0, 1] */
export function checkTokenSampling(s: Pick<TokenSampling, "temperature" | "topK" | "topP">): void {
  if (!(s.temperature >= 0 && Number.isFinite(s.temperature))) throw new ModelRequestError("temperature", `temperature must be a finite number ≥ 0, got ${s.temperature}`);
  if (s.topK !== undefined && !(Number.isInteger(s.topK) && s.topK >= 1)) throw new ModelRequestError("topK", `topK must be a positive integer, got ${s.topK}`);
  if (s.topP !== undefined && !(s.topP > 0 && s.topP <= 1)) throw new ModelRequestError("topP", `topP must be in (0, 1], got ${s.topP}`);
}

/** Token ids with finite logits, most probable first (ties: lower id first). */
function rankTokens(logits: Float32Array): number[] {
  const ids: number[] = [];
  for (let i = 0; i < logits.length; i++) if (logits[i]! > -Infinity) ids.push(i);
  return ids.sort((a, b) => logits[b]! - logits[a]! || a - b);
}

/**
 * The sampling distribution as (token, probability) pairs: softmax(logits / T) (−∞ logits excluded), cut to the topK
 * most probable, then to the smallest prefix whose probability reaches topP, renormalised. Temperature 0 puts all mass
 * on the most probable token. @throws ModelRequestError when no logit is finite
 */
export function samplingDistribution(logits: Float32Array, s: Pick<TokenSampling, "temperature" | "topK" | "topP">): { token: number; p: number }[] {
  let ranked = rankTokens(logits);
  if (ranked.length === 0) throw new ModelRequestError("allowedTokens", "every token is excluded at this step (no finite logit)");
  if (s.temperature === 0) return [{ token: ranked[0]!, p: 1 }];
  if (s.topK !== undefined) ranked = ranked.slice(0, s.topK);
  const top = logits[ranked[0]!]!;
  let w = ranked.map((t) => Math.exp((logits[t]! - top) / s.temperature));
  let total = w.reduce((a, b) => a + b, 0);
  if (s.topP !== undefined && s.topP < 1) {
    let cum = 0;
    let keep = 0;
    while (keep < ranked.length && cum < s.topP * total) cum += w[keep++]!;
    ranked = ranked.slice(0, keep);
    w = w.slice(0, keep);
    total = cum;
  }
  return ranked.map((token, k) => ({ token, p: w[k]! / total }));
}

/**
 * Draws a token from samplingDistribution(logits, s) with the uniform number u ∈ [0, 1) (inverse CDF over the kept
 * tokens in order of id, so a truncation that keeps every token draws the same token as none). @throws ModelRequestError when no logit is finite
 */
export function sampleToken(logits: Float32Array, sampling: Pick<TokenSampling, "temperature" | "topK" | "topP">, u: number): number {
  if (sampling.temperature > 0 && sampling.topK === undefined && (sampling.topP === undefined || sampling.topP >= 1)) {
    // Plain softmax sampling without sorting (the common case): walk the ids in order.
    let top = -Infinity;
    for (const l of logits) if (l > top) top = l;
    if (top === -Infinity) throw new ModelRequestError("allowedTokens", "every token is excluded at this step (no finite logit)");
    let total = 0;
    for (const l of logits) total += Math.exp((l - top) / sampling.temperature);
    let cum = 0;
    let last = -1;
    for (let i = 0; i < logits.length; i++) {
      if (!(logits[i]! > -Infinity)) continue;
      cum += Math.exp((logits[i]! - top) / sampling.temperature);
      last = i;
      if (cum > u * total) return i;
    }
    return last;
  }
  const dist = samplingDistribution(logits, sampling).sort((a, b) => a.token - b.token);
  let cum = 0;
  for (const { token, p } of dist) {
    cum += p;
    if (cum > u) return token;
  }
  return dist[dist.length - 1]!.token;
}

/** The k most probable tokens under softmax(logits / T) (T = 0 read as 1), with their probabilities. */
export function topTokens(logits: Float32Array, temperature: number, k: number): { token: number; p: number }[] {
  return samplingDistribution(logits, { temperature: temperature > 0 ? temperature : 1 }).slice(0, k);
}
