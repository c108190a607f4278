// Generic worker-thread pool for pure per-item tasks (matcher, fingerprints, …).
export * from "./protocol.js";
export * from "./pool.js";
