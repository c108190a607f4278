export * from "./magpie.js";
