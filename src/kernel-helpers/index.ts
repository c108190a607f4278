// Notebook glue: rich display in tslab, progress bars, timing, seeding and the environment report.
export * from "./display.js";
export * from "./progress.js";
export * from "./timing.js";
export * from "./session.js";
export * from "./show.js";
