export * from "./schedules.js";
export * from "./diffcsp.js";
