// Reference entries of the convex hull: DFT formation energies of dataset crystals (every split present), a user's
// entries file, and every element at 0 eV/atom, merged into one phase diagram with per-source counts.
//
// Only Materials Project formation energies per atom (`formation_energy_per_atom`, eV/atom: mp_20, mpts_52,
// mp_20_biternary) are hull references. perov_5 (CMR heats of formation) and carbon_24 (absolute AIRSS enthalpies at
// 10 GPa) hold no MP-compatible formation energy: they are refused with a HullSourceError, never skipped silently.
import { composition } from "../crystal/composition.js";
import { MAX_Z, elementSymbol } from "../crystal/elements.js";
import type { Structure } from "../crystal/structure.js";
import { DatasetNotFoundError } from "../datasets/errors.js";
import { type Dataset, type LoadDatasetOptions, loadDataset } from "../datasets/load.js";
import { datasetSpec } from "../datasets/registry.js";
import { type HullEntry, type PhaseDiagram, buildPhaseDiagram } from "../metrics/stability/phase-diagram.js";
import { HullSourceError } from "./errors.js";

/** Column (and JSON key) of the formation energy per atom (eV/atom, DFT, Materials Project conventions). */
export const FORMATION_ENERGY_COLUMN = "formation_energy_per_atom";

/** Hull entries of one source; `energyPerAtom` of each entry is a formation energy per atom (eV/atom). */
export interface HullEntrySource {
  /** "mp_20_biternary/test", or the path of an entries file. */
  readonly source: string;
  readonly entries: readonly HullEntry[];
  /** Rows left out because their formation energy is missing or not finite (rows the loader rejected are in the dataset's provenance). */
  readonly skipped: number;
}

/** Per-source counts of a merged reference set. */
export interface HullSourceCount {
  readonly source: string;
  /** Entries taken from the source. */
  readonly entries: number;
  /** Rows left out (missing or non-finite formation energy). */
  readonly skipped: number;
}

/** The merged hull references: the phase diagram to query and where its entries came from. */
export interface HullReferences {
  /** Entries of every source plus one entry per element (Z 1–118) at 0 eV/atom. */
  readonly phaseDiagram: PhaseDiagram;
  /** One count per source in the order given, then "elements" (118 entries at 0 eV/atom). */
  readonly provenance: readonly HullSourceCount[];
}

/** Why a registered dataset holds no MP-compatible formation energies. */
const NOT_MP_FORMATION_ENERGIES: Readonly<Record<string, string>> = {
  perov_5:
    "its heat_ref / heat_all columns are CMR heats of formation (Castelli et al.; other functional and elemental references than the Materials Project, unit unverified) — perov_5 has no MP-compatible formation energy",
  carbon_24: "its energy_per_atom column is an absolute AIRSS enthalpy per atom at 10 GPa (about −154 eV/atom), not a formation energy",
};

/** Element amounts (Z → atoms in the cell, occupancy-weighted) of a structure, as a hull composition. */
export function structureComposition(s: Structure): Map<number, number> {
  const c = composition(s.species, s.occupancies);
  return new Map(c.elements.map((z, i) => [z, c.amounts[i]!]));
}

/**
 * Hull entries from a loaded dataset's `formation_energy_per_atom` (eV/atom), id = the row's material_id; rows with a
 * missing or non-finite value are skipped and counted.
 * @throws HullSourceError for perov_5 and carbon_24 (no MP formation energies) and for a table without the column.
 */
export function hullEntriesFromDataset(dataset: Dataset): HullEntrySource {
  const label = dataset.split ? `${dataset.name}/${dataset.split}` : dataset.name;
  const refusal = dataset.provenance.source === "file" ? undefined : NOT_MP_FORMATION_ENERGIES[dataset.name];
  if (refusal) throw new HullSourceError(label, refusal);
  if (!dataset.table.columnNames().includes(FORMATION_ENERGY_COLUMN))
    throw new HullSourceError(label, `it has no ${FORMATION_ENERGY_COLUMN} column (DFT formation energy per atom, eV/atom)`);
  const entries: HullEntry[] = [];
  let skipped = 0;
  for (const s of dataset.structures) {
    const e = s.properties?.[FORMATION_ENERGY_COLUMN];
    if (typeof e !== "number" || !Number.isFinite(e)) skipped++;
    else entries.push({ composition: structureComposition(s), energyPerAtom: e, id: String(s.properties?.["id"] ?? "") });
  }
  return { source: label, entries, skipped };
}

/** The hull sources of every split of a dataset that is present, and the splits that are not. */
export interface DatasetHullSources {
  readonly sources: HullEntrySource[];
  readonly missingSplits: string[];
}

/**
 * Loads every registered split of a dataset that exists locally (no download unless `options.download` is true) and
 * takes its hull entries.
 * @throws HullSourceError for perov_5, carbon_24, a dataset without formation energies, or when no split is present;
 *   dataset errors (UnknownDatasetError, DatasetRowError in strict mode) as loadDataset.
 */
export async function loadHullEntrySources(name: string, options: LoadDatasetOptions = {}): Promise<DatasetHullSources> {
  const refusal = NOT_MP_FORMATION_ENERGIES[name];
  if (refusal) throw new HullSourceError(name, refusal);
  const spec = datasetSpec(name);
  if (!spec.columns.some((c) => c.name === FORMATION_ENERGY_COLUMN)) throw new HullSourceError(name, `it has no ${FORMATION_ENERGY_COLUMN} column`);
  const sources: HullEntrySource[] = [];
  const missingSplits: string[] = [];
  for (const split of Object.keys(spec.splits)) {
    try {
      sources.push(hullEntriesFromDataset(await loadDataset(name, split, { download: false, ...options })));
    } catch (e) {
      if (!(e instanceof DatasetNotFoundError)) throw e;
      missingSplits.push(split);
    }
  }
  if (sources.length === 0) throw new HullSourceError(name, `no split is present (${missingSplits.join(", ")}); set CRYSTAL_DATA_DIR or pass { dataDir }`);
  return { sources, missingSplits };
}

/** One entry per element (Z 1–118) at 0 eV/atom: the zero of formation energies. */
function elementEntries(): HullEntry[] {
  return Array.from({ length: MAX_Z }, (_, k) => ({ composition: new Map([[k + 1, 1]]), energyPerAtom: 0, id: elementSymbol(k + 1) }));
}

/**
 * Merges hull sources (datasets, a user file) with every element at 0 eV/atom into one phase diagram. Entries are
 * formation energies per atom (eV/atom), so the hull of any composition is defined; duplicates across sources (the
 * same material in a dataset and a file) do not change hull energies.
 * @throws PhaseDiagramError for an entry with an empty or negative composition.
 */
export function buildHullReferences(sources: readonly HullEntrySource[]): HullReferences {
  const all = [...sources, { source: "elements", entries: elementEntries(), skipped: 0 }];
  return {
    phaseDiagram: buildPhaseDiagram(all.flatMap((s) => s.entries)),
    provenance: all.map((s) => ({ source: s.source, entries: s.entries.length, skipped: s.skipped })),
  };
}
