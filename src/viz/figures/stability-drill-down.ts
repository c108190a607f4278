// The S.U.N. table of generated crystals as a drill-down: one row per crystal; selecting it shows the crystal, its
// relaxation (energy and max force per FIRE step) and its place relative to the hull.
import type { Structure } from "../../crystal/structure.js";
import type { HullPlacement } from "../../stability/hull-placement.js";
import type { StabilityRecord } from "../../stability/stability-table.js";
import { type CrystalSceneOptions, crystalScene } from "../crystal-scene.js";
import type { DrillDown } from "../drill-down.js";
import type { PlotlyFigure } from "../plotly.js";
import { hullPlacementTraces } from "./hull.js";
import { type RelaxationCurve, relaxationAxes, relaxationCurveTraces } from "./relaxation.js";

/** One generated crystal of the drill-down. */
export interface StabilityDrillDownItem {
  readonly record: StabilityRecord;
  /** The crystal to show (the relaxed one when there is one). */
  readonly structure: Structure;
  readonly relaxation: RelaxationCurve;
  /** Its place relative to the hull (hullPlacement), null when it has no energy. */
  readonly placement: HullPlacement | null;
}

/** Options of stabilityDrillDown. */
export interface StabilityDrillDownOptions {
  /** Relaxation threshold (eV/Å) drawn on the force panel. */
  fmax?: number;
  caption?: string;
  /** Scene options of the crystals (default: no periodic images beyond the defaults). */
  scene?: CrystalSceneOptions;
  /** Row shown first (default: the first S.U.N. row in the MatterGen convention, else 0). */
  selected?: number;
}

/** Columns of the table, in order. */
const COLUMNS = ["id", "formula", "E_f (eV/atom)", "E_hull (eV/atom)", "relaxation", "RMSD to relaxed", "unique", "novel", "S.U.N. (MatterGen)", "S.U.N. (FlowMM)", "hull coverage"];

const yes = (b: boolean) => (b ? "yes" : "no");

function row(r: StabilityRecord): unknown[] {
  return [
    r.id, r.formula, r.formationEnergyPerAtom, r.eAboveHull, `${r.status} (${r.steps} steps)`, r.rmsdToRelaxed, yes(r.unique), yes(r.novel),
    yes(r.sunMatterGen), yes(r.sunFlowMM), `${r.hullCoverage.covered}/${r.hullCoverage.subsystems}${r.hullCoverage.uncovered ? " (system uncovered)" : ""}`,
  ];
}

/** The three panels of one crystal: energy and force against the FIRE step, and its place relative to the hull. */
function detailFigure(item: StabilityDrillDownItem, fmax: number | undefined): PlotlyFigure {
  const hullAxes = ["x3", "y3"] as const;
  const panelTitle = (text: string, x: number) => ({ text, x, y: 1.08, xref: "paper", yref: "paper", xanchor: "center", showarrow: false, font: { size: 12 } });
  const placement = item.placement;
  return {
    data: [...relaxationCurveTraces(item.relaxation, ["x", "y"], ["x2", "y2"], fmax), ...(placement ? hullPlacementTraces(placement, hullAxes) : [])],
    layout: {
      height: 340,
      margin: { t: 40, r: 10, b: 90, l: 60 },
      ...relaxationAxes(["x", "y"], ["x2", "y2"], { energy: [0, 0.26], force: [0.36, 0.62] }),
      xaxis3: { domain: [0.74, 1], anchor: "y3", type: "category", tickangle: -30 },
      yaxis3: { title: { text: "formation energy (eV/atom)" }, anchor: "x3" },
      annotations: [
        panelTitle("energy", 0.13),
        panelTitle("max force", 0.49),
        panelTitle(placement ? `hull: E_hull ${placement.eAboveHull >= 0 ? "+" : "−"}${Math.abs(placement.eAboveHull).toFixed(3)} eV/atom` : "hull: no energy", 0.87),
      ],
    },
  };
}

/** The line above one crystal's detail view. */
function detailTitle(r: StabilityRecord): string {
  const energy = r.eAboveHull === null ? "no energy above hull" : `E_hull ${r.eAboveHull.toFixed(3)} eV/atom`;
  const c = r.hullCoverage;
  return `${r.id} · ${r.formula} · ${r.status} after ${r.steps} FIRE steps · ${energy} · chemical system ${c.chemicalSystem}: ${c.covered} of ${c.subsystems} subsystems have references` +
    (c.missing.length ? ` (missing ${c.missing.slice(0, 4).join(", ")}${c.missing.length > 4 ? ", …" : ""})` : "");
}

/**
 * The drill-down of a S.U.N. table (show() displays it): one row per crystal with its formation energy, E_hull,
 * relaxation outcome, RMSD, uniqueness, novelty, S.U.N. flags and hull coverage (S.U.N. rows in the MatterGen
 * convention emphasised); selecting a row shows the crystal, its relaxation curves and its place relative to the hull.
 * @throws RangeError for an empty list or a `selected` row out of range.
 */
export function stabilityDrillDown(items: readonly StabilityDrillDownItem[], options: StabilityDrillDownOptions = {}): DrillDown {
  if (items.length === 0) throw new RangeError("stabilityDrillDown: no crystals");
  const firstSun = items.findIndex((it) => it.record.sunMatterGen);
  const selected = options.selected ?? Math.max(0, firstSun);
  if (!Number.isInteger(selected) || selected < 0 || selected >= items.length) throw new RangeError(`stabilityDrillDown: selected row ${selected} is not one of the ${items.length} rows`);
  return {
    kind: "drill-down",
    columns: COLUMNS,
    rows: items.map((it) => row(it.record)),
    highlight: items.map((it) => it.record.sunMatterGen),
    details: items.map((it) => ({ title: detailTitle(it.record), scene: crystalScene(it.structure, options.scene), figure: detailFigure(it, options.fmax) })),
    ...(options.caption ? { caption: options.caption } : {}),
    selected,
  };
}
