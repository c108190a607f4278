// show(x): the one display call of the notebooks. Crystals → 3-D viewer, Plotly figures → interactive plots, arquero
// tables → formatted HTML tables, drill-downs → a table whose rows open a crystal and a figure; liveCurve() → a training
// curve updated in place. The JS libraries (plotly.js, 3Dmol.js) are inlined into the first output that needs them for
// each front end (client session) of the kernel, so a second tab, a reloaded page or a restarted kernel gets them again
// and exported HTML works offline.
import type { ColumnTable } from "arquero";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Structure } from "../crystal/structure.js";
import { type CrystalScene, type CrystalSceneOptions, crystalScene } from "../viz/crystal-scene.js";
import { type DrillDown, drillDownBundle } from "../viz/drill-down.js";
import type { MimeBundle } from "../viz/mime-bundle.js";
import { type PageLibrary, libraryScript } from "../viz/library-script.js";
import { type PlotlyFigure, plotlyBundle } from "../viz/plotly.js";
import { type TableOptions, tableBundle } from "../viz/table-html.js";
import { type ViewerOptions, viewerBundle } from "../viz/viewer.js";
import { clientSession, displayBundle, inKernel, newDisplayId } from "./display.js";
import { LibraryLedger } from "./page-libraries.js";

/** Anything show() can display. */
export type Showable = Structure | readonly Structure[] | CrystalScene | readonly CrystalScene[] | PlotlyFigure | ColumnTable | DrillDown | MimeBundle;

/** Options of show(): per kind of object. */
export interface ShowOptions {
  /** Scene options for crystals (supercell, bonds, colour by Wyckoff orbit, …). */
  scene?: CrystalSceneOptions;
  /** Viewer grid options (columns, size, titles). */
  viewer?: Omit<ViewerOptions, "threeDmolJs">;
  /** Table options (row limit, significant digits, caption). */
  table?: TableOptions;
}

/** Which JS libraries each front end of this kernel has been sent. */
const ledger = new LibraryLedger();

const requireHere = createRequire(import.meta.url);
const librarySource = (specifier: string) => readFileSync(requireHere.resolve(specifier), "utf8");

/** plotly.min.js (plotly.js-dist-min), read from the installed package. */
export function plotlySource(): string {
  return librarySource("plotly.js-dist-min");
}

/** 3Dmol-min.js (3dmol), read from the installed package. */
export function threeDmolSource(): string {
  return librarySource("3dmol/build/3Dmol-min.js");
}

function isStructure(x: unknown): x is Structure {
  return typeof x === "object" && x !== null && "lattice" in x && "species" in x && "fracCoords" in x;
}
function isScene(x: unknown): x is CrystalScene {
  return typeof x === "object" && x !== null && "atoms" in x && "cellEdges" in x;
}
function isFigure(x: unknown): x is PlotlyFigure {
  return typeof x === "object" && x !== null && Array.isArray((x as PlotlyFigure).data) && "layout" in x;
}
function isMimeBundle(x: unknown): x is MimeBundle {
  return typeof x === "object" && x !== null && ("text/html" in x || "text/plain" in x);
}
function isDrillDown(x: unknown): x is DrillDown {
  return typeof x === "object" && x !== null && (x as DrillDown).kind === "drill-down";
}
function isTable(x: unknown): x is ColumnTable {
  return typeof x === "object" && x !== null && typeof (x as ColumnTable).columnNames === "function" && typeof (x as ColumnTable).numRows === "function";
}

/**
 * The bundle show() would display. `libraries` says which JS sources to inline ("session": the ones not yet sent to the
 * front end running this cell, and marks them sent; "none"; "all"). Throws TypeError for an object it cannot display.
 */
export function showBundle(x: Showable, options: ShowOptions = {}, libraries: "session" | "none" | "all" = "session"): MimeBundle {
  const needs = (lib: PageLibrary) => libraries === "all" || (libraries === "session" && ledger.claim(clientSession(), lib));
  const list = Array.isArray(x) ? (x as readonly unknown[]) : [x];
  if (list.length > 0 && list.every((s) => isStructure(s) || isScene(s))) {
    const scenes = list.map((s) => (isScene(s) ? s : crystalScene(s as Structure, options.scene)));
    return viewerBundle(scenes, { ...options.viewer, ...(needs("$3Dmol") ? { threeDmolJs: threeDmolSource() } : {}) });
  }
  if (isFigure(x)) return plotlyBundle(x, needs("Plotly") ? { plotlyJs: plotlySource() } : {});
  if (isDrillDown(x)) return drillDownBundle(x, { ...(needs("Plotly") ? { plotlyJs: plotlySource() } : {}), ...(needs("$3Dmol") ? { threeDmolJs: threeDmolSource() } : {}) });
  if (isTable(x)) return tableBundle(x, options.table);
  if (isMimeBundle(x)) return x;
  throw new TypeError("show: expected a Structure, Structure[], CrystalScene, Plotly figure {data, layout}, arquero table, drill-down or MIME bundle");
}

/** Displays a crystal (or a grid of crystals), a Plotly figure, an arquero table, a drill-down table or a ready MIME bundle as the cell's output. */
export function show(x: Showable, options: ShowOptions = {}): void {
  displayBundle(showBundle(x, options));
}

/**
 * Sends plotly.js and 3Dmol.js to the page now (like plotly's init_notebook_mode): useful at the top of a notebook
 * whose first outputs may be cleared or re-run out of order; figures already waiting for a library then draw.
 */
export function initNotebook(): void {
  const client = clientSession();
  ledger.claim(client, "Plotly");
  ledger.claim(client, "$3Dmol");
  const html = libraryScript("Plotly", plotlySource()) + libraryScript("$3Dmol", threeDmolSource());
  displayBundle({ "text/html": html, "text/plain": "plotly.js and 3Dmol.js loaded" });
}

/** A training curve drawn once and updated in place as values arrive. */
export interface LiveCurve {
  /** Adds one point per named series (e.g. {loss: 0.3, val: 0.4}) at `step`; redraws at most every `intervalMs`. */
  push(step: number, values: Readonly<Record<string, number>>): void;
  /** Redraws now (call after the last push). */
  flush(): void;
  /** The current figure (also usable outside a kernel). */
  figure(): PlotlyFigure;
}

/** Options of liveCurve. */
export interface LiveCurveOptions {
  /** Axis titles (default "step" and "value"). */
  xTitle?: string;
  yTitle?: string;
  /** Logarithmic y axis (losses), default false. */
  logY?: boolean;
  /** Minimum time between redraws (ms), default 300. */
  intervalMs?: number;
  /** Draw in the notebook (default: true inside a kernel, false elsewhere). */
  display?: boolean;
}

/** The figure of named series over steps (pure; used by liveCurve). */
export function curveFigure(title: string, series: ReadonlyMap<string, { x: number[]; y: number[] }>, options: Pick<LiveCurveOptions, "xTitle" | "yTitle" | "logY"> = {}): PlotlyFigure {
  return {
    data: [...series].map(([name, s]) => ({ type: "scatter", mode: "lines", name, x: s.x, y: s.y })),
    layout: {
      title: { text: title },
      xaxis: { title: { text: options.xTitle ?? "step" } },
      yaxis: { title: { text: options.yTitle ?? "value" }, type: options.logY ? "log" : "linear" },
      height: 360,
      margin: { t: 50, r: 20, b: 50, l: 60 },
    },
  };
}

/** A live training curve: `push(step, {loss, …})` from a training callback updates ONE plot in place. */
export function liveCurve(title: string, options: LiveCurveOptions = {}): LiveCurve {
  const series = new Map<string, { x: number[]; y: number[] }>();
  const displayId = newDisplayId();
  const interval = options.intervalMs ?? 300;
  let shown = false;
  let last = -Infinity;
  let dirty = false;
  let draw = options.display;
  const figure = () => curveFigure(title, series, options);
  const flush = () => {
    draw ??= inKernel();
    dirty = false;
    last = performance.now();
    if (!draw) return;
    if (!shown && ledger.claim(clientSession(), "Plotly")) {
      // The curve's output is replaced on every update and only its last state is saved in the notebook, so the
      // library goes into a separate, never-replaced output first (otherwise exported HTML would lack plotly.js).
      displayBundle({ "text/html": libraryScript("Plotly", plotlySource()), "text/plain": "" });
    }
    displayBundle(showBundle(figure()), { displayId, update: shown });
    shown = true;
  };
  return {
    push(step, values) {
      for (const [name, v] of Object.entries(values)) {
        let s = series.get(name);
        if (!s) series.set(name, (s = { x: [], y: [] }));
        s.x.push(step);
        s.y.push(v);
      }
      dirty = true;
      if (performance.now() - last >= interval) flush();
    },
    flush() {
      if (dirty || !shown) flush();
    },
    figure,
  };
}
