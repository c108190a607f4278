// The crystal core: elements, lattices, structures, compositions and formulas, structure files, cell reduction,
// distances and neighbours, symmetry. Low-level helpers (3×3 math, element tables, CIF lexer) stay internal.
export { CifParseError, CrystalError, FormulaError, ParseError, StructureError, UnknownElementError } from "./errors.js";
export type { Mat3, Vec3 } from "./math3.js";
export { type Element, atomicMass, atomicNumber, element, elementSymbol, tryAtomicNumber } from "./elements.js";
export {
  type Lattice, type LatticeParameters, cartToFrac, fracToCart, latticeAngles, latticeFromMatrix, latticeFromParameters,
  latticeLengths, latticeParameters, latticeVolume, metricTensor, reciprocalLattice, scaleLatticeToVolume,
} from "./lattice.js";
export {
  type PropertyValue, type Structure, type StructureInput, cartCoords, cellMass, density, isDisordered, makeStructure,
  numSites, supercell, withStructure, wrapFracCoords, wrapStructure,
} from "./structure.js";
export { type Composition, atomicFractions, composition, fullFormula, numElements, reducedComposition, reducedFormula } from "./composition.js";
export { parseFormula, speciesFromFormula } from "./formula.js";
export {
  type CifEntry, type CifReadOptions, type CifWriteOptions, type PoscarReadOptions, type PymatgenStructureDict,
  type StructureEntry, type StructureFormat, type XyzOperation, applyXyzOperation, formatXyzOperation, parseXyzOperation,
  pymatgenStructureDict, readCif, readCifs, readExtxyz, readPoscar, readPymatgenJson, readStructureEntriesFile,
  readStructureEntriesText, readStructureFile,
  readStructureText, readStructuresFile, readStructuresText, structureFormatFromName, structureFormatFromPath,
  writeCif, writeExtxyz, writePoscar, writePymatgenJson, writeStructureFile, writeStructureText,
} from "./io/index.js";
export { type LllResult, lllFracCoords, lllReduce } from "./lll.js";
export { niggliParameters, niggliReduce } from "./niggli.js";
export { reducedStructure } from "./reduced-structure.js";
export {
  type AsymmetricUnit, type SpaceGroupInfo, type SymmetryDataset, type SymmetryOperation, type SymmetryOptions,
  type SymmetrySetting, type WyckoffDescription, type WyckoffPosition, type WyckoffSite, DEFAULT_SYMPREC, SymmetryError,
  analyzeSymmetry, applyOperation, asymmetricUnit, initSymmetry, spaceGroupInfo, spaceGroupOperations,
  standardConventionalCell, standardPrimitiveCell, structureFromWyckoff, wyckoffPositions,
} from "./symmetry/index.js";
export { type PbcShortestVectors, distanceMatrix, minimumSiteDistance, pbcShortestVectors, periodicDistancesFrom } from "./distances.js";
export { type NeighbourList, type NeighbourListOptions, kNearestNeighbours, neighbourList } from "./neighbours.js";
export { type PrimitiveCellOptions, primitiveCell } from "./primitive.js";
