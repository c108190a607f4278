// Copying a run of elements between two tensors of the wasm heap: element by element when the run is short, else by
// memmove (Uint8Array.copyWithin on the heap), about twice as fast as TypedArray.set of a subarray view per run.
import type { TypedArray } from "@tensorflow/tfjs";

const SHORT = 8;
let heap: ArrayBufferLike | null = null;
let heapBytes: Uint8Array = new Uint8Array(0);

/** dst[dstAt … dstAt+n) = src[srcAt … srcAt+n), for dst and src of one element type viewing one buffer (the wasm heap). */
export function copyBlock(dst: TypedArray, dstAt: number, src: TypedArray, srcAt: number, n: number): void {
  if (n < SHORT) {
    for (let k = 0; k < n; k++) dst[dstAt + k] = src[srcAt + k]!;
    return;
  }
  if (heap !== dst.buffer) {
    heap = dst.buffer;
    heapBytes = new Uint8Array(heap);
  }
  const b = dst.BYTES_PER_ELEMENT;
  const from = src.byteOffset + srcAt * b;
  heapBytes.copyWithin(dst.byteOffset + dstAt * b, from, from + n * b);
}
