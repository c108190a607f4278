export * from "./errors.js";
export * from "./voronoi.js";
export * from "./crystal-nn.js";
export * from "./order-parameters.js";
export * from "./structure-fingerprint.js";
