export * from "./construct.js";
export * from "./smact.js";
export * from "./structure-validity.js";
export * from "./crystal-record.js";
export * from "./records.js";
export * from "./parallel-records.js";
