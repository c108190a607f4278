export * from "./errors.js";
export * from "./schedule.js";
export * from "./optimizer.js";
export * from "./checkpoint.js";
export * from "./loop.js";
export * from "./state-io.js";
