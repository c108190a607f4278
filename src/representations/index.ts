// Representations barrel: one export line per module.
export * from "./batch.js";
