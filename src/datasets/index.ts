// Datasets: the CDVAE/DiffCSP benchmark CSVs and the bundled prototypes set, read into Structure[] + arquero tables.
export * from "./errors.js";
export * from "./csv.js";
export * from "./registry.js";
export * from "./paths.js";
export * from "./download.js";
export * from "./structures-csv.js";
export * from "./load.js";
export * from "./export.js";
