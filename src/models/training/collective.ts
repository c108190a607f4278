// The ranks of a data-parallel training run talk through shared memory: a control block (a barrier, an abort flag and
// one agreed integer) and a float32 exchange area. Reductions sum the ranks' slots in rank order on every rank, so every
// rank gets the same bits and can apply the same update to its own replica of the weights. Ranks wait with
// Atomics.waitAsync, so a waiting thread keeps its event loop: rank 0 (the calling thread) still hears a worker that
// died without arriving, and its exit handler can abort the group instead of leaving rank 0 waiting for ever.
import { CrystalError } from "../../crystal/errors.js";

/** Another rank failed (or the run was stopped): the shared barrier was abandoned. */
export class ReplicaAbortedError extends CrystalError {
  override name = "ReplicaAbortedError";
}

/** The shared memory of one group of ranks (structured-clone safe: it is posted to every worker). */
export interface CollectiveMemory {
  readonly ranks: number;
  /** Int32: [arrivals, generation, abort flag, agreed value]. */
  readonly control: SharedArrayBuffer;
  /** Float32 exchange area: `ranks` slots of `slot` floats (also used whole by broadcasts). */
  readonly exchange: SharedArrayBuffer;
  readonly slot: number;
}

/** A rank's view of the ranks training one model together. */
export interface Collective {
  readonly rank: number;
  readonly ranks: number;
  /** The elementwise float32 sum of every rank's `values` (same length on every rank), added in rank order. @throws ReplicaAbortedError */
  allReduce(values: Float32Array): Promise<Float32Array>;
  /** Copies rank 0's `values` into `values` on every other rank. @throws ReplicaAbortedError */
  broadcast(values: Float32Array): Promise<void>;
  /** Rank 0's `value` (an int32) on every rank. @throws ReplicaAbortedError */
  agree(value: number): Promise<number>;
  /** Marks the group aborted and wakes every waiting rank (they throw ReplicaAbortedError). */
  abort(): void;
}

const ARRIVALS = 0, GENERATION = 1, ABORT = 2, AGREED = 3;
/** Waiting ranks look at the abort flag at least this often (ms). */
const POLL_MS = 250;

/** Atomics.waitAsync (ES2024; in Node ≥ 16), typed here because the project's lib is ES2023. */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { async: false; value: string } | { async: true; value: Promise<string> };
}).waitAsync;

/** Shared memory for `ranks` ranks exchanging vectors of up to `floats` values (broadcasts of up to ranks·floats). */
export function collectiveMemory(ranks: number, floats: number): CollectiveMemory {
  return { ranks, control: new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT), exchange: new SharedArrayBuffer(ranks * floats * 4), slot: floats };
}

/** Rank `rank`'s collective over shared memory made by collectiveMemory. */
export function sharedCollective(memory: CollectiveMemory, rank: number): Collective {
  const control = new Int32Array(memory.control);
  const exchange = new Float32Array(memory.exchange);
  const { ranks, slot } = memory;
  const check = () => {
    if (Atomics.load(control, ABORT) !== 0) throw new ReplicaAbortedError("data-parallel training stopped: another rank failed");
  };
  const barrier = async () => {
    check();
    const generation = Atomics.load(control, GENERATION);
    if (Atomics.add(control, ARRIVALS, 1) === ranks - 1) {
      Atomics.store(control, ARRIVALS, 0);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
      return;
    }
    while (Atomics.load(control, GENERATION) === generation) {
      check();
      const wait = waitAsync(control, GENERATION, generation, POLL_MS);
      if (!wait.async) continue;
      // A pending waitAsync does not keep a thread's event loop alive (a worker would just end): a timer does.
      const alive = setTimeout(() => undefined, POLL_MS + 50);
      try {
        await wait.value;
      } finally {
        clearTimeout(alive);
      }
    }
    check();
  };
  const fits = (n: number, capacity: number) => {
    if (n > capacity) throw new RangeError(`collective: ${n} values exceed the exchange area (${capacity})`);
  };
  return {
    rank,
    ranks,
    async allReduce(values) {
      fits(values.length, slot);
      exchange.set(values, rank * slot);
      await barrier();
      // Float32 sums in rank order: the same bits on every rank (a typed-array pass per rank, for speed).
      const sum = exchange.slice(0, values.length);
      for (let r = 1; r < ranks; r++) {
        const part = exchange.subarray(r * slot, r * slot + values.length);
        for (let i = 0; i < part.length; i++) sum[i]! += part[i]!;
      }
      await barrier(); // nobody overwrites its slot before every rank has read all slots
      return sum;
    },
    async broadcast(values) {
      fits(values.length, exchange.length);
      if (rank === 0) exchange.set(values);
      await barrier();
      if (rank !== 0) values.set(exchange.subarray(0, values.length));
      await barrier();
    },
    async agree(value) {
      if (rank === 0) Atomics.store(control, AGREED, value);
      await barrier();
      const agreed = Atomics.load(control, AGREED);
      await barrier();
      return agreed;
    },
    abort() {
      Atomics.store(control, ABORT, 1);
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
    },
  };
}
