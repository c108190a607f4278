export * from "./config.js";
export * from "./params.js";
export * from "./graph.js";
export * from "./forward.js";
