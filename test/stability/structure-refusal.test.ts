// structureRefusal: each kind of bad input is refused with a message naming the culprit; good crystals pass.
import { describe, expect, it } from "vitest";
import { minimumSiteDistance } from "../../src/crystal/distances.js";
import { latticeFromMatrix } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { structureRefusal } from "../../src/stability/index.js";
import { fcc, rattled } from "./lj-crystals.js";

const ARGON = new Set([18]);
const base = fcc(3.1);
/** The fcc cell with some fields replaced without validation (as a buggy producer could hand over). */
const raw = (changes: Partial<Structure>): Structure => Object.freeze({ ...base, ...changes });

describe("structureRefusal", () => {
  it("accepts a sound crystal", () => {
    expect(structureRefusal(rattled(fcc(3.1, [2, 2, 2]), 0.1, 1), ARGON, 1)).toBeNull();
  });
  it("refuses non-finite and degenerate numbers first", () => {
    expect(structureRefusal(raw({ lattice: { matrix: Float64Array.from([3, 0, 0, 0, Infinity, 0, 0, 0, 3]) } }), ARGON, 1)).toBe("the lattice has a non-finite entry");
    expect(structureRefusal(raw({ lattice: { matrix: Float64Array.from([3, 0, 0, 3, 0, 0, 0, 0, 3]) } }), ARGON, 1)).toBe("the lattice is degenerate (volume 0 Å³)");
    expect(structureRefusal(raw({ fracCoords: Float64Array.from([0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, Infinity, 0.5]) }), new Set(), 1)).toBe("site 3 (Ar) has a non-finite fractional coordinate (Infinity)");
  });
  it("refuses an empty or partially occupied crystal", () => {
    expect(structureRefusal(raw({ species: new Uint8Array(0), fracCoords: new Float64Array(0) }), ARGON, 1)).toBe("the crystal has no sites");
    const disordered = makeStructure({ ...base, occupancies: [1, 1, 0.5, 1] });
    expect(structureRefusal(disordered, ARGON, 1)).toBe("site 2 (Ar) is partially occupied (0.5); the potential needs an ordered crystal");
  });
  it("names the elements the potential does not know", () => {
    expect(structureRefusal(makeStructure({ ...base, species: [18, 54, 36, 54] }), ARGON, 1)).toBe("elements Xe, Kr are not known to the potential");
    expect(structureRefusal(makeStructure({ ...base, species: [18, 18, 36, 18] }), ARGON, 1)).toBe("element Kr is not known to the potential");
  });
  it("names the closest pair closer than minDistance, as minimumSiteDistance measures it", () => {
    const s = makeStructure({ ...base, species: [18, 18, 18, 36], fracCoords: [0.02, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0.98, 0.05, 0.02] });
    const d = minimumSiteDistance(s);
    expect(structureRefusal(s, new Set([18, 36]), 1)).toBe(`site 0 (Ar) and site 3 (Kr) are ${d.toFixed(4)} Å apart (closer than 1 Å)`);
    expect(structureRefusal(s, new Set([18, 36]), d - 1e-9)).toBeNull();
    expect(structureRefusal(s, new Set([18, 36]), 0)).toBeNull();
  });
  it("refuses an atom too close to its own periodic image", () => {
    const tiny = makeStructure({ lattice: latticeFromMatrix([0.8, 0, 0, 0, 3, 0, 0, 0, 3]), species: [18], fracCoords: [0, 0, 0] });
    expect(structureRefusal(tiny, ARGON, 1)).toBe("site 0 (Ar) is 0.8000 Å from its own periodic image (closer than 1 Å)");
  });
  it("throws on a meaningless minDistance", () => {
    expect(() => structureRefusal(base, ARGON, -1)).toThrow(RangeError);
    expect(() => structureRefusal(base, ARGON, NaN)).toThrow(RangeError);
  });
});
