// Noise schedules of DiffCSP (Jiao et al., NeurIPS 2023): a cosine β schedule for the DDPM on the lattice and an
// exponential σ schedule for the wrapped normal on fractional coordinates, with the wrapped-normal score and its
// normalisation E[|score|²] (DiffCSP divides the training target by its square root).

/** DDPM quantities indexed by timestep t = 0 … T (index 0 is the clean state). */
export interface BetaSchedule {
  T: number;
  betas: Float64Array;
  alphas: Float64Array;
  alphasCumprod: Float64Array;
  /** Posterior standard deviation √(β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t)). */
  sigmas: Float64Array;
}

/** Cosine schedule (Nichol & Dhariwal 2021, s = 0.008), β clipped to [1e-4, 0.9999], as DiffCSP's BetaScheduler. */
export function cosineBetaSchedule(T: number, s = 0.008): BetaSchedule {
  const f = (i: number) => Math.cos((((i / T) + s) / (1 + s)) * Math.PI * 0.5) ** 2;
  const betas = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) betas[t] = Math.min(0.9999, Math.max(1e-4, 1 - f(t) / f(t - 1)));
  const alphas = betas.map((b) => 1 - b);
  const alphasCumprod = new Float64Array(T + 1);
  let c = 1;
  for (let t = 0; t <= T; t++) alphasCumprod[t] = c *= alphas[t]!;
  const sigmas = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) sigmas[t] = Math.sqrt((betas[t]! * (1 - alphasCumprod[t - 1]!)) / (1 - alphasCumprod[t]!));
  return { T, betas, alphas, alphasCumprod, sigmas };
}

/** Wrapped-normal σ_t for t = 0 … T: σ_0 = 0, then geometric from σ_begin to σ_end (fractional units). */
export function sigmaSchedule(T: number, sigmaBegin: number, sigmaEnd: number): Float64Array {
  const out = new Float64Array(T + 1);
  for (let t = 1; t <= T; t++) out[t] = Math.exp(Math.log(sigmaBegin) + ((t - 1) / Math.max(1, T - 1)) * (Math.log(sigmaEnd) - Math.log(sigmaBegin)));
  return out;
}

const IMAGES = 10;

/** Wrapped normal density on the unit circle: Σ_k N(x + k; 0, σ²), k = −10 … 10. */
export function wrappedNormalDensity(x: number, sigma: number): number {
  let p = 0;
  for (let k = -IMAGES; k <= IMAGES; k++) p += Math.exp(-((x + k) ** 2) / (2 * sigma * sigma));
  return p / (Math.sqrt(2 * Math.PI) * sigma);
}

/**
 * DiffCSP's d_log_p_wrapped_normal: Σ_k (x+k)/σ² w_k / Σ_k w_k with w_k = exp(−(x+k)²/2σ²), i.e. minus the score
 * ∂/∂x log p_wn(x) of the wrapped normal (so a step x − η·value climbs the density).
 */
export function wrappedNormalNegScore(x: number, sigma: number): number {
  let num = 0;
  let den = 0;
  const s2 = sigma * sigma;
  for (let k = -IMAGES; k <= IMAGES; k++) {
    const y = x + k;
    const w = Math.exp(-(y * y) / (2 * s2));
    num += (y / s2) * w;
    den += w;
  }
  return den > 0 ? num / den : 0;
}

/**
 * E[|score|²] of the wrapped normal of width σ (DiffCSP's sigma_norm, there estimated from 10⁴ samples),
 * here by quadrature of p·score² over one period (2001 points, limited to ±8σ when that is narrower).
 */
export function wrappedNormalScoreNorm(sigma: number): number {
  const half = Math.min(0.5, 8 * sigma);
  const n = 2001;
  const h = (2 * half) / (n - 1);
  let sum = 0;
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const x = -half + i * h;
    const w = i === 0 || i === n - 1 ? 0.5 : 1;
    const p = wrappedNormalDensity(x, sigma);
    sum += w * p * wrappedNormalNegScore(x, sigma) ** 2;
    mass += w * p;
  }
  return sum / mass;
}

/** The σ schedule with its score normalisations (index 0: σ = 0, norm 1). */
export interface SigmaTable {
  sigmas: Float64Array;
  norms: Float64Array;
}

/** σ_t and E[|score|²](σ_t) for t = 0 … T. */
export function sigmaTable(T: number, sigmaBegin: number, sigmaEnd: number): SigmaTable {
  const sigmas = sigmaSchedule(T, sigmaBegin, sigmaEnd);
  const norms = new Float64Array(T + 1);
  norms[0] = 1;
  for (let t = 1; t <= T; t++) norms[t] = wrappedNormalScoreNorm(sigmas[t]!);
  return { sigmas, norms };
}
