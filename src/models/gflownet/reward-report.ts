// Summaries of rewards over a set of crystals, for the model card: the distribution of log R, the share at the floor,
// the predicted energies, and how many distinct compositions the best crystals hold.

/** Quantiles and mean of a sample (NaN when empty). */
export interface Spread {
  readonly n: number;
  readonly mean: number;
  readonly p5: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

/** The reward distribution of a set of crystals. */
export interface RewardDistribution {
  /** log R (nats) over all crystals (unrealised ones at the floor). */
  readonly logReward: Spread;
  /** Mean of R itself. */
  readonly meanReward: number;
  /** Fraction of crystals whose log R is the floor's. */
  readonly atFloor: number;
  /** Predicted formation energy (eV/atom) over the crystals that have one. */
  readonly energy: Spread;
}

/** Linear-interpolated quantiles (as numpy's default) and the mean of the finite values. */
export function spread(values: ArrayLike<number>): Spread {
  const v = Array.from(values).filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => {
    if (v.length === 0) return NaN;
    const x = p * (v.length - 1), i = Math.floor(x);
    return i + 1 < v.length ? v[i]! + (x - i) * (v[i + 1]! - v[i]!) : v[i]!;
  };
  return { n: v.length, mean: v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
}

/** The distribution of log-rewards (nats) and energies (eV/atom) of crystals; `floorLogReward` is −β·floorScore. */
export function rewardDistribution(logRewards: ArrayLike<number>, energies: ArrayLike<number>, floorLogReward: number): RewardDistribution {
  const lr = Array.from(logRewards);
  return {
    logReward: spread(lr),
    meanReward: lr.reduce((a, b) => a + Math.exp(b), 0) / lr.length,
    atFloor: lr.filter((x) => x <= floorLogReward + 1e-9).length / lr.length,
    energy: spread(energies),
  };
}

/** The number of distinct labels (e.g. reduced formulas) among the k items of highest log-reward (ties by order). */
export function distinctAmongTop(labels: readonly string[], logRewards: ArrayLike<number>, k: number): number {
  const order = labels.map((_, i) => i).sort((a, b) => logRewards[b]! - logRewards[a]! || a - b);
  return new Set(order.slice(0, k).map((i) => labels[i]!)).size;
}
