// Opens an exported notebook HTML in headless Chromium and checks what a researcher would see: every Plotly figure
// and every 3-D crystal view actually drew something, and no JavaScript error appeared. Saves a full-page screenshot.
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { decodePng, distinctColors } from "crystal-workbench/viz";

/** Debian's Chromium (platform-notes §1.1). */
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** Flags for headless Chromium here: no sandbox (root), software WebGL (SwiftShader), no background networking. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader", "--use-angle=swiftshader",
] as const;

/** One figure or viewer found on the page. */
export interface RenderedElement {
  /** "plotly" or "crystal". */
  readonly kind: "plotly" | "crystal";
  /** The element's id. */
  readonly id: string;
  /** Whether the library finished drawing into it (Plotly's js-plotly-plot class / our data-rendered flag). */
  readonly drawn: boolean;
  /** Rendered trace nodes (SVG trace groups, heat-map images) or WebGL canvases inside the element. */
  readonly nodes: number;
  /** Distinct colours (4-bit quantised) in a screenshot of the element: a blank plot has only a handful. */
  readonly colors: number;
  /** Distinct non-grey colours (channel spread ≥ 24): a blank plot (axes, grid, text) has none, any coloured trace some. */
  readonly chromaticColors: number;
}

// Page-side code as strings (this module is compiled without the DOM library).
const ALL_DRAWN = `[...document.querySelectorAll(".cw-plotly")].every((el) => el.classList.contains("js-plotly-plot")) &&
  [...document.querySelectorAll(".cw-crystal")].every((el) => el.getAttribute("data-rendered") === "1")`;
const FIGURES = `[...document.querySelectorAll(".cw-plotly, .cw-crystal")].map((el) => ({
  kind: el.classList.contains("cw-plotly") ? "plotly" : "crystal",
  id: el.id,
  drawn: el.classList.contains("js-plotly-plot") || el.getAttribute("data-rendered") === "1",
  nodes: el.querySelectorAll("g.trace, g.points path, .heatmaplayer image, .gl-container canvas, canvas").length,
}))`;

/** Result of checking one page. */
export interface BrowserCheckResult {
  readonly file: string;
  readonly elements: RenderedElement[];
  /** console.error messages and uncaught exceptions. */
  readonly errors: string[];
  /** Full-page screenshot path, when one was asked for. */
  readonly screenshot?: string;
}

/** Options of checkNotebookHtml. */
export interface BrowserCheckOptions {
  /** Chromium executable (default /usr/bin/chromium). */
  executablePath?: string;
  /** Write a full-page PNG here. */
  screenshot?: string;
  /** Time to wait for every figure and viewer to draw (ms), default 60 000. */
  timeoutMs?: number;
  /** Viewport width (CSS px), default 1200. */
  width?: number;
}

/** Thrown when Chromium or playwright-core is not available. */
export class BrowserUnavailableError extends Error {
  override name = "BrowserUnavailableError";
}

/** True when the browser check can run (Chromium present). */
export function browserAvailable(executablePath = DEFAULT_CHROMIUM): boolean {
  return existsSync(executablePath);
}

/** Starts headless Chromium (default /usr/bin/chromium) with CHROMIUM_FLAGS; BrowserUnavailableError when it or playwright-core is missing. */
export async function launchChromium(executablePath = DEFAULT_CHROMIUM): Promise<Browser> {
  if (!existsSync(executablePath)) throw new BrowserUnavailableError(`Chromium not found at ${executablePath} (apt-get install chromium)`);
  let chromium: typeof import("playwright-core").chromium;
  try {
    ({ chromium } = await import("playwright-core"));
  } catch (e) {
    throw new BrowserUnavailableError(`playwright-core is not installed (a dev dependency): ${e instanceof Error ? e.message : String(e)}`);
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_FLAGS], headless: true });
}

/**
 * Loads an HTML file in headless Chromium (offline, file://), waits until every Plotly figure (`.cw-plotly`) and every
 * crystal viewer (`.cw-crystal`) has drawn or the timeout passes, screenshots each element to count its colours, and
 * collects console errors and uncaught exceptions. Optionally writes a full-page screenshot.
 */
export async function checkNotebookHtml(file: string, options: BrowserCheckOptions = {}): Promise<BrowserCheckResult> {
  const browser = await launchChromium(options.executablePath);
  try {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1200, height: 900 } });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
    const timeout = options.timeoutMs ?? 60_000;
    // A page with dozens of 3-D viewers can take longer than the browser's default 30 s to load on a busy machine.
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 4 * timeout });
    await page
      .waitForFunction(ALL_DRAWN, undefined, { timeout, polling: 250 })
      .catch(() => undefined); // elements still undrawn are reported below
    await page.waitForTimeout(1000); // let WebGL finish its first frames
    const found = (await page.evaluate(FIGURES)) as Omit<RenderedElement, "colors">[];
    const elements: RenderedElement[] = [];
    for (const f of found) {
      const handle = await page.$(`[id="${f.id}"]`);
      let colors = 0;
      let chromaticColors = 0;
      if (handle) {
        await handle.scrollIntoViewIfNeeded();
        const image = decodePng(await handle.screenshot({ type: "png" }));
        colors = distinctColors(image);
        chromaticColors = distinctColors(image, 24);
      }
      elements.push({ ...f, colors, chromaticColors });
    }
    if (options.screenshot) await page.screenshot({ path: options.screenshot, fullPage: true, type: "png" });
    return { file, elements, errors, ...(options.screenshot ? { screenshot: options.screenshot } : {}) };
  } finally {
    await browser.close();
  }
}
