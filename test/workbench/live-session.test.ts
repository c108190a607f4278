// A live session end to end, as a user gets it from `npm run notebook`: the command's script serves a scratch folder (a
// copy of notebook 01 and fixtures/live-session.ipynb) on a free port, and headless Chromium drives the Notebook UI
// (menus, Shift+Enter, the restart dialog). Checks: notebook 01 runs with every figure, viewer and table drawn; in the
// scratch notebook a figure and a viewer draw, a progress bar and a live curve update in place, an error shows its
// message and the next cell still runs in the same kernel; a second tab on the same kernel and a restarted kernel get
// plotly.js and 3Dmol.js again; Ctrl-C (SIGINT) stops the server and every kernel it started.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { launchChromium } from "../../scripts/notebook-runner/browser-check.js";
import { type ProcessId, descendants, stillRunning } from "./process-tree.js";

const root = join(import.meta.dirname, "..", "..");
const WAIT = { timeout: 120_000, polling: 200 };

// Page-side code as strings (the tests are compiled without the DOM library). `Jupyter` is the Notebook's page object.
const KERNEL_IDLE = `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() &&
  document.querySelector("#kernel_indicator_icon.kernel_idle_icon"))`;
const prompt = (cell: number) => `Jupyter.notebook.get_cell(${cell}).input_prompt_number`;
const outputText = (cell: number) => `Jupyter.notebook.get_cells().at(${cell}).output_area.element[0].innerText`;
// Figures and viewers that drew: a Plotly root with its SVG, a 3Dmol canvas with a non-zero size.
const DRAWN = `({
  plots: [...document.querySelectorAll(".cw-plotly.js-plotly-plot")].filter((el) => el.querySelector(".main-svg")).length,
  viewers: [...document.querySelectorAll(".cw-crystal[data-rendered='1']")].filter((el) => [...el.querySelectorAll("canvas")].some((c) => c.width > 0 && c.height > 0)).length,
  tables: document.querySelectorAll(".output_html table.cw-table").length,
})`;
// Outputs of a cell as the notebook saves them: [output type, length of its text/html or text].
const outputs = (cell: number) =>
  `Jupyter.notebook.get_cell(${cell}).output_area.outputs.map((o) => [o.output_type, String((o.data && o.data["text/html"]) || o.text || "").length])`;

const ONE_EACH = { plots: 1, viewers: 1, tables: 1 };

// Waits until the page shows `expected` drawn figures, viewers and tables; on timeout the comparison shows what drew.
async function drawn(page: Page, expected: { plots: number; viewers: number; tables: number }): Promise<void> {
  await page.waitForFunction(`JSON.stringify(${DRAWN}) === ${JSON.stringify(JSON.stringify(expected))}`, undefined, WAIT).catch(() => undefined);
  expect(await page.evaluate(DRAWN)).toEqual(expected);
}

async function openNotebook(browser: Browser, url: URL, name: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${url.origin}/notebooks/${name}?token=${url.searchParams.get("token")}`);
  await page.waitForFunction(KERNEL_IDLE, undefined, WAIT);
  return page;
}

// Selects a cell by clicking into its editor and starts it with Shift+Enter (which marks it running at once).
async function startCell(page: Page, cell: number): Promise<void> {
  await page.locator(".cell").nth(cell).locator(".CodeMirror").click();
  await page.keyboard.press("Shift+Enter");
}

// Runs a cell and waits for the kernel's reply: its execution count, or undefined when the kernel cancelled the request.
async function executeCell(page: Page, cell: number): Promise<unknown> {
  await startCell(page, cell);
  await page.waitForFunction(`!Jupyter.notebook.get_cell(${cell}).element.hasClass("running")`, undefined, WAIT);
  return page.evaluate(prompt(cell));
}

async function runCell(page: Page, cell: number): Promise<void> {
  expect(await executeCell(page, cell), `cell ${cell}: execution count`).toBeTypeOf("number");
}

// Starts `node scripts/notebook.mjs` (what `npm run notebook` runs after the build) and reads the URL it prints.
async function startCommand(dir: string): Promise<{ command: ChildProcess; url: URL }> {
  const command = spawn(process.execPath, [join(root, "scripts", "notebook.mjs"), "--port", "0", "--ui", "notebook", "--dir", dir], {
    cwd: root, env: { ...process.env, WORKBENCH_QUICK: "1" }, stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  createInterface({ input: command.stderr! }).on("line", (line) => log.push(line));
  const url = await new Promise<URL>((found, failed) => {
    createInterface({ input: command.stdout! }).on("line", (line) => {
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(line);
      if (match) found(new URL(match[0]));
    });
    command.on("exit", (code) => failed(new Error(`npm run notebook exited (${code}) before printing a URL:\n${log.join("\n")}`)));
  });
  return { command, url };
}

describe("npm run notebook: a live session in a browser", () => {
  it("draws figures, viewers and tables live, updates progress in place, survives a cell error, re-sends the libraries to a second tab and after a restart, and stops cleanly", async () => {
    const dir = join(root, `.scratch-live-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    // Notebook 01 plus a last cell printing a sentinel: its output arrives after every earlier output (one ordered
    // channel), while execution counts travel on another and may overtake large figures.
    const tutorialJson = JSON.parse(readFileSync(join(root, "notebooks", "01-representations.ipynb"), "utf8")) as { cells: object[] };
    tutorialJson.cells.push({ cell_type: "code", execution_count: null, id: "sentinel", metadata: {}, outputs: [], source: ['console.log("run all: done")'] });
    writeFileSync(join(dir, "01-representations.ipynb"), JSON.stringify(tutorialJson));
    copyFileSync(join(import.meta.dirname, "fixtures", "live-session.ipynb"), join(dir, "scratch.ipynb"));
    const started = new Map<string, ProcessId>();
    const record = (pid: number) => descendants(pid).forEach((p) => started.set(`${p.pid}:${p.start}`, p));
    let command: ChildProcess | undefined;
    let browser: Browser | undefined;
    try {
      const session = await startCommand(dir);
      command = session.command;
      browser = await launchChromium();

      // Notebook 01, Cell → Run All: every figure, viewer and table of the tutorial draws.
      const tutorial = await openNotebook(browser, session.url, "01-representations.ipynb");
      await tutorial.click("#celllink");
      await tutorial.click("#run_all_cells > a");
      const codeCells = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code")`;
      await tutorial.waitForFunction(`${outputText(-1)}.includes("run all: done") || !!document.querySelector(".output_stderr, .output_error")`, undefined, WAIT);
      expect(await tutorial.evaluate(`[...document.querySelectorAll(".output_stderr, .output_error")].map((e) => e.innerText)`)).toEqual([]);
      const expected = await tutorial.evaluate(`(() => { const html = ${codeCells}.flatMap((c) => c.output_area.outputs).map((o) => (o.data && o.data["text/html"]) || "").join("");
        return { plots: (html.match(/class="cw-plotly"/g) || []).length, viewers: (html.match(/class="cw-crystal"/g) || []).length, tables: (html.match(/class="cw-table"/g) || []).length }; })()`) as { plots: number; viewers: number; tables: number };
      expect(expected.plots).toBeGreaterThanOrEqual(3);
      expect(expected.viewers).toBeGreaterThanOrEqual(4);
      expect(expected.tables).toBeGreaterThanOrEqual(5);
      await drawn(tutorial, expected);
      record(command.pid!);

      // The scratch notebook, cell by cell with Shift+Enter.
      const tabA = await openNotebook(browser, session.url, "scratch.ipynb");
      await runCell(tabA, 0);
      await runCell(tabA, 1);
      await drawn(tabA, ONE_EACH);

      // Progress bar and live curve: the cell advances one step each time the test creates step-N; both outputs are
      // updated in place (still one bar and one curve) and change between two observations.
      await startCell(tabA, 2);
      const observe = async (step: number) => {
        writeFileSync(join(dir, `step-${step}`), "");
        await tabA.waitForFunction(`/training\\s+${step}\\/3/.test(${outputText(2)}) &&
          (Jupyter.notebook.get_cell(2).output_area.element.find(".js-plotly-plot")[0] || {}).data?.[0]?.x.length === ${step}`, undefined, WAIT);
        return { text: (await tabA.evaluate(outputText(2))) as string, outputs: await tabA.evaluate(outputs(2)) };
      };
      const first = await observe(1);
      const second = await observe(2);
      expect(second.text).not.toBe(first.text);
      expect(first.text).toMatch(/training\s+1\/3 \(33 %\)/);
      expect(second.text).toMatch(/training\s+2\/3 \(66 %\)/);
      expect((second.outputs as unknown[]).length).toBe(2); // the bar and the curve, each replaced in place
      writeFileSync(join(dir, "step-3"), "");
      await tabA.waitForFunction(`${outputText(2)}.includes("training done")`, undefined, WAIT);

      // An error shows its message; the kernel survives with its state.
      await runCell(tabA, 3);
      await tabA.waitForFunction(`${outputText(3)}.includes("deliberate live failure")`, undefined, WAIT);
      // tslab cancels every request that reaches it within 200 ms of a failed cell (its stop-on-error, which ends a
      // Run All), so a quick Shift+Enter may be cancelled: run the cell again, as a user would, until it executes.
      let count: unknown;
      for (let attempt = 0; attempt < 100 && typeof count !== "number"; attempt++) count = await executeCell(tabA, 4);
      expect(count, "cell 4, after the failed cell: execution count").toBeTypeOf("number");
      await tabA.waitForFunction(`${outputText(4)}.includes("after the error: kernel state kept")`, undefined, WAIT);
      record(command.pid!);

      // A second tab on the same kernel starts without the libraries: its figure and viewer must bring them.
      const tabB = await openNotebook(browser, session.url, "scratch.ipynb");
      await runCell(tabB, 1);
      await drawn(tabB, ONE_EACH);

      // Kernel → Restart: a fresh kernel (execution count 1) sends both libraries again with the first figure and viewer.
      await tabB.evaluate(`window.cwReady = false; Jupyter.notebook.events.one("kernel_ready.Kernel", () => { window.cwReady = true; })`);
      await tabB.click("#kernellink");
      await tabB.click("#restart_kernel > a");
      await tabB.click(".modal-footer button.btn-danger");
      await tabB.waitForFunction(`window.cwReady === true && ${KERNEL_IDLE}`, undefined, WAIT);
      await runCell(tabB, 0);
      expect(await tabB.evaluate(prompt(0))).toBe(1);
      await runCell(tabB, 1);
      await tabB.waitForFunction(`${outputs(1)}.length === 3`, undefined, WAIT);
      await drawn(tabB, ONE_EACH);
      const [figure, viewer] = (await tabB.evaluate(outputs(1))) as [string, number][];
      expect(figure![1]).toBeGreaterThan(3_000_000); // plotly.min.js is ~4.8 MB
      expect(viewer![1]).toBeGreaterThan(400_000); // 3Dmol-min.js is ~540 kB
      record(command.pid!);
      expect(started.size).toBeGreaterThanOrEqual(4); // the server, notebook 01's kernel, the scratch kernel before and after the restart

      // Ctrl-C: the command stops the server, which shuts its kernels down; nothing it started keeps running.
      await browser.close();
      browser = undefined;
      const exit = once(command, "exit");
      command.kill("SIGINT");
      expect((await exit)[0]).toBe(0);
      expect(stillRunning(started.values())).toEqual([]);
    } finally {
      // After a failure: stop the command as Ctrl-C would, then kill whatever it started that still runs.
      await browser?.close();
      if (command && command.exitCode === null && command.signalCode === null) {
        record(command.pid!);
        const exit = once(command, "exit");
        command.kill("SIGINT");
        await Promise.race([exit, new Promise((done) => setTimeout(done, 30_000))]);
        command.kill("SIGKILL");
      }
      for (const p of stillRunning(started.values())) process.kill(p.pid, "SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
