// A table whose rows open a detail view, a 3-D crystal beside a Plotly figure, as one self-contained HTML output:
// clicking a row redraws the viewer and the figure in place. Everything is in the page (no kernel), so it works in
// exported HTML too.
import type { CrystalScene } from "./crystal-scene.js";
import { type MimeBundle, escapeHtml, scriptJson } from "./mime-bundle.js";
import { awaitLibrary, libraryScript } from "./library-script.js";
import { DEFAULT_CONFIG, type PlotlyFigure, freshDivId } from "./plotly.js";
import { formatCell } from "./table-html.js";
import { CRYSTAL_DRAW_JS, sceneJson } from "./viewer.js";

const WAITING = "waiting for plotly.js and 3Dmol.js: run a cell that shows a figure, or initNotebook()";

/** What selecting one row shows. */
export interface DrillDownDetail {
  /** Line above the detail view. */
  readonly title: string;
  readonly scene: CrystalScene;
  readonly figure: PlotlyFigure;
}

/** A table with one detail view per row (plain data; show() displays it, drillDownBundle renders it). */
export interface DrillDown {
  readonly kind: "drill-down";
  readonly columns: readonly string[];
  /** Cell values per row, in the order of `columns` (numbers are formatted to a few significant digits). */
  readonly rows: readonly (readonly unknown[])[];
  /** One detail per row, in the same order. */
  readonly details: readonly DrillDownDetail[];
  /** Rows drawn emphasised (bold on a light background). */
  readonly highlight?: readonly boolean[];
  readonly caption?: string;
  /** Row shown first (default 0). */
  readonly selected?: number;
}

/** Options of drillDownBundle. */
export interface DrillDownBundleOptions {
  /** Source of plotly.min.js to inline first; omit when already loaded. */
  plotlyJs?: string;
  /** Source of 3Dmol-min.js to inline first; omit when already loaded. */
  threeDmolJs?: string;
  /** Side of the crystal viewer (CSS px), default 320. */
  viewerSize?: number;
  /** Height of the scrolling table (CSS px), default 300. */
  tableHeight?: number;
  /** Significant digits of the table's numbers, default 4. */
  digits?: number;
}

// Page-side code: select(i) marks row i, writes its title, redraws the crystal (one 3Dmol viewer, cleared and refilled)
// and the figure (Plotly.react); rows select themselves on click. Waits for its element (attached late in the classic
// Notebook) and for both libraries, like the other outputs.
const SELECT_JS = `var viewer=null,tries=0,root=null;
function select(i){var rows=root.querySelectorAll("tr[data-row]");
for(var k=0;k<rows.length;k++){rows[k].style.background=k===i?"#dbeafe":rows[k].getAttribute("data-bg");rows[k].style.outline=k===i?"2px solid #2563eb":"";}
document.getElementById(id+"-title").textContent=d.titles[i];
if(viewer){viewer.clear();cwFillCrystal(viewer,d.scenes[i],o);}else{viewer=cwDrawCrystal(document.getElementById(id+"-crystal"),d.scenes[i],o);}
window.Plotly.react(document.getElementById(id+"-plot"),d.figures[i].data,d.figures[i].layout,d.config);}
function go(){root=document.getElementById(id);if(!root){if(tries++<200)setTimeout(go,50);return;}var el=document.getElementById(id+"-plot");` +
  awaitLibrary("Plotly", "go", WAITING) + awaitLibrary("$3Dmol", "go", WAITING) +
  `var rows=root.querySelectorAll("tr[data-row]");for(var k=0;k<rows.length;k++)(function(r){r.addEventListener("click",function(){select(Number(r.getAttribute("data-row")));});})(rows[k]);
select(d.selected);}go();`;

/**
 * The MIME bundle of a drill-down: `text/html` with the table (rows clickable, the selected one outlined) above the
 * selected row's title, its crystal (3Dmol viewer, class cw-crystal) and its figure (Plotly, class cw-plotly), and
 * `text/plain` with the caption and row count. With `plotlyJs` / `threeDmolJs` the libraries are inlined first.
 * @throws RangeError when the rows and details differ in number, there is no row, or `selected` is out of range.
 */
export function drillDownBundle(spec: DrillDown, options: DrillDownBundleOptions = {}): MimeBundle {
  const n = spec.rows.length;
  const selected = spec.selected ?? 0;
  if (n === 0 || spec.details.length !== n) throw new RangeError(`drillDownBundle: ${n} rows and ${spec.details.length} details (need the same number, at least one)`);
  if (!Number.isInteger(selected) || selected < 0 || selected >= n) throw new RangeError(`drillDownBundle: selected row ${selected} is not one of the ${n} rows`);
  const id = freshDivId("drilldown");
  const size = options.viewerSize ?? 320;
  const digits = options.digits ?? 4;
  const height = Math.max(size, ...spec.details.map((d) => (typeof d.figure.layout.height === "number" ? d.figure.layout.height : 0)));
  const th = spec.columns.map((c) => `<th style="text-align:left;padding:3px 8px;border-bottom:1px solid #999;position:sticky;top:0;background:#fff">${escapeHtml(c)}</th>`).join("");
  const body = spec.rows
    .map((row, i) => {
      const bg = spec.highlight?.[i] ? "#fff7d6" : "";
      const cells = row.map((v) => `<td style="text-align:${typeof v === "number" ? "right" : "left"};padding:2px 8px;font-variant-numeric:tabular-nums">${escapeHtml(formatCell(v, digits))}</td>`).join("");
      return `<tr data-row="${i}" data-bg="${bg}" style="cursor:pointer${bg ? `;background:${bg};font-weight:600` : ""}">${cells}</tr>`;
    })
    .join("");
  const caption = spec.caption ? `<caption style="text-align:left;font-weight:600;padding:2px 8px">${escapeHtml(spec.caption)}</caption>` : "";
  const data = {
    titles: spec.details.map((d) => d.title),
    scenes: spec.details.map((d) => sceneJson(d.scene)),
    figures: spec.details.map((d) => ({ data: d.figure.data, layout: d.figure.layout })),
    config: DEFAULT_CONFIG,
    selected,
  };
  const html =
    (options.plotlyJs ? libraryScript("Plotly", options.plotlyJs) : "") +
    (options.threeDmolJs ? libraryScript("$3Dmol", options.threeDmolJs) : "") +
    `<div id="${id}" class="cw-drilldown" style="font:12px sans-serif">` +
    `<div style="max-height:${options.tableHeight ?? 300}px;overflow:auto;border:1px solid #ddd">` +
    `<table class="cw-table" style="border-collapse:collapse;font:12px sans-serif;width:100%">${caption}<thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>` +
    `<div style="color:#555;margin:4px 0">Click a row to show its crystal and figures.</div>` +
    `<div id="${id}-title" style="font:600 13px sans-serif;margin:6px 0 4px"></div>` +
    `<div style="display:flex;gap:12px;align-items:flex-start">` +
    `<div class="cw-crystal" id="${id}-crystal" style="position:relative;flex:none;width:${size}px;height:${size}px;border:1px solid #ddd"></div>` +
    `<div class="cw-plotly" id="${id}-plot" style="flex:1;min-width:0;height:${height}px"></div></div></div>` +
    `<script type="text/javascript">(function(){var id=${scriptJson(id)};var root=document.getElementById(id);var d=${scriptJson(data)};` +
    `var o={background:"white",vectors:true};${CRYSTAL_DRAW_JS}\n${SELECT_JS}})();</script>`;
  return {
    "text/html": html,
    "text/plain": `<drill-down table: ${n} row${n === 1 ? "" : "s"}${spec.caption ? ` — ${spec.caption}` : ""}>`,
  };
}
