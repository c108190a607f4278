import { describe, expect, it } from "vitest";
import { voxelGrid, voxelGridIntegral } from "../../src/representations/voxel-grid.js";
import { latticeFromMatrix, latticeFromParameters } from "../../src/crystal/lattice.js";
import { makeStructure, supercell } from "../../src/crystal/structure.js";
import { naclConventional } from "../crystal/symmetry.fixtures.js";

const triclinic = makeStructure({
  lattice: latticeFromParameters(4.1, 4.7, 5.3, 78, 95, 110),
  species: [8, 26, 26],
  fracCoords: [0.1, 0.2, 0.3, 0.55, 0.6, 0.95, 0.9, 0.05, 0.5],
});

describe("voxelGrid", () => {
  it("integrates to the number of atoms, of electrons, and of atoms per element channel (NaCl)", () => {
    const total = voxelGrid(naclConventional, { resolution: 32, sigma: 0.5 });
    expect(total.shape).toEqual([32, 32, 32]);
    expect(total.data).toHaveLength(32 ** 3);
    expect(voxelGridIntegral(total, naclConventional)[0]).toBeCloseTo(8, 3);
    const electrons = voxelGrid(naclConventional, { weight: "electrons" });
    expect(voxelGridIntegral(electrons, naclConventional)[0]).toBeCloseTo(4 * 11 + 4 * 17, 2);
    const perElement = voxelGrid(naclConventional, { channels: "element", resolution: 24 });
    expect(perElement.channels).toEqual([11, 17]);
    voxelGridIntegral(perElement, naclConventional).forEach((v) => expect(v).toBeCloseTo(4, 3));
  });

  it("samples the normalised Gaussian (2πσ²)^(−3/2)·exp(−r²/2σ²) at the grid points (Å⁻³)", () => {
    const lone = makeStructure({ lattice: latticeFromMatrix([20, 0, 0, 0, 20, 0, 0, 0, 20]), species: [1], fracCoords: [0.5, 0.5, 0.5] });
    const g = voxelGrid(lone, { resolution: 20, sigma: 0.5 });
    const peak = Math.pow(2 * Math.PI * 0.25, -1.5);
    expect(g.data[(10 * 20 + 10) * 20 + 10]).toBeCloseTo(peak, 6);
    expect(g.data[(10 * 20 + 10) * 20 + 11]).toBeCloseTo(peak * Math.exp(-1 / 0.5), 6); // 1 Å away
    expect(g.data[(10 * 20 + 10) * 20 + 16]).toBe(0); // 6 Å > 5σ: truncated
  });

  it("sums periodic images when the Gaussian is wider than the cell (σ = 1.5 Å in a 3 Å cube)", () => {
    const tiny = makeStructure({ lattice: latticeFromMatrix([3, 0, 0, 0, 3, 0, 0, 0, 3]), species: [6], fracCoords: [0.3, 0.3, 0.3] });
    const g = voxelGrid(tiny, { resolution: 16, sigma: 1.5 });
    expect(voxelGridIntegral(g, tiny)[0]).toBeCloseTo(1, 4);
    expect(voxelGridIntegral(voxelGrid(triclinic, { resolution: 40, sigma: 0.4 }), triclinic)[0]).toBeCloseTo(3, 3);
  });

  it("is periodic: a 2×1×1 supercell on a 2n×n×n grid is the n-grid repeated twice along a", () => {
    const n = 12;
    const g = voxelGrid(triclinic, { resolution: n, sigma: 0.6 });
    const big = voxelGrid(supercell(triclinic, [2, 1, 1]), { resolution: [2 * n, n, n], sigma: 0.6 });
    for (let i = 0; i < 2 * n; i++)
      for (let jk = 0; jk < n * n; jk++) expect(big.data[i * n * n + jk]).toBeCloseTo(g.data[(i % n) * n * n + jk]!, 5);
  });

  it("moves with the atoms: shifting every atom by one grid step along c rolls the grid by one index", () => {
    const n = 10;
    const shifted = makeStructure({ ...triclinic, fracCoords: triclinic.fracCoords.map((x, q) => (q % 3 === 2 ? x + 1 / n : x)) });
    const [g, h] = [voxelGrid(triclinic, { resolution: n }), voxelGrid(shifted, { resolution: n })];
    for (let ij = 0; ij < n * n; ij++) for (let k = 0; k < n; k++) expect(h.data[ij * n + ((k + 1) % n)]).toBeCloseTo(g.data[ij * n + k]!, 5);
  });

  it("rejects a zero resolution and a non-positive sigma", () => {
    expect(() => voxelGrid(triclinic, { resolution: 0 })).toThrow(/resolution/);
    expect(() => voxelGrid(triclinic, { sigma: -1 })).toThrow(/sigma/);
  });
});
