export * from "./formula.js";
export * from "./phase-diagram.js";
