// Sizes and options of the CSPNet-family periodic denoiser (DiffCSP, Jiao et al. 2023; sizes as in bench/cspnet_torch.py).

/** Architecture of the CSPNet denoiser. */
export interface CspnetConfig {
  /** Hidden width H. */
  hidden: number;
  /** Number of message-passing layers L. */
  layers: number;
  /** Fourier frequencies F of fractional-coordinate differences (k = 0 … F−1, times 2π). */
  freqs: number;
  /** Width T of the sinusoidal time embedding. */
  timeDim: number;
  /** Number of atom types (atomic numbers 0 … numTypes−1 are embeddable). */
  numTypes: number;
  /** Adds an atom-type logits head (de novo generation). */
  typeHead: boolean;
  /** Adds a condition input (classifier-free guidance on a scalar property; a latent vector for CDVAE's decoder). */
  condition: boolean;
  /** Width of the condition input (default 2: normalised value and presence flag). */
  conditionDim?: number;
  /** Adds local messages over a radius graph of the current coordinates (absent: the fully connected messages only). */
  local?: CspnetLocal;
}

/**
 * CSPNet's optional local messages (an addition of this project, for crystals whose score is set by bond geometry, e.g.
 * carbon): in every layer a message from each neighbour image within `cutoff` Å (the `maxNeighbors` nearest), reading
 * a radial basis of its length and gated by a smooth envelope, summed — not averaged — at the receiver; and a
 * coordinate output Σ_e w_e · Δf_e along the edges' fractional displacements (an EGNN-style vector term).
 */
export interface CspnetLocal {
  /** Radius of the graph (Å). */
  cutoff: number;
  /** Most neighbour images per atom (the nearest are kept). */
  maxNeighbors: number;
  /** Number R of Gaussian radial basis functions on [0, cutoff]. */
  basis: number;
}

/** The defaults of the PyTorch reference (bench sizes: H 256, L 4, F 64, T 64, 100 types). */
export const CSPNET_DEFAULTS: CspnetConfig = { hidden: 256, layers: 4, freqs: 64, timeDim: 64, numTypes: 100, typeHead: false, condition: false };

/** Fills the missing fields of a partial config with CSPNET_DEFAULTS. */
export function cspnetConfig(partial: Partial<CspnetConfig> = {}): CspnetConfig {
  return { ...CSPNET_DEFAULTS, ...partial };
}
