// Convex hull of formation energies and energy above hull.
export {
  type CompositionLike, type HullEntry, type HullPoint, type PhaseDiagram, PhaseDiagramError, buildPhaseDiagram, energyAboveHull, hullEnergyPerAtom,
} from "./phase-diagram.js";
