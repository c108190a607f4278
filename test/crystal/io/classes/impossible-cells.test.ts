// Class: impossible cells are typed errors naming the file and field, never a cell of absurd density.
import { describe, expect, test } from "vitest";
import { readRealWorld } from "../helpers.js";

describe("impossible cells", () => {
  test.each([
    ["own-impossible-angles.cif", "own-impossible-angles.cif:2: CIF impossible cell: _cell_length_* and _cell_angle_* give a volume of 0.00 Å³ (below 0.1 Å³)"],
    ["own-zero-angle.cif", "own-zero-angle.cif:6: CIF _cell_angle_alpha is '0' (expected a positive number)"],
    ["pmg-bad_superflat_inf_loop.cif", "pmg-bad_superflat_inf_loop.cif:3: CIF impossible cell: _cell_length_* and _cell_angle_* give a volume of 0.00000220 Å³ (below 0.1 Å³)"],
  ])("%s", (file, message) => {
    expect(() => readRealWorld(file)).toThrow(message);
  });
});
