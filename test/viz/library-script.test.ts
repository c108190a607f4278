// The page side of library loading, in headless Chromium: outputs are appended the way notebook front ends do it
// (attached, then their scripts run). A figure and a viewer shown before their library is on the page wait and say so,
// and draw when a later output brings the library; a second copy of a library is not evaluated again; require.js's
// define neither swallows a library nor stays hidden.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../scripts/notebook-runner/browser-check.js";
import { latticeFromParameters, makeStructure } from "../../src/crystal/index.js";
import { plotlySource, threeDmolSource } from "../../src/kernel-helpers/show.js";
import { crystalScene } from "../../src/viz/crystal-scene.js";
import { plotlyBundle } from "../../src/viz/plotly.js";
import { viewerBundle } from "../../src/viz/viewer.js";

const cscl = crystalScene(makeStructure({ lattice: latticeFromParameters(4.12, 4.12, 4.12, 90, 90, 90), species: [55, 17], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] }));
const figure = (divId: string, plotlyJs?: string) =>
  plotlyBundle({ data: [{ type: "scatter", x: [1, 2, 3], y: [3, 1, 2] }], layout: { height: 300 } }, { divId, ...(plotlyJs ? { plotlyJs } : {}) })["text/html"] as string;
const viewer = (threeDmolJs?: string) => viewerBundle(cscl, threeDmolJs ? { threeDmolJs } : {})["text/html"] as string;

// Page-side code as strings (the tests are compiled without the DOM library).
const APPEND = `(html) => { const out = document.createElement("div"); out.innerHTML = html; document.body.appendChild(out);
  for (const old of [...out.querySelectorAll("script")]) { const s = document.createElement("script"); s.text = old.text; old.replaceWith(s); } }`;
const STATE = `({
  plots: [...document.querySelectorAll(".cw-plotly")].map((el) => [el.id, el.classList.contains("js-plotly-plot") && !!el.querySelector(".main-svg"), el.textContent.startsWith("waiting for plotly.js")]),
  viewers: [...document.querySelectorAll(".cw-crystal")].map((el) => [el.getAttribute("data-rendered") === "1" && !!el.querySelector("canvas"), el.textContent.startsWith("waiting for 3Dmol.js")]),
})`;

describe("library scripts in a page", () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const append = (html: string) => page.evaluate(`(${APPEND})(${JSON.stringify(html)})`);
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    // A require.js-like AMD loader, as classic Notebook has: an anonymous define() would swallow the libraries.
    await page.setContent(`<html><body><script>window.define = function () { window.swallowed = true; }; window.define.amd = {};</script></body></html>`);
  });
  afterAll(() => browser?.close());

  it("waits for a library that arrives in a later output, then draws; does not evaluate it twice", async () => {
    await append(figure("early"));
    await append(viewer());
    expect(await page.evaluate(STATE)).toEqual({ plots: [["early", false, true]], viewers: [[false, true]] });

    await append(figure("carrier", plotlySource()));
    await append(viewer(threeDmolSource()));
    await page.waitForFunction(`document.querySelectorAll(".cw-plotly .main-svg").length >= 2 && document.querySelectorAll(".cw-crystal[data-rendered='1']").length === 2`);
    expect(await page.evaluate(STATE)).toEqual({ plots: [["early", true, false], ["carrier", true, false]], viewers: [[true, false], [true, false]] });
    expect(await page.evaluate(`[typeof window.define.amd, window.swallowed === true]`)).toEqual(["object", false]);

    // A restarted kernel or a re-run cell sends the library again: the page keeps its instance and the new figure draws.
    await page.evaluate(`window.Plotly.cwMark = 1; window.$3Dmol.cwMark = 1`);
    await append(figure("again", plotlySource()));
    await append(viewer(threeDmolSource()));
    await page.waitForFunction(`document.querySelectorAll(".cw-plotly .main-svg").length >= 3 && document.querySelectorAll(".cw-crystal[data-rendered='1']").length === 3`);
    expect(await page.evaluate(`[window.Plotly.cwMark, window.$3Dmol.cwMark]`)).toEqual([1, 1]);
    expect(errors).toEqual([]);
  }, 60_000);
});
