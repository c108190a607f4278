import { describe, expect, it } from "vitest";
import { nearestInteger, nearestIntegerDistance } from "../../src/crystal/distances.js";

describe("nearestIntegerDistance", () => {
  it("is bit-identical to |x − Math.round(x)| on random values, ties and tiny or large magnitudes", () => {
    const values = [0, -0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994, 1e-300, -0.3, 2 ** 50 + 0.5];
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 20000; i++) values.push((random() - 0.5) * 2 ** Math.floor(random() * 40 - 20));
    for (const x of values) expect(nearestIntegerDistance(x), String(x)).toBe(Math.abs(x - Math.round(x)));
  });

  it("rounds ties to even", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5].map(nearestInteger)).toEqual([0, 2, 2, 0, -2]);
  });
});
