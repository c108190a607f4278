// Worker-thread side of data-parallel training: rebuilds the model from its config through the registry and repeats the
// training call as a replica rank (the shared loop finds its collective), then reports its memory or its error.
// Must be loaded from the built file (dist/models/training/replica-worker.js): run `npm run build` first.
import { getHeapStatistics } from "node:v8";
import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { TrainingDivergedError } from "../errors.js";
import { initBackend } from "../backend/index.js";
import { modelFamily } from "../registry.js";
import { type ReplicaMessage, type ReplicaStart, enterReplica } from "./data-parallel.js";

const start = workerData as ReplicaStart;
const post = (m: ReplicaMessage) => parentPort!.postMessage(m);
const collective = enterReplica(start.memory, start.rank, () => post({ type: "ready" }));
try {
  await initBackend();
  const model = modelFamily(start.family).fromConfig(start.config);
  try {
    await model.train(start.data, start.options);
    post({ type: "done", memory: { rank: start.rank, heapBytes: getHeapStatistics().used_heap_size, tensorBytes: tf.memory().numBytes } });
  } finally {
    model.dispose();
  }
} catch (e) {
  const err = e instanceof Error ? e : new Error(String(e));
  if (!(e instanceof TrainingDivergedError)) collective.abort(); // every rank diverges at the same step: nobody waits
  post({ type: "error", name: err.name, message: err.message, ...(e instanceof TrainingDivergedError ? { diverged: { step: e.step, batch: [...e.batch], what: e.what } } : {}) });
}
