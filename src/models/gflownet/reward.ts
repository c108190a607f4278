// The reward of terminal constructions, R = exp(−β·s) with the score s clamped at the floor score (so R ≥ exp(−β·floor)):
// the predicted formation energy of the realised crystal, its distance to a target, or (test/demo) the atom count.
// Crystals that cannot be realised, dead ends and crystals outside the predictor's domain get the floor. Cached per
// terminal state (realisation is seeded by the state, so the cache changes nothing but the cost).
import type { Structure } from "../../crystal/structure.js";
import { predictProperty } from "../evaluation/predicted-property.js";
import type { PropertyPredictor } from "../types.js";
import type { GflowNetFamilyConfig } from "./config.js";
import type { CrystalEnvironment, CrystalState } from "./environment.js";
import { realiseCrystal } from "./realise.js";

/** A user-supplied log-reward (nats) of terminal states, replacing the configured one (tests, notebooks). */
export type LogRewardFunction = (states: readonly CrystalState[], env: CrystalEnvironment) => Promise<Float64Array> | Float64Array;

/** A terminal state's crystal and reward. */
export interface RewardedCrystal {
  /** The realised crystal, or null when it cannot be realised. */
  readonly crystal: Structure | null;
  /** Predicted formation energy per atom (eV/atom); NaN without a predictor or outside its domain. */
  readonly energy: number;
  /** log R (nats). */
  readonly logReward: number;
}

/** log R = −β · min(score, floorScore) (nats); the floor −β · floorScore for a non-finite score. */
export function clampedLogReward(block: Pick<GflowNetFamilyConfig, "beta" | "floorScore">, score: number): number {
  return -block.beta * (Number.isFinite(score) ? Math.min(score, block.floorScore) : block.floorScore);
}

/** log R (nats) of a crystal of predicted formation energy `energy` (eV/atom; NaN = refused) under an energy reward. */
export function energyLogReward(block: Pick<GflowNetFamilyConfig, "beta" | "floorScore" | "reward" | "target">, energy: number): number {
  return clampedLogReward(block, block.reward === "target" ? Math.abs(energy - block.target) : energy);
}

/** Cached log-rewards per terminal state. */
const CACHE_LIMIT = 200_000;

/** The reward of a model: its config block, environment, realisation seed and (for energy rewards) predictor. */
export class CrystalReward {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly env: CrystalEnvironment,
    private readonly block: GflowNetFamilyConfig,
    private readonly seed: number,
    private readonly predictor: PropertyPredictor | null,
    private readonly custom: LogRewardFunction | null = null,
  ) {}

  /** log R (nats) per state: the custom function, or the cached or newly computed configured reward. */
  async logRewards(states: readonly CrystalState[]): Promise<Float64Array> {
    if (this.custom) return Float64Array.from(await this.custom(states, this.env));
    const missing = [...new Set(states.map((s) => this.env.key(s)).filter((k) => !this.cache.has(k)))];
    if (missing.length) {
      const byKey = new Map(states.map((s) => [this.env.key(s), s]));
      const fresh = this.block.reward === "atom-count" ? missing.map((k) => this.atomCountLogReward(byKey.get(k)!)) : (await this.evaluate(missing.map((k) => byKey.get(k)!))).map((r) => r.logReward);
      if (this.cache.size + missing.length > CACHE_LIMIT) this.cache.clear();
      missing.forEach((k, i) => this.cache.set(k, fresh[i]!));
    }
    return Float64Array.from(states, (s) => this.cache.get(this.env.key(s))!);
  }

  /** The crystals of terminal states (realised) with their predicted energies and log-rewards. */
  async evaluate(states: readonly CrystalState[]): Promise<RewardedCrystal[]> {
    const { volumeFactor, realiseAttempts } = this.block;
    const crystals = states.map((s) => realiseCrystal(this.env, s, volumeFactor, realiseAttempts, this.seed));
    const energies = new Float64Array(states.length).fill(NaN);
    const realised = crystals.flatMap((c, i) => (c ? [i] : []));
    if (this.predictor && realised.length) {
      const p = await predictProperty(this.predictor, realised.map((i) => crystals[i]!));
      realised.forEach((i, k) => (energies[i] = p.values[k]!));
    }
    const custom = this.custom ? await this.custom(states, this.env) : null;
    return states.map((s, i) => ({
      crystal: crystals[i]!,
      energy: energies[i]!,
      logReward: custom ? custom[i]! : this.block.reward === "atom-count" ? this.atomCountLogReward(s) : this.energyLogReward(crystals[i] ? energies[i]! : NaN),
    }));
  }

  private energyLogReward(energy: number): number {
    return energyLogReward(this.block, energy);
  }

  private atomCountLogReward(state: CrystalState): number {
    return clampedLogReward(this.block, state.deadEnd ? NaN : state.composition.reduce((t, [, k]) => t + k, 0) / this.env.spec.maxAtoms);
  }
}
