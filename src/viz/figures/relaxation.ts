// A relaxation's convergence: energy per atom and the largest force against the FIRE step, with the fmax threshold.
import type { PlotlyFigure, PlotlyTrace } from "../plotly.js";

/** What a relaxation recorded (a RelaxResult has these fields) and the crystal's number of atoms. */
export interface RelaxationCurve {
  /** Total energy (eV) of every evaluation, step 0 first. */
  readonly energies: ArrayLike<number>;
  /** Largest generalised force row (eV/Å) of every evaluation, step 0 first. */
  readonly maxForces: ArrayLike<number>;
  /** Atoms in the crystal: energies are drawn per atom. */
  readonly atoms: number;
}

/** The x/y axis names of one panel, e.g. ["x2", "y2"]. */
export type AxisPair = readonly [string, string];

/** Options of relaxationCurvesFigure. */
export interface RelaxationCurvesOptions {
  /** The convergence threshold (eV/Å), drawn as a dashed line on the force panel. */
  fmax?: number;
  title?: string;
  height?: number;
}

const ENERGY_COLOR = "#4e79a7";
const FORCE_COLOR = "#e15759";

/**
 * The traces of one relaxation: energy per atom (eV/atom) on `energyAxes`, max force (eV/Å) on `forceAxes` and, when
 * `fmax` is given, its threshold as a dashed line over all steps. Non-positive forces are left out (the force axis is logarithmic).
 */
export function relaxationCurveTraces(curve: RelaxationCurve, energyAxes: AxisPair, forceAxes: AxisPair, fmax?: number): PlotlyTrace[] {
  const steps = Array.from(curve.energies, (_, i) => i);
  const forces = Array.from(curve.maxForces, (f) => (f > 0 ? f : null));
  const last = Math.max(steps.length - 1, 1);
  return [
    {
      type: "scatter", mode: "lines+markers", name: "energy", x: steps, y: Array.from(curve.energies, (e) => e / curve.atoms), xaxis: energyAxes[0], yaxis: energyAxes[1],
      line: { color: ENERGY_COLOR }, marker: { size: 3 }, showlegend: false, hovertemplate: "step %{x}: %{y:.4f} eV/atom<extra></extra>",
    },
    {
      type: "scatter", mode: "lines+markers", name: "max force", x: steps, y: forces, xaxis: forceAxes[0], yaxis: forceAxes[1],
      line: { color: FORCE_COLOR }, marker: { size: 3 }, showlegend: false, hovertemplate: "step %{x}: %{y:.3g} eV/Å<extra></extra>",
    },
    ...(fmax === undefined ? [] : [{
      type: "scatter", mode: "lines", name: `fmax ${fmax} eV/Å`, x: [0, last], y: [fmax, fmax], xaxis: forceAxes[0], yaxis: forceAxes[1],
      line: { color: "#555", dash: "dash", width: 1 }, showlegend: false, hovertemplate: `fmax ${fmax} eV/Å<extra></extra>`,
    }]),
  ];
}

/** Axis titles of the two relaxation panels, keyed by layout axis name (e.g. xaxis2). */
export function relaxationAxes(energyAxes: AxisPair, forceAxes: AxisPair, domains: { energy: readonly [number, number]; force: readonly [number, number] }): Record<string, unknown> {
  const name = (axis: string) => `${axis[0]}axis${axis.slice(1)}`;
  return {
    [name(energyAxes[0])]: { title: { text: "FIRE step" }, domain: domains.energy, anchor: energyAxes[1] },
    [name(energyAxes[1])]: { title: { text: "energy (eV/atom)" }, anchor: energyAxes[0] },
    [name(forceAxes[0])]: { title: { text: "FIRE step" }, domain: domains.force, anchor: forceAxes[1] },
    [name(forceAxes[1])]: { title: { text: "max force (eV/Å)" }, type: "log", anchor: forceAxes[0] },
  };
}

/**
 * Energy per atom (eV/atom, left) and the largest force (eV/Å, right, logarithmic) against the FIRE step, with the
 * `fmax` threshold dashed.
 */
export function relaxationCurvesFigure(curve: RelaxationCurve, options: RelaxationCurvesOptions = {}): PlotlyFigure {
  return {
    data: relaxationCurveTraces(curve, ["x", "y"], ["x2", "y2"], options.fmax),
    layout: {
      title: { text: options.title ?? "Relaxation" },
      height: options.height ?? 340,
      margin: { t: 60, r: 20, b: 50, l: 70 },
      ...relaxationAxes(["x", "y"], ["x2", "y2"], { energy: [0, 0.44], force: [0.56, 1] }),
    },
  };
}
