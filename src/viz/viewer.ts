// Interactive 3-D crystal views: scenes drawn with 3Dmol.js sphere/cylinder/line primitives inside one HTML output,
// several crystals side by side in a grid. Works live in Jupyter and offline in exported HTML (library inlined once per
// page, see library-script.ts).
import type { CrystalScene } from "./crystal-scene.js";
import { awaitLibrary, libraryScript } from "./library-script.js";
import { type MimeBundle, escapeHtml, scriptJson } from "./mime-bundle.js";
import { freshDivId } from "./plotly.js";

/** What the first viewer says while 3Dmol.js is not on the page yet. */
const WAITING = "waiting for 3Dmol.js: run a cell that shows a crystal, or initNotebook()";

/** Options of viewerBundle. */
export interface ViewerOptions {
  /** Viewers per row (default: min(number of scenes, 3)). */
  columns?: number;
  /** Size of each viewer (CSS px), default 320 × 320. */
  width?: number;
  height?: number;
  /** Title above each viewer. */
  titles?: readonly string[];
  /** Source of 3Dmol-min.js to inline first (the first viewer of a session); omit when already loaded. */
  threeDmolJs?: string;
  /** Draw the lattice vectors a, b, c as arrows (default true). */
  latticeVectors?: boolean;
  /** Background colour (default white). */
  background?: string;
}

/** Compact JSON form of a scene for the page (rounded to 10⁻⁴ Å to keep outputs small), as CRYSTAL_DRAW_JS reads it. */
export function sceneJson(scene: CrystalScene): unknown {
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  const p = (v: readonly number[]) => v.map(r);
  return {
    atoms: scene.atoms.map((a) => [p(a.position), a.color, r(a.radius), a.label, a.opacity]),
    bonds: scene.bonds.map((b) => [b.from, b.to]),
    edges: scene.cellEdges.map(([s, e]) => [p(s), p(e)]),
    vectors: scene.latticeVectors.map((v) => [v.label, p(v.vector)]),
    markers: scene.markers.map((m) => [p(m.position), m.color, r(m.radius), m.label]),
  };
}

/**
 * The page-side drawing code (plain ES5 so it runs in any notebook front end): `cwDrawCrystal(el, scene, options)`
 * creates a 3Dmol viewer in `el`, draws a sceneJson scene, marks `el` data-rendered="1" and returns the viewer;
 * `cwFillCrystal(viewer, scene, options)` draws a scene into an existing (cleared) viewer. Bonds are two half-cylinders
 * in the colours of their atoms; hovering an atom shows its label. Options: {background, vectors}.
 */
export const CRYSTAL_DRAW_JS = `function cwFillCrystal(v,s,o){
function P(a){return {x:a[0],y:a[1],z:a[2]};}
s.atoms.forEach(function(a){v.addSphere({center:P(a[0]),radius:a[2],color:a[1],opacity:a[4],hoverable:true,
 hover_callback:function(sh,vw){if(!sh.cwLabel)sh.cwLabel=vw.addLabel(a[3],{position:P(a[0]),backgroundColor:"#333",backgroundOpacity:0.85,fontColor:"white",fontSize:12});},
 unhover_callback:function(sh,vw){if(sh.cwLabel){vw.removeLabel(sh.cwLabel);delete sh.cwLabel;}}});});
s.bonds.forEach(function(b){var A=s.atoms[b[0]],B=s.atoms[b[1]];var m=[(A[0][0]+B[0][0])/2,(A[0][1]+B[0][1])/2,(A[0][2]+B[0][2])/2];
 var op=Math.min(A[4],B[4]);
 v.addCylinder({start:P(A[0]),end:P(m),radius:0.12,color:A[1],opacity:op,fromCap:1});v.addCylinder({start:P(m),end:P(B[0]),radius:0.12,color:B[1],opacity:op,toCap:1});});
s.edges.forEach(function(e){v.addLine({start:P(e[0]),end:P(e[1]),color:"#444444",linewidth:1.5});});
s.markers.forEach(function(m){v.addSphere({center:P(m[0]),radius:m[2],color:m[1]});if(m[3])v.addLabel(m[3],{position:P(m[0]),fontSize:10,backgroundOpacity:0.6,backgroundColor:m[1]});});
if(o.vectors){var cols={a:"#d62728",b:"#2ca02c",c:"#1f77b4"};s.vectors.forEach(function(w){
 v.addArrow({start:{x:0,y:0,z:0},end:P(w[1]),radius:0.06,color:cols[w[0]],mid:0.9});
 v.addLabel(w[0],{position:P(w[1]),fontColor:cols[w[0]],backgroundOpacity:0,fontSize:14,inFront:true});});}
v.zoomTo();v.render();}
function cwDrawCrystal(el,s,o){
var v=window.$3Dmol.createViewer(el,{backgroundColor:o.background});cwFillCrystal(v,s,o);el.setAttribute("data-rendered","1");return v;}`;

/**
 * The MIME bundle of one or more crystal scenes: `text/html` with a grid of 3Dmol viewers (hover an atom for its
 * label; drag to rotate, scroll to zoom) and `text/plain` summarising the scenes. The viewers draw once window.$3Dmol
 * exists (until then the first one says it is waiting); with `threeDmolJs`, the library is inlined first (libraryScript).
 */
export function viewerBundle(scenes: CrystalScene | readonly CrystalScene[], options: ViewerOptions = {}): MimeBundle {
  const list = Array.isArray(scenes) ? (scenes as readonly CrystalScene[]) : [scenes as CrystalScene];
  const columns = Math.max(1, options.columns ?? Math.min(list.length, 3));
  const width = options.width ?? 320;
  const height = options.height ?? 320;
  const id = freshDivId("crystal");
  const cells = list
    .map((scene, i) => {
      const title = options.titles?.[i];
      const legend = scene.legend.map((l) => `<span style="display:inline-block;margin-right:8px"><span style="display:inline-block;width:10px;height:10px;border-radius:5px;background:${escapeHtml(l.color)};border:1px solid #888;margin-right:3px"></span>${escapeHtml(l.text)}</span>`).join("");
      return `<figure style="margin:0;width:${width}px">` +
        (title ? `<figcaption style="font:600 13px sans-serif;margin-bottom:2px">${escapeHtml(title)}</figcaption>` : "") +
        `<div class="cw-crystal" id="${id}-${i}" style="position:relative;width:${width}px;height:${height}px;border:1px solid #ddd"></div>` +
        `<div style="font:11px sans-serif;color:#444;margin-top:2px">${legend}<br>${escapeHtml(scene.caption)}</div></figure>`;
    })
    .join("");
  const drawOptions = { background: options.background ?? "white", vectors: options.latticeVectors ?? true };
  const html =
    (options.threeDmolJs ? libraryScript("$3Dmol", options.threeDmolJs) : "") +
    `<div id="${id}" style="display:grid;grid-template-columns:repeat(${columns},${width}px);gap:12px">${cells}</div>` +
    `<script type="text/javascript">(function(){var scenes=${scriptJson(list.map(sceneJson))};var o=${scriptJson(drawOptions)};var tries=0;${CRYSTAL_DRAW_JS}` +
    // The output may be attached to the page after its scripts ran (classic Notebook): look for it for up to 10 s.
    `function go(){var el=document.getElementById(${scriptJson(id)}+"-0");if(!el){if(tries++<200)setTimeout(go,50);return;}` +
    awaitLibrary("$3Dmol", "go", WAITING) +
    `scenes.forEach(function(s,i){var v=document.getElementById(${scriptJson(id)}+"-"+i);if(v)cwDrawCrystal(v,s,o);});}go();})();</script>`;
  const text = list.map((s, i) => `${options.titles?.[i] ?? `crystal ${i + 1}`}: ${s.caption}`).join("\n");
  return { "text/html": html, "text/plain": `<crystal viewer: ${list.length} scene${list.length === 1 ? "" : "s"}>\n${text}` };
}
