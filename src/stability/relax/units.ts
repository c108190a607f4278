// Stress units: the Potential interface speaks GPa, ASE's optimisers and cell filters eV/Å³.

/** GPa in one eV/Å³ (CODATA 2014, ASE 3.22's default units: 1 eV/Å³ = 160.21766208 GPa). */
export const GPA_PER_EV_PER_A3 = 160.21766208;
