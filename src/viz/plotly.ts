// Plotly figures as plain data, and their rich-output bundle: Plotly JSON for JupyterLab's renderer plus an HTML
// fallback that draws the figure offline (classic Notebook, nbconvert HTML) and a text line for plain viewers.
import { awaitLibrary, libraryScript } from "./library-script.js";
import { type MimeBundle, escapeHtml, scriptJson } from "./mime-bundle.js";

/** One Plotly trace (https://plotly.com/javascript/reference/): plain JSON, `type` names the trace kind. */
export type PlotlyTrace = { readonly type?: string } & Record<string, unknown>;

/** A Plotly figure: traces, layout and config, exactly what `Plotly.newPlot(div, data, layout, config)` takes. */
export interface PlotlyFigure {
  readonly data: readonly PlotlyTrace[];
  readonly layout: Record<string, unknown>;
  readonly config?: Record<string, unknown>;
  /** Animation frames ({name, data} each), added after the first draw (`Plotly.addFrames`). */
  readonly frames?: readonly Record<string, unknown>[];
}

/** Options of plotlyBundle. */
export interface PlotlyBundleOptions {
  /** Source of plotly.min.js to inline before the figure (the first figure of a session); omit when already loaded. */
  plotlyJs?: string;
  /** Id of the figure's <div> (default: a fresh one). */
  divId?: string;
}

let divCounter = 0;

/** A fresh element id for a figure or viewer <div>. */
export function freshDivId(prefix: string): string {
  divCounter += 1;
  return `${prefix}-${Date.now().toString(36)}-${divCounter}`;
}

/** What a figure says while plotly.js is not on the page yet. */
const WAITING = "waiting for plotly.js: run a cell that shows a figure, or initNotebook()";

/** Default config of every figure: responsive, no Plotly logo. */
export const DEFAULT_CONFIG = { responsive: true, displaylogo: false } as const;

/**
 * The MIME bundle of a figure: `application/vnd.plotly.v1+json` ({data, layout, config}), `text/html` (a div and a
 * script that calls Plotly.newPlot once the div is on the page and window.Plotly exists — until then the div says it is
 * waiting; with `plotlyJs`, the library is inlined first, see libraryScript) and `text/plain` ("<Plotly figure: N
 * trace(s)>"). Inlined JSON escapes "<".
 */
export function plotlyBundle(fig: PlotlyFigure, options: PlotlyBundleOptions = {}): MimeBundle {
  const config = { ...DEFAULT_CONFIG, ...fig.config };
  const spec = { data: fig.data, layout: fig.layout, config, ...(fig.frames ? { frames: fig.frames } : {}) };
  const id = options.divId ?? freshDivId("plotly");
  const height = typeof fig.layout.height === "number" ? `${fig.layout.height}px` : "450px";
  const html =
    (options.plotlyJs ? libraryScript("Plotly", options.plotlyJs) : "") +
    `<div id="${escapeHtml(id)}" class="cw-plotly" style="width:100%;height:${height}"></div>` +
    `<script type="text/javascript">(function(){var spec=${scriptJson(spec)};var tries=0;` +
    // The output may be attached to the page after its scripts ran (classic Notebook): look for the div for up to 10 s.
    `function draw(){var el=document.getElementById(${scriptJson(id)});if(!el){if(tries++<200)setTimeout(draw,50);return;}` +
    awaitLibrary("Plotly", "draw", WAITING) +
    `var p=window.Plotly.newPlot(el,spec.data,spec.layout,spec.config);` +
    `if(spec.frames){p.then(function(){window.Plotly.addFrames(el,spec.frames);});}}draw();})();</script>`;
  const n = fig.data.length;
  return {
    "application/vnd.plotly.v1+json": spec,
    "text/html": html,
    "text/plain": `<Plotly figure: ${n} trace${n === 1 ? "" : "s"}>`,
  };
}
