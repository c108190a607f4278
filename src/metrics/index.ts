export * from "./structure-matcher/index.js";
export * from "./fingerprints/index.js";
