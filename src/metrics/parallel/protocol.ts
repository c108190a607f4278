// Messages between the parallel pool and its worker threads, and the shape of a task module.

/**
 * A task: one item (structured-clone data) and a shared context in, one structured-clone result (or a promise of one)
 * out. Tasks should be pure; a task module may keep a per-thread cache (e.g. a loaded model) between calls.
 */
export type ParallelTask = (item: never, context: never) => unknown;

/** A task module: an ES module exporting `tasks`, a map from task name to function (loaded in every worker). */
export interface TaskModule {
  readonly tasks: Readonly<Record<string, ParallelTask>>;
}

/** One chunk of work sent to a worker. `start` is the index of the chunk's first item in the whole run. */
export interface ChunkRequest {
  readonly id: number;
  readonly module: string;
  readonly task: string;
  readonly items: readonly unknown[];
  readonly context: unknown;
  readonly start: number;
}

/** A worker's answer: the results in item order, or the first error with the failing item's index. */
export interface ChunkReply {
  readonly id: number;
  readonly results?: unknown[];
  readonly error?: string;
  readonly index?: number;
}
