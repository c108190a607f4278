export * from "./flowmm.js";
