// Stability without DFT: the potential interfaces, relaxation, hull references and the S.U.N. table.
export { type FormationEnergyModel, type Potential, type PotentialEvaluation, PotentialInputError } from "./potential.js";
