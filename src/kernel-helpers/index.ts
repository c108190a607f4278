// Notebook glue: rich display in tslab, progress bars, timing, seeding, environment report, and the headless runner.
export * from "./display.js";
export * from "./progress.js";
export * from "./timing.js";
export * from "./session.js";
export * from "./jupyter-setup.js";
export * from "./workbench.js";
export * from "./show.js";
export * from "./browser-check.js";
