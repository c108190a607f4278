// Learning-rate schedules and seed mixing for reproducible training.

/** A learning-rate schedule: linear warm-up then constant or cosine decay to lrMin. */
export interface LrSchedule {
  kind: "constant" | "cosine";
  /** Warm-up steps (linear from 0). */
  warmupSteps: number;
  /** Final learning rate of the cosine decay. */
  lrMin: number;
}

/** Learning rate at a step (0-based) of a run of totalSteps, peak rate lr. */
export function learningRateAt(step: number, totalSteps: number, lr: number, s: LrSchedule): number {
  if (s.warmupSteps > 0 && step < s.warmupSteps) return (lr * (step + 1)) / s.warmupSteps;
  if (s.kind === "constant") return lr;
  const span = Math.max(1, totalSteps - s.warmupSteps);
  const p = Math.min(1, (step - s.warmupSteps) / span);
  return s.lrMin + 0.5 * (lr - s.lrMin) * (1 + Math.cos(Math.PI * p));
}

/** A 32-bit seed derived from a base seed and integers (e.g. epoch or step), so each draw is reproducible alone. */
export function mixSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}
