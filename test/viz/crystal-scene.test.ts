import { describe, expect, it } from "vitest";
import { element, latticeFromParameters, makeStructure } from "../../src/crystal/index.js";
import { ORBIT_COLORS, crystalScene } from "../../src/viz/crystal-scene.js";
import { viewerBundle } from "../../src/viz/viewer.js";

// Conventional rock salt NaCl: Na on the fcc sites 4a, Cl on 4b.
const nacl = makeStructure({
  lattice: latticeFromParameters(5.64, 5.64, 5.64, 90, 90, 90),
  species: [11, 11, 11, 11, 17, 17, 17, 17],
  fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0.5, 0, 0.5, 0, 0.5, 0, 0],
});
const count = (xs: readonly { element: string }[], el: string) => xs.filter((a) => a.element === el).length;

describe("crystalScene", () => {
  it("adds periodic images on faces, edges and corners: 14 Na and 13 Cl in the conventional NaCl cube", () => {
    const s = crystalScene(nacl);
    expect(count(s.atoms, "Na")).toBe(14); // 8 corners + 6 face centres
    expect(count(s.atoms, "Cl")).toBe(13); // 12 edge centres + body centre
    expect(s.atoms.filter((a) => !a.image)).toHaveLength(8);
    const corner = s.atoms.filter((a) => a.site === 0).map((a) => a.position.map((x) => Math.round(x * 100) / 100).join(","));
    expect(new Set(corner).size).toBe(8);
    expect(corner).toContain("5.64,5.64,5.64");
  });

  it("colours atoms by Jmol element colour and sizes them by covalent radius", () => {
    const s = crystalScene(nacl, { radiusScale: 0.5 });
    const na = s.atoms.find((a) => a.element === "Na")!;
    expect(na.color).toBe(element(11).jmolColor);
    expect(na.radius).toBeCloseTo(0.5 * element(11).covalentRadius, 12);
    expect(s.legend.map((l) => l.text)).toEqual(["Na", "Cl"]);
  });

  it("labels every atom with site index, element, Wyckoff position and fractional coordinates", () => {
    const s = crystalScene(nacl);
    expect(s.atoms[0]!.label).toBe("#0 Na 4a (0.000, 0.000, 0.000)");
    expect(s.atoms.find((a) => a.site === 4)!.label).toBe("#4 Cl 4b (0.500, 0.500, 0.500)");
  });

  it("colours by Wyckoff orbit: one colour per orbit", () => {
    const s = crystalScene(nacl, { colorBy: "wyckoff" });
    expect(new Set(s.atoms.filter((a) => a.element === "Na").map((a) => a.color))).toEqual(new Set([ORBIT_COLORS[0]]));
    expect(new Set(s.atoms.filter((a) => a.element === "Cl").map((a) => a.color))).toEqual(new Set([ORBIT_COLORS[1]]));
    expect(s.legend.map((l) => l.text)).toEqual(["Na 4a", "Cl 4b"]);
  });

  it("bonds Na–Cl at 2.82 Å between drawn atoms only (each of the 27 drawn atoms' in-cell neighbours)", () => {
    const s = crystalScene(nacl, { bonds: "covalent" });
    expect(s.bonds.every((b) => Math.abs(b.length - 2.82) < 1e-9)).toBe(true);
    expect(s.bonds.every((b) => s.atoms[b.from]!.element !== s.atoms[b.to]!.element)).toBe(true);
    // Inside the closed 3×3×3 grid of half-cell points, bonds join grid neighbours: 3 axes × 3 × 3 × 2 = 54.
    expect(s.bonds).toHaveLength(54);
    const lengths = s.bonds.map((b) => Math.hypot(...[0, 1, 2].map((d) => s.atoms[b.from]!.position[d]! - s.atoms[b.to]!.position[d]!)));
    lengths.forEach((l) => expect(l).toBeCloseTo(2.82, 9));
  });

  it("keeps only cation–anion bonds when asked (no metal–metal bonds in CsCl)", () => {
    const cscl = makeStructure({ lattice: latticeFromParameters(4.12, 4.12, 4.12, 90, 90, 90), species: [55, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    const covalent = crystalScene(cscl, { bonds: "covalent" });
    expect(covalent.bonds.some((b) => covalent.atoms[b.from]!.element === "Cs" && covalent.atoms[b.to]!.element === "Cs")).toBe(true);
    const ionic = crystalScene(cscl, { bonds: "cation-anion" });
    expect(ionic.bonds).toHaveLength(8); // body centre to the 8 corners
    expect(crystalScene(cscl).bonds).toHaveLength(8); // "auto" picks cation–anion for Δχ ≥ 1
  });

  it("repeats the cell for a supercell and draws its 12 edges and the input lattice vectors", () => {
    const s = crystalScene(nacl, { supercell: [2, 1, 1], images: false });
    expect(s.atoms).toHaveLength(16);
    expect(s.cellEdges).toHaveLength(12);
    const longest = Math.max(...s.cellEdges.map(([p, q]) => Math.hypot(q[0] - p[0], q[1] - p[1], q[2] - p[2])));
    expect(longest).toBeCloseTo(11.28, 9);
    expect(s.latticeVectors.map((v) => v.label)).toEqual(["a", "b", "c"]);
    expect(s.latticeVectors[0]!.vector[0]).toBeCloseTo(5.64, 12);
    expect(s.caption).toContain("2×1×1 supercell");
  });

  it("fades atoms outside the emphasised set and places markers in Cartesian space", () => {
    const s = crystalScene(nacl, { emphasis: [0], images: false, markers: [{ frac: [0.25, 0.25, 0.25], color: "#000000", label: "m" }] });
    expect(s.atoms.map((a) => a.opacity)).toEqual([1, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    expect(s.markers[0]!.position.map((x) => x)).toEqual([1.41, 1.41, 1.41].map((x) => expect.closeTo(x, 12)));
  });

  it("rejects an empty structure", () => {
    const empty = makeStructure({ lattice: latticeFromParameters(3, 3, 3, 90, 90, 90), species: [], fracCoords: [] });
    expect(() => crystalScene(empty)).toThrow(/no sites/);
  });
});

describe("viewerBundle", () => {
  it("lays out one 3Dmol viewer per scene in a grid, with titles, legends and the scene data inline", () => {
    const scenes = [crystalScene(nacl), crystalScene(nacl, { supercell: [1, 1, 2] })];
    const b = viewerBundle(scenes, { columns: 2, width: 200, height: 150, titles: ["a <b>", "b"] });
    const html = b["text/html"] as string;
    expect(html).toContain("grid-template-columns:repeat(2,200px)");
    expect(html.match(/class="cw-crystal"/g)).toHaveLength(2);
    expect(html).toContain("a &lt;b&gt;");
    expect(html).toContain("window.$3Dmol.createViewer");
    expect(html).toContain("addSphere");
    expect(html).toContain("addCylinder");
    expect(b["text/plain"]).toContain("<crystal viewer: 2 scenes>");
    expect(html).not.toContain("cwDefine"); // no library unless given
  });

  it("inlines 3Dmol shielded from require.js when the source is given", () => {
    const html = viewerBundle(crystalScene(nacl), { threeDmolJs: "/*3DMOL*/" })["text/html"] as string;
    expect(html.indexOf("window.define=undefined")).toBeLessThan(html.indexOf("/*3DMOL*/"));
    expect(html.indexOf("/*3DMOL*/")).toBeLessThan(html.indexOf("window.define=cwDefine"));
  });
});
