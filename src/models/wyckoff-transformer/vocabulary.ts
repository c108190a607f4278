// The token vocabulary of Wyckoff sequences: special tokens, space groups, elements, Wyckoff letters and the bins of
// the continuous values (free fractional coordinates, lattice lengths, lattice angles).
//
// Bins (our choices):
// - fractional coordinates: the grid k/120, k = 0 … 119 (resolution 1/120 < 1/100; it holds 1/2, 1/3, 1/4, 1/5, 1/6,
//   1/8, 1/10 and 1/12 exactly, the values free parameters sit at in many real structures);
// - lattice lengths: 256 bins uniform in log(length) over a range fitted to the training data (a relative resolution:
//   a 3 Å and a 30 Å axis are equally hard to get right in relative terms; 1.7 % per bin on mpts_52's 1.5–103 Å);
// - lattice angles: 240 bins uniform over a range fitted to the training data (about 0.5° per bin on mpts_52).
// Each value decodes to its bin's centre (coordinates: the grid point itself).

/** Padding (after the stop token). */
export const PAD = 0;
/** Start of every sequence. */
export const BOS = 1;
/** End of the list of occupied orbits. */
export const SEP = 2;
/** Stop token: the sequence is complete. */
export const EOS = 3;

/** Wyckoff letters of all space groups in ITA order (Pmmm, no. 47, is the one group with a 27th letter, "A"). */
export const WYCKOFF_LETTERS = "abcdefghijklmnopqrstuvwxyzA";
/** Elements H … Og. */
export const MAX_Z = 118;
/** Fractional-coordinate grid points per unit. */
export const COORD_BINS = 120;
/** Lattice-length bins (log-uniform). */
export const LENGTH_BINS = 256;
/** Lattice-angle bins (uniform). */
export const ANGLE_BINS = 240;

/** First token of each block; `VOCAB_SIZE` tokens in all. */
export const SG_BASE = 4;
export const ELEMENT_BASE = SG_BASE + 230;
export const LETTER_BASE = ELEMENT_BASE + MAX_Z;
export const COORD_BASE = LETTER_BASE + WYCKOFF_LETTERS.length;
export const LENGTH_BASE = COORD_BASE + COORD_BINS;
export const ANGLE_BASE = LENGTH_BASE + LENGTH_BINS;
export const VOCAB_SIZE = ANGLE_BASE + ANGLE_BINS;

/** The ranges of the lattice bins, fitted to the training data. */
export interface LatticeBinning {
  /** Smallest and largest conventional lattice length (Å) the bins cover. */
  readonly lengthRange: readonly [number, number];
  /** Smallest and largest lattice angle (degrees) the bins cover. */
  readonly angleRange: readonly [number, number];
}

/** Binning before training: 1.5–100 Å and 30–150°. */
export const DEFAULT_BINNING: LatticeBinning = { lengthRange: [1.5, 100], angleRange: [30, 150] };

/** The binning covering lengths (Å) and angles (degrees): the data's range widened by 5 % (lengths) or 2° (angles). */
export function fitBinning(lengths: readonly number[], angles: readonly number[]): LatticeBinning {
  const lo = Math.min(...lengths), hi = Math.max(...lengths);
  const alo = Math.min(...angles), ahi = Math.max(...angles);
  return { lengthRange: [lo / 1.05, hi * 1.05], angleRange: [Math.max(1, alo - 2), Math.min(179, ahi + 2)] };
}

const clampBin = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));

/** Token of space group 1–230. */
export const sgToken = (sg: number) => SG_BASE + sg - 1;
/** Token of element Z (1–118). */
export const elementToken = (z: number) => ELEMENT_BASE + z - 1;
/** Token of a Wyckoff letter. */
export const letterToken = (letter: string) => LETTER_BASE + WYCKOFF_LETTERS.indexOf(letter);

/** Token of a fractional coordinate (wrapped into [0, 1), rounded to the nearest grid point k/120). */
export function coordToken(x: number): number {
  const k = Math.round((x - Math.floor(x)) * COORD_BINS) % COORD_BINS;
  return COORD_BASE + k;
}

/** Token of a lattice length (Å); values outside the range go to the end bins. */
export function lengthToken(length: number, b: LatticeBinning): number {
  const [lo, hi] = b.lengthRange;
  return LENGTH_BASE + clampBin(Math.floor(((Math.log(length) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * LENGTH_BINS), LENGTH_BINS);
}

/** Token of a lattice angle (degrees); values outside the range go to the end bins. */
export function angleToken(angle: number, b: LatticeBinning): number {
  const [lo, hi] = b.angleRange;
  return ANGLE_BASE + clampBin(Math.floor(((angle - lo) / (hi - lo)) * ANGLE_BINS), ANGLE_BINS);
}

/** What a token stands for. */
export type TokenKind = "pad" | "bos" | "sep" | "eos" | "sg" | "element" | "letter" | "coord" | "length" | "angle";

/** The block a token belongs to. @throws RangeError outside the vocabulary */
export function tokenKind(t: number): TokenKind {
  if (!(Number.isInteger(t) && t >= 0 && t < VOCAB_SIZE)) throw new RangeError(`token ${t} is outside the vocabulary 0–${VOCAB_SIZE - 1}`);
  if (t < SG_BASE) return (["pad", "bos", "sep", "eos"] as const)[t]!;
  if (t < ELEMENT_BASE) return "sg";
  if (t < LETTER_BASE) return "element";
  if (t < COORD_BASE) return "letter";
  if (t < LENGTH_BASE) return "coord";
  return t < ANGLE_BASE ? "length" : "angle";
}

/** Space group of an sg token. */
export const tokenSg = (t: number) => t - SG_BASE + 1;
/** Atomic number of an element token. */
export const tokenZ = (t: number) => t - ELEMENT_BASE + 1;
/** Wyckoff letter of a letter token. */
export const tokenLetter = (t: number) => WYCKOFF_LETTERS[t - LETTER_BASE]!;
/** Fractional coordinate of a coordinate token (its grid point). */
export const tokenCoord = (t: number) => (t - COORD_BASE) / COORD_BINS;

/** Lattice length (Å) of a length token: its bin's centre (geometric). */
export function tokenLength(t: number, b: LatticeBinning): number {
  const [lo, hi] = b.lengthRange;
  return Math.exp(Math.log(lo) + ((t - LENGTH_BASE + 0.5) / LENGTH_BINS) * (Math.log(hi) - Math.log(lo)));
}

/** Lattice angle (degrees) of an angle token: its bin's centre. */
export function tokenAngle(t: number, b: LatticeBinning): number {
  const [lo, hi] = b.angleRange;
  return lo + ((t - ANGLE_BASE + 0.5) / ANGLE_BINS) * (hi - lo);
}

/** The tokens first … first + count − 1. */
export function tokenRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}
