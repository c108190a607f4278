// Visualisation: figure specifications as plain data (Plotly traces, crystal scenes) and their rich-output bundles.
export * from "./mime-bundle.js";
export * from "./plotly.js";
export * from "./crystal-scene.js";
export * from "./viewer.js";
export * from "./table-html.js";
export * from "./xrd.js";
export * from "./figures/distributions.js";
export * from "./figures/periodic-table.js";
export * from "./figures/space-groups.js";
export * from "./figures/rdf.js";
export * from "./figures/xrd-figure.js";
export * from "./figures/representations.js";
export * from "./figures/embeddings.js";
export * from "./figures/benchmark-table.js";
export * from "./figures/trajectory.js";
export * from "./figures/guidance-sweep.js";
export * from "./figures/steps-sweep.js";
