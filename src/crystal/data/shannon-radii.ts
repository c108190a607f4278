// Shannon effective ionic radii (Å) by coordination number (Roman numerals), for the ions the workbench's prototype
// decorations use. Transcribed from pymatgen 2022.11.7's periodic_table.json "Shannon radii" (high-spin where both are
// listed), the same values as scripts/build-prototypes.mjs; source: R. D. Shannon, Acta Cryst. A32, 751–767 (1976).

/** A coordination number as Shannon's table writes it. */
export type ShannonCoordination = "IV" | "VI" | "VIII" | "XII";

/** Radii (Å) per ion ("Sr+2", "O-2") and coordination. */
export const SHANNON_RADII: Readonly<Record<string, Readonly<Partial<Record<ShannonCoordination, number>>>>> = {
  "Li+1": { IV: 0.59, VI: 0.76, VIII: 0.92 }, "Na+1": { IV: 0.99, VI: 1.02, VIII: 1.18, XII: 1.39 },
  "K+1": { IV: 1.37, VI: 1.38, VIII: 1.51, XII: 1.64 }, "Rb+1": { VI: 1.52, VIII: 1.61, XII: 1.72 },
  "Cs+1": { VI: 1.67, VIII: 1.74, XII: 1.88 }, "Ag+1": { IV: 1.0, VI: 1.15, VIII: 1.28 },
  "Cu+1": { IV: 0.6, VI: 0.77 }, "Tl+1": { VI: 1.5, VIII: 1.59, XII: 1.7 },
  "Be+2": { IV: 0.27, VI: 0.45 }, "Mg+2": { IV: 0.57, VI: 0.72, VIII: 0.89 }, "Ca+2": { VI: 1.0, VIII: 1.12, XII: 1.34 },
  "Sr+2": { VI: 1.18, VIII: 1.26, XII: 1.44 }, "Ba+2": { VI: 1.35, VIII: 1.42, XII: 1.61 },
  "Zn+2": { IV: 0.6, VI: 0.74, VIII: 0.9 }, "Cd+2": { IV: 0.78, VI: 0.95, VIII: 1.1, XII: 1.31 },
  "Mn+2": { IV: 0.66, VI: 0.83, VIII: 0.96 }, "Fe+2": { IV: 0.63, VI: 0.78, VIII: 0.92 }, "Co+2": { IV: 0.58, VI: 0.745, VIII: 0.9 },
  "Ni+2": { IV: 0.55, VI: 0.69 }, "Cu+2": { IV: 0.57, VI: 0.73 }, "Pb+2": { VI: 1.19, VIII: 1.29, XII: 1.49 },
  "Hg+2": { IV: 0.96, VI: 1.02, VIII: 1.14 }, "Eu+2": { VI: 1.17, VIII: 1.25 },
  "Al+3": { IV: 0.39, VI: 0.535 }, "Ga+3": { IV: 0.47, VI: 0.62 }, "In+3": { IV: 0.62, VI: 0.8, VIII: 0.92 },
  "Sc+3": { VI: 0.745, VIII: 0.87 }, "Y+3": { VI: 0.9, VIII: 1.019 }, "La+3": { VI: 1.032, VIII: 1.16, XII: 1.36 },
  "Fe+3": { IV: 0.49, VI: 0.645, VIII: 0.78 }, "Cr+3": { VI: 0.615 }, "V+3": { VI: 0.64 }, "Ti+3": { VI: 0.67 },
  "Co+3": { VI: 0.61 }, "Mn+3": { VI: 0.645 }, "Bi+3": { VI: 1.03, VIII: 1.17 }, "Pr+3": { VI: 0.99, VIII: 1.126 },
  "Nd+3": { VI: 0.983, VIII: 1.109, XII: 1.27 }, "Sm+3": { VI: 0.958, VIII: 1.079, XII: 1.24 }, "Gd+3": { VI: 0.938, VIII: 1.053 },
  "Rh+3": { VI: 0.665 },
  "Ti+4": { IV: 0.42, VI: 0.605, VIII: 0.74 }, "Zr+4": { IV: 0.59, VI: 0.72, VIII: 0.84 }, "Hf+4": { IV: 0.58, VI: 0.71, VIII: 0.83 },
  "Sn+4": { IV: 0.55, VI: 0.69, VIII: 0.81 }, "Ge+4": { IV: 0.39, VI: 0.53 }, "Pb+4": { IV: 0.65, VI: 0.775, VIII: 0.94 },
  "Ce+4": { VI: 0.87, VIII: 0.97, XII: 1.14 }, "Mn+4": { IV: 0.39, VI: 0.53 }, "Mo+4": { VI: 0.65 }, "Ru+4": { VI: 0.62 },
  "Ir+4": { VI: 0.625 }, "V+4": { VI: 0.58, VIII: 0.72 }, "Cr+4": { IV: 0.41, VI: 0.55 }, "Nb+4": { VI: 0.68, VIII: 0.79 },
  "W+4": { VI: 0.66 }, "Os+4": { VI: 0.63 }, "Th+4": { VI: 0.94, VIII: 1.05, XII: 1.21 }, "U+4": { VI: 0.89, VIII: 1.0, XII: 1.17 },
  "Nb+5": { IV: 0.48, VI: 0.64, VIII: 0.74 }, "Ta+5": { VI: 0.64, VIII: 0.74 }, "V+5": { IV: 0.355, VI: 0.54 }, "Sb+5": { VI: 0.6 },
  "F-1": { IV: 1.31, VI: 1.33 }, "Cl-1": { VI: 1.81 }, "Br-1": { VI: 1.96 }, "I-1": { VI: 2.2 },
  "O-2": { IV: 1.38, VI: 1.4, VIII: 1.42 }, "S-2": { VI: 1.84 }, "Se-2": { VI: 1.98 }, "Te-2": { VI: 2.21 }, "N-3": { IV: 1.46 },
};
