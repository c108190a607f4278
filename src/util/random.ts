// Seeded pseudo-random numbers shared by every module: the same seed gives the same sequence on every platform.

/** A seeded random source. `next()` is uniform in [0, 1). */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Standard normal deviate (mean 0, variance 1). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** A seeded generator (xoshiro128**, seeded through splitmix32 from a 32-bit integer seed). */
export function rng(seed: number): Rng {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  const nextU32 = () => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return result;
  };
  const next = () => nextU32() / 4294967296;
  let spare: number | undefined;
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal() {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

/** A new array with the items in a random order (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** k distinct indices drawn uniformly from [0, n) without replacement, in draw order. */
export function sampleIndices(n: number, k: number, random: Rng): number[] {
  if (k > n) throw new RangeError(`cannot draw ${k} items without replacement from ${n}`);
  return shuffled(Array.from({ length: n }, (_, i) => i), random).slice(0, k);
}
