export * from "./phase-diagram.js";
