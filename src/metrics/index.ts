export * from "./structure-matcher/index.js";
