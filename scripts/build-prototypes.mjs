// Builds the bundled `prototypes` dataset: data/prototypes/{train,val,test}.csv in the CDVAE column layout.
//
// Classic structure prototypes (rock salt, CsCl, zinc blende, wurtzite, fluorite, anti-fluorite, rutile, CdI2, NiAs,
// cubic perovskite, spinel, and fcc/bcc/hcp/diamond elements) decorated with charge-balanced combinations of common
// ions. Cells are NOT relaxed: each cell is scaled so that its cation–anion nearest-neighbour distances match, on
// average, sums of Shannon ionic radii (covalent radii for the tetrahedral zinc blende / wurtzite / diamond
// prototypes, metallic radii for the metals). Property `madelung_energy` is the Ewald electrostatic energy of formal
// point charges in that cell (eV/atom; 0 for elements): a crude lattice-energy proxy for conditioning demos.
//
// Run after `npm run build`:  node scripts/build-prototypes.mjs   (deterministic: fixed seed, fixed tables)
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  analyzeSymmetry, atomicNumber, density, distanceMatrix, element, fracToCart, latticeVolume, makeStructure,
  reciprocalLattice, reducedFormula, standardPrimitiveCell, structureFromWyckoff, wrapStructure, writeCif,
} from "../dist/crystal/index.js";
import { SHANNON_RADII } from "../dist/crystal/data/shannon-radii.js";
import { formatCsv } from "../dist/datasets/csv.js";
import { rng, shuffled } from "../dist/util/random.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "data", "prototypes");
const SEED = 20241124;

// Shannon effective ionic radii (Å) by coordination number: the workbench's table (src/crystal/data/shannon-radii.ts,
// from pymatgen 2022.11.7's periodic_table.json; R. D. Shannon, Acta Cryst. A32, 751–767 (1976)).
const SHANNON = SHANNON_RADII;
// Metallic radii for 12-fold coordination (Å), from the same pymatgen periodic_table.json ("Metallic radius").
const METALLIC = {
  Li: 1.52, Na: 1.86, K: 2.381, Rb: 2.537, Cs: 2.719, Be: 1.12, Mg: 1.6, Ca: 1.976, Sr: 2.151, Ba: 2.236, Sc: 1.641, Y: 1.8,
  Ti: 1.462, Zr: 1.602, Hf: 1.58, V: 1.347, Nb: 1.473, Ta: 1.47, Cr: 1.285, Mo: 1.402, W: 1.41, Fe: 1.277, Ru: 1.339,
  Os: 1.352, Co: 1.25, Rh: 1.345, Ir: 1.357, Ni: 1.246, Pd: 1.376, Pt: 1.387, Cu: 1.278, Ag: 1.445, Au: 1.442, Zn: 1.34,
  Cd: 1.51, Al: 1.43, Tl: 1.7, Pb: 1.75, Ce: 1.707, Eu: 2.041, Yb: 1.94, Th: 1.798,
};
const COORD = ["IV", "VI", "VIII", "XII"];

/** Shannon radius of an ion at coordination `cn`, falling back to the nearest listed coordination. */
function ionicRadius(ion, cn) {
  const table = SHANNON[ion];
  if (!table) return undefined;
  if (table[cn] !== undefined) return table[cn];
  const want = COORD.indexOf(cn);
  const listed = Object.keys(table).sort((a, b) => Math.abs(COORD.indexOf(a) - want) - Math.abs(COORD.indexOf(b) - want));
  return table[listed[0]];
}
const ion = (el, q) => `${el}${q > 0 ? "+" : ""}${q}`;
const covalent = (el) => element(atomicNumber(el)).covalentRadius;

const CATIONS = {
  1: ["Li", "Na", "K", "Rb", "Cs", "Ag", "Cu", "Tl"],
  2: ["Be", "Mg", "Ca", "Sr", "Ba", "Zn", "Cd", "Mn", "Fe", "Co", "Ni", "Cu", "Pb", "Hg", "Eu"],
  3: ["Al", "Ga", "In", "Sc", "Y", "La", "Fe", "Cr", "V", "Ti", "Co", "Mn", "Bi", "Pr", "Nd", "Sm", "Gd", "Rh"],
  4: ["Ti", "Zr", "Hf", "Sn", "Ge", "Pb", "Ce", "Mn", "Mo", "Ru", "Ir", "V", "Cr", "Nb", "W", "Os", "Th", "U"],
  5: ["Nb", "Ta", "V", "Sb"],
};
const ANIONS = { 1: ["F", "Cl", "Br", "I"], 2: ["O", "S", "Se", "Te"], 3: ["N", "P", "As", "Sb"] };

/**
 * A prototype: space group, conventional lattice at unit scale, Wyckoff sites with role names, and the coordination
 * (Roman numeral) of each role for the radii; `bond` picks the radii kind.
 */
const hex = (a, c) => ({ a, b: a, c, alpha: 90, beta: 90, gamma: 120 });
const cubic = { a: 1, b: 1, c: 1, alpha: 90, beta: 90, gamma: 90 };
const PROTOTYPES = {
  rocksalt: { sg: 225, lattice: cubic, sites: [["A", "4a"], ["X", "4b"]], cn: { A: "VI", X: "VI" }, bond: "ionic" },
  cscl: { sg: 221, lattice: cubic, sites: [["A", "1a"], ["X", "1b"]], cn: { A: "VIII", X: "VIII" }, bond: "ionic" },
  zincblende: { sg: 216, lattice: cubic, sites: [["A", "4a"], ["X", "4c"]], cn: { A: "IV", X: "IV" }, bond: "covalent" },
  wurtzite: { sg: 186, lattice: hex(1, Math.sqrt(8 / 3)), sites: [["A", "2b", [0, 0, 0]], ["X", "2b", [0, 0, 3 / 8]]], cn: { A: "IV", X: "IV" }, bond: "covalent" },
  fluorite: { sg: 225, lattice: cubic, sites: [["A", "4a"], ["X", "8c"]], cn: { A: "VIII", X: "IV" }, bond: "ionic" },
  antifluorite: { sg: 225, lattice: cubic, sites: [["X", "4a"], ["A", "8c"]], cn: { A: "IV", X: "VIII" }, bond: "ionic" },
  rutile: { sg: 136, lattice: { a: 1, b: 1, c: 0.644, alpha: 90, beta: 90, gamma: 90 }, sites: [["A", "2a"], ["X", "4f", [0.305, 0.305, 0]]], cn: { A: "VI", X: "IV" }, bond: "ionic" },
  cdi2: { sg: 164, lattice: hex(1, 1.6), sites: [["A", "1a"], ["X", "2d", [1 / 3, 2 / 3, 0.25]]], cn: { A: "VI", X: "VI" }, bond: "ionic" },
  nias: { sg: 194, lattice: hex(1, 1.39), sites: [["A", "2a"], ["X", "2c"]], cn: { A: "VI", X: "VI" }, bond: "ionic" },
  perovskite: { sg: 221, lattice: cubic, sites: [["B", "1a"], ["A", "1b"], ["X", "3d"]], cn: { A: "XII", B: "VI", X: "VI" }, bond: "ionic" },
  spinel: { sg: 227, lattice: cubic, sites: [["A", "8a"], ["B", "16d"], ["X", "32e", [0.2625, 0.2625, 0.2625]]], cn: { A: "IV", B: "VI", X: "IV" }, bond: "ionic" },
  fcc: { sg: 225, lattice: cubic, sites: [["M", "4a"]], bond: "metallic" },
  bcc: { sg: 229, lattice: cubic, sites: [["M", "2a"]], bond: "metallic" },
  hcp: { sg: 194, lattice: hex(1, Math.sqrt(8 / 3)), sites: [["M", "2c"]], bond: "metallic" },
  diamond: { sg: 227, lattice: cubic, sites: [["M", "8a"]], bond: "covalent" },
};

/** Ground-state structures of elements at ambient conditions (textbook assignments). */
const ELEMENTS = {
  fcc: ["Al", "Ca", "Ni", "Cu", "Sr", "Rh", "Pd", "Ag", "Ir", "Pt", "Au", "Pb", "Ce", "Yb", "Th"],
  bcc: ["Li", "Na", "K", "Rb", "Cs", "Ba", "V", "Cr", "Fe", "Nb", "Mo", "Ta", "W", "Eu"],
  hcp: ["Be", "Mg", "Sc", "Ti", "Co", "Zn", "Y", "Zr", "Ru", "Cd", "Hf", "Os", "Tl"],
  diamond: ["C", "Si", "Ge", "Sn"],
};

// ---------------------------------------------------------------------------------------------------------------
// Ewald sum of point charges (Gaussian units): E = E_real + E_recip + E_self, times e²/(4πε₀) = 14.399645 eV·Å.

const COULOMB_EV_A = 14.3996454784; // e²/(4πε₀) in eV·Å (CODATA 2018)

/** erfc(x) for x ≥ 0 (Chebyshev-fitted exponential form, fractional error < 1.2e-7; Press et al., Numerical Recipes §6.2). */
function erfc(x) {
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
    t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** Electrostatic energy of point charges `q` (e) in a periodic cell (eV per cell). */
function ewaldEnergy(structure, q) {
  const n = q.length;
  const volume = latticeVolume(structure.lattice);
  const alpha = Math.sqrt(Math.PI) * Math.pow(n / (volume * volume), 1 / 6);
  const accuracy = 6; // erfc(αr) and exp(−G²/4α²) both below e^(−36)
  const rCut = accuracy / alpha;
  const gCut = 2 * alpha * accuracy;
  const cart = fracToCart(structure.lattice, structure.fracCoords);
  const m = structure.lattice.matrix;
  const recipCryst = reciprocalLattice(structure.lattice, { crystallographic: true }).matrix; // rows a*, b*, c* (1/Å)
  const rowLen = (M, i) => Math.hypot(M[3 * i], M[3 * i + 1], M[3 * i + 2]);
  // Real-space images: |n_i| ≤ rCut·|a_i*| covers every translation shorter than rCut.
  const nMax = [0, 1, 2].map((i) => Math.ceil(rCut * rowLen(recipCryst, i)) + 1);
  let real = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const d0 = [cart[3 * j] - cart[3 * i], cart[3 * j + 1] - cart[3 * i + 1], cart[3 * j + 2] - cart[3 * i + 2]];
      for (let a = -nMax[0]; a <= nMax[0]; a++)
        for (let b = -nMax[1]; b <= nMax[1]; b++)
          for (let c = -nMax[2]; c <= nMax[2]; c++) {
            const x = d0[0] + a * m[0] + b * m[3] + c * m[6];
            const y = d0[1] + a * m[1] + b * m[4] + c * m[7];
            const z = d0[2] + a * m[2] + b * m[5] + c * m[8];
            const r = Math.hypot(x, y, z);
            if (r < 1e-10 || r > rCut) continue;
            real += 0.5 * q[i] * q[j] * erfc(alpha * r) / r;
          }
    }
  // Reciprocal space: G = 2π(h a* + k b* + l c*), |h| ≤ gCut·|a_i| / 2π.
  const recip = reciprocalLattice(structure.lattice).matrix;
  const hMax = [0, 1, 2].map((i) => Math.ceil((gCut * rowLen(m, i)) / (2 * Math.PI)) + 1);
  let rec = 0;
  for (let h = -hMax[0]; h <= hMax[0]; h++)
    for (let k = -hMax[1]; k <= hMax[1]; k++)
      for (let l = -hMax[2]; l <= hMax[2]; l++) {
        if (h === 0 && k === 0 && l === 0) continue;
        const gx = h * recip[0] + k * recip[3] + l * recip[6];
        const gy = h * recip[1] + k * recip[4] + l * recip[7];
        const gz = h * recip[2] + k * recip[5] + l * recip[8];
        const g2 = gx * gx + gy * gy + gz * gz;
        if (g2 > gCut * gCut) continue;
        let re = 0;
        let im = 0;
        for (let j = 0; j < n; j++) {
          const phase = gx * cart[3 * j] + gy * cart[3 * j + 1] + gz * cart[3 * j + 2];
          re += q[j] * Math.cos(phase);
          im += q[j] * Math.sin(phase);
        }
        rec += (Math.exp(-g2 / (4 * alpha * alpha)) / g2) * (re * re + im * im);
      }
  rec *= (2 * Math.PI) / volume;
  const self = -(alpha / Math.sqrt(Math.PI)) * q.reduce((s, x) => s + x * x, 0);
  return (real + rec + self) * COULOMB_EV_A;
}

// ---------------------------------------------------------------------------------------------------------------

/** Builds one decorated prototype: the primitive standard cell scaled to the radii, its charges, or undefined. */
function build(protoName, roles) {
  const p = PROTOTYPES[protoName];
  const unit = structureFromWyckoff({
    spaceGroup: p.sg,
    lattice: p.lattice,
    sites: p.sites.map(([role, wyckoff, params]) => ({ element: roles[role].el, wyckoff, ...(params ? { params } : {}) })),
  });
  // Roles are told apart by element (the callers never give two roles the same element).
  const roleOfZ = new Map(Object.entries(roles).map(([role, r]) => [atomicNumber(r.el), role]));
  const D = distanceMatrix(unit);
  const n = unit.species.length;
  // Target distance of each site to its nearest opposite-charge (or, for elements, any) neighbour.
  const ratios = [];
  for (let i = 0; i < n; i++) {
    const ri = roles[roleOfZ.get(unit.species[i])];
    let best = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i && p.bond !== "metallic" && p.bond !== "covalent") continue;
      const rj = roles[roleOfZ.get(unit.species[j])];
      if (ri.q !== 0 && Math.sign(ri.q) === Math.sign(rj.q)) continue;
      const d = D[i * n + j];
      if (d > 1e-8 && d < best) best = d;
    }
    if (!Number.isFinite(best)) return undefined;
    if (ri.q >= 0) ratios.push(ri.r2 / best);
  }
  const scale = ratios.reduce((s, x) => s + x, 0) / ratios.length;
  const m = unit.lattice.matrix.map((x) => x * scale);
  const conventional = makeStructure({ lattice: { matrix: Float64Array.from(m) }, species: unit.species, fracCoords: unit.fracCoords });
  const primitive = wrapStructure(standardPrimitiveCell(conventional, { symprec: 1e-3 }));
  const sym = analyzeSymmetry(primitive, { symprec: 1e-3 });
  if (sym.number !== p.sg) throw new Error(`${protoName} ${JSON.stringify(roles)}: built space group ${sym.number}, expected ${p.sg}`);
  const charges = Array.from(primitive.species, (z) => roles[roleOfZ.get(z)].q);
  return { structure: primitive, charges };
}

/** Sum of radii for a bonded cation/anion pair in a prototype; undefined when a radius is unknown. */
function pairDistance(proto, cation, anion) {
  const p = PROTOTYPES[proto];
  if (p.bond === "covalent") return covalent(cation.el) + covalent(anion.el);
  const rc = ionicRadius(ion(cation.el, cation.q), p.cn[cation.role]);
  const ra = ionicRadius(ion(anion.el, anion.q), p.cn.X);
  return rc === undefined || ra === undefined ? undefined : rc + ra;
}

function* binaryCombinations() {
  // [prototype, cation charges allowed, anion charge, cations per anion]
  const plans = [
    ["rocksalt", [[1, 1], [2, 2], [3, 3]]],
    ["cscl", [[1, 1], [2, 2]]],
    ["zincblende", [[1, 1], [2, 2], [3, 3]]],
    ["wurtzite", [[1, 1], [2, 2], [3, 3]]],
    ["nias", [[2, 2]]],
    ["fluorite", [[2, 1], [4, 2]]],
    ["rutile", [[2, 1], [4, 2]]],
    ["cdi2", [[2, 1], [4, 2]]],
    ["antifluorite", [[1, 2]]],
  ];
  for (const [proto, pairs] of plans)
    for (const [qc, qa] of pairs)
      for (const c of CATIONS[qc])
        for (const a of ANIONS[qa]) yield { proto, roles: { A: { el: c, q: qc, role: "A" }, X: { el: a, q: -qa, role: "X" } } };
}

/** Radius-ratio windows (r+/r−) that keep the binary decorations chemically plausible for their coordination. */
const RATIO_WINDOW = {
  rocksalt: [0.35, 0.9], cscl: [0.65, 1.4], zincblende: [0, 0.6], wurtzite: [0, 0.6], nias: [0.3, 0.7],
  fluorite: [0.6, 1.3], rutile: [0.35, 0.75], cdi2: [0.3, 0.75], antifluorite: [0.15, 0.8],
};

function* ternaryCombinations() {
  // Perovskite ABX3 with Goldschmidt tolerance factor 0.8–1.06.
  const perov = [[1, 5, 2], [2, 4, 2], [3, 3, 2], [1, 2, 1]];
  for (const [qa, qb, qx] of perov)
    for (const a of CATIONS[qa])
      for (const b of CATIONS[qb])
        for (const x of ANIONS[qx]) {
          if (a === b) continue;
          const rA = ionicRadius(ion(a, qa), "XII");
          const rB = ionicRadius(ion(b, qb), "VI");
          const rX = ionicRadius(ion(x, -qx), "VI");
          if ([rA, rB, rX].includes(undefined)) continue;
          const t = (rA + rX) / (Math.SQRT2 * (rB + rX));
          if (t < 0.8 || t > 1.06) continue;
          yield { proto: "perovskite", roles: { A: { el: a, q: qa, role: "A" }, B: { el: b, q: qb, role: "B" }, X: { el: x, q: -qx, role: "X" } } };
        }
  // Normal spinel A(2+)B(3+)2X4 with tetrahedral A smaller than octahedral B + 0.25 Å.
  for (const a of ["Mg", "Zn", "Fe", "Co", "Ni", "Mn", "Cd", "Cu"])
    for (const b of ["Al", "Ga", "Fe", "Cr", "Co", "Mn", "V", "In", "Rh", "Ti", "Sc"])
      for (const x of ["O", "S", "Se"]) {
        if (a === b) continue;
        const rA = ionicRadius(ion(a, 2), "IV");
        const rB = ionicRadius(ion(b, 3), "VI");
        if (rA === undefined || rB === undefined || rA > rB + 0.25) continue;
        yield { proto: "spinel", roles: { A: { el: a, q: 2, role: "A" }, B: { el: b, q: 3, role: "B" }, X: { el: x, q: -2, role: "X" } } };
      }
}

/** At most this many decorations of one prototype (seeded subsample), so that perovskites do not dominate. */
const MAX_PER_PROTOTYPE = 360;

function main() {
  const rows = [];
  const seen = new Set();
  const add = (proto, roles) => {
    const built = build(proto, roles);
    if (!built) return;
    const { structure, charges } = built;
    const formula = reducedFormula(structure.species);
    const key = `${proto}:${formula}`;
    if (seen.has(key)) return;
    seen.add(key);
    const nsites = structure.species.length;
    rows.push({
      material_id: `proto-${proto}-${formula}`,
      cif: writeCif(structure),
      formula,
      prototype: proto,
      "spacegroup.number": PROTOTYPES[proto].sg,
      nsites,
      density: Number(density(structure).toFixed(6)),
      madelung_energy: charges.some((c) => c !== 0) ? Number((ewaldEnergy(structure, charges) / nsites).toFixed(6)) : 0,
    });
  };
  for (const { proto, roles } of binaryCombinations()) {
    const d = pairDistance(proto, roles.A, roles.X);
    if (d === undefined) continue;
    const p = PROTOTYPES[proto];
    const rc = ionicRadius(ion(roles.A.el, roles.A.q), p.cn.A);
    const ra = ionicRadius(ion(roles.X.el, roles.X.q), p.cn.X);
    if (rc === undefined || ra === undefined) {
      if (p.bond !== "covalent") continue;
    } else {
      const ratio = rc / ra;
      const [lo, hi] = RATIO_WINDOW[proto];
      if (ratio < lo || ratio > hi) continue;
    }
    add(proto, { A: { ...roles.A, r2: d }, X: { ...roles.X, r2: d } });
  }
  const ternaries = [...ternaryCombinations()];
  const perProto = new Map();
  for (const t of ternaries) perProto.set(t.proto, [...(perProto.get(t.proto) ?? []), t]);
  const keptTernaries = [...perProto.values()].flatMap((list) =>
    list.length <= MAX_PER_PROTOTYPE ? list : shuffled(list, rng(SEED + list.length)).slice(0, MAX_PER_PROTOTYPE));
  for (const { proto, roles } of keptTernaries) {
    const dA = pairDistance(proto, roles.A, roles.X);
    const dB = pairDistance(proto, roles.B, roles.X);
    if (dA === undefined || dB === undefined) continue;
    add(proto, { A: { ...roles.A, r2: dA }, B: { ...roles.B, r2: dB }, X: { ...roles.X, r2: 0 } });
  }
  for (const [proto, els] of Object.entries(ELEMENTS))
    for (const el of els) {
      const r = proto === "diamond" ? 2 * covalent(el) : 2 * (proto === "bcc" ? 0.97 : 1) * METALLIC[el];
      add(proto, { M: { el, q: 0, role: "M", r2: r } });
    }

  // Deterministic split 80/10/10 after a seeded shuffle; the index column is the position in the full set.
  const order = shuffled(rows.map((_, i) => i), rng(SEED));
  const nTest = Math.round(rows.length * 0.1);
  const nVal = Math.round(rows.length * 0.1);
  const splits = { test: order.slice(0, nTest), val: order.slice(nTest, nTest + nVal), train: order.slice(nTest + nVal) };
  mkdirSync(OUT, { recursive: true });
  const names = ["", "material_id", "cif", "formula", "prototype", "spacegroup.number", "nsites", "density", "madelung_energy"];
  for (const [split, idx] of Object.entries(splits)) {
    idx.sort((a, b) => a - b);
    const columns = names.map((n) => idx.map((i) => (n === "" ? i : rows[i][n])));
    writeFileSync(join(OUT, `${split}.csv`), formatCsv(names, columns));
  }
  const counts = Object.fromEntries(Object.entries(splits).map(([s, i]) => [s, i.length]));
  const byProto = {};
  for (const r of rows) byProto[r.prototype] = (byProto[r.prototype] ?? 0) + 1;
  console.log(`prototypes: ${rows.length} structures`, counts, byProto);
}

main();
