// Notebook glue: rich display in tslab, progress bars, timing, seeding and the environment report.
export { NotInKernelError, displayBundle, inKernel } from "./display.js";
export { type ProgressBar, type ProgressTarget, formatDuration, progressBar, progressText } from "./progress.js";
export { timed } from "./timing.js";
export { packageRoot } from "./package-root.js";
export { environmentReport, quickMode, sessionSeed, setSeed } from "./session.js";
export {
  type LiveCurve, type LiveCurveOptions, type ShowOptions, type Showable, curveFigure, initNotebook, liveCurve, show, showBundle,
} from "./show.js";
