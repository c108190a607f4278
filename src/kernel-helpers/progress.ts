import { escapeHtml } from "../viz/mime-bundle.js";
import { displayBundle, inKernel, newDisplayId } from "./display.js";

/** A progress bar for long work; pass `bar.onProgress` to any library function that takes an `onProgress` callback. */
export interface ProgressBar {
  /** Records progress: `done` units of `total` (total may be unknown). */
  readonly onProgress: (done: number, total?: number) => void;
  /** Marks the work finished, with an optional closing message. */
  finish(message?: string): void;
}

/** Where a progress bar draws: a notebook output updated in place, a terminal line on stderr, or nowhere. */
export type ProgressTarget = "auto" | "notebook" | "terminal" | "none";

/** Formats seconds as "12 s", "3 min 04 s" or "1 h 02 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "?";
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(Math.round(seconds % 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** One line of progress text: "label  340/1000 (34 %)  12 s elapsed, ~23 s left". */
export function progressText(label: string, done: number, total: number | undefined, elapsedSeconds: number): string {
  const eta = total && done > 0 ? (elapsedSeconds * (total - done)) / done : NaN;
  const count = total ? `${done}/${total} (${Math.floor((100 * done) / total)} %)` : `${done}`;
  return `${label}  ${count}  ${formatDuration(elapsedSeconds)} elapsed${Number.isFinite(eta) && done < total! ? `, ~${formatDuration(eta)} left` : ""}`;
}

function progressHtml(label: string, done: number, total: number | undefined, elapsed: number, finished?: string): string {
  const pct = total ? Math.min(100, (100 * done) / total) : finished ? 100 : 0;
  const text = finished ?? progressText(label, done, total, elapsed);
  return `<div style="font:12px monospace;max-width:640px"><div style="background:#e5e7eb;border-radius:3px;height:10px;overflow:hidden">` +
    `<div style="background:${finished ? "#16a34a" : "#2563eb"};width:${pct.toFixed(1)}%;height:100%"></div></div>${escapeHtml(text)}</div>`;
}

/**
 * A progress bar that updates in place: in a notebook (display update), on a terminal (one rewritten stderr line; a
 * line every 10 % when stderr is not a TTY), or silently. Redraws at most every `intervalMs` (default 200 ms).
 */
export function progressBar(label: string, options: { total?: number; target?: ProgressTarget; intervalMs?: number } = {}): ProgressBar {
  const target = options.target === "auto" || options.target === undefined ? (inKernel() ? "notebook" : "terminal") : options.target;
  const interval = options.intervalMs ?? 200;
  const start = performance.now();
  const displayId = newDisplayId();
  let total = options.total;
  let done = 0;
  let lastDraw = -Infinity;
  let lastDecile = -1;
  let shown = false;
  const elapsed = () => (performance.now() - start) / 1000;
  const draw = (finished?: string) => {
    if (target === "notebook") {
      displayBundle({ "text/html": progressHtml(label, done, total, elapsed(), finished), "text/plain": finished ?? progressText(label, done, total, elapsed()) }, { displayId, update: shown });
      shown = true;
    } else if (target === "terminal") {
      const line = finished ?? progressText(label, done, total, elapsed());
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${line}${finished ? "\n" : ""}`);
      else {
        const decile = total ? Math.floor((10 * done) / total) : -1;
        if (finished || decile > lastDecile) process.stderr.write(`${line}\n`);
        lastDecile = decile;
      }
    }
  };
  return {
    onProgress(d: number, t?: number) {
      done = d;
      if (t !== undefined) total = t;
      const now = performance.now();
      if (now - lastDraw >= interval || (total !== undefined && done >= total)) {
        lastDraw = now;
        draw();
      }
    },
    finish(message?: string) {
      draw(message ?? `${label}  ${total ?? done} done in ${formatDuration(elapsed())}`);
    },
  };
}
