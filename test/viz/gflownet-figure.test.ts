// The GFlowNet reward-distribution figure: per-set fractions per bin that sum to one, counted by hand, and the floor line.
import { describe, expect, it } from "vitest";
import { rewardDistributionFigure } from "../../src/viz/index.js";

describe("rewardDistributionFigure", () => {
  it("bins each set's log R into fractions over the common range and marks the floor", () => {
    const fig = rewardDistributionFigure([{ name: "gflownet", logRewards: [0, 1, 2, 3] }, { name: "uniform", logRewards: [0, 0, 0, NaN] }], { bins: 2, floorLogReward: 0 });
    const [g, u, floor] = fig.data as { name: string; x: number[]; y: number[] }[];
    expect(g!.x).toEqual([0.75, 2.25]); // range 0–3, two bins of width 1.5
    expect(g!.y).toEqual([0.5, 0.5]);
    expect(u!.y).toEqual([1, 0]); // the NaN is left out: n = 3
    expect(u!.name).toBe("uniform (n = 3)");
    expect(floor!.x).toEqual([0, 0]);
    expect(floor!.y).toEqual([0, 1]);
  });
});
