// Copying a run of elements between typed arrays: element by element when the run is short (a subarray view per
// run costs more than the copy below ~32 elements), else through TypedArray.set.
import type { TypedArray } from "@tensorflow/tfjs";

const SHORT = 32;

/** dst[dstAt … dstAt+n) = src[srcAt … srcAt+n). */
export function copyBlock(dst: TypedArray, dstAt: number, src: TypedArray, srcAt: number, n: number): void {
  if (n < SHORT) for (let k = 0; k < n; k++) dst[dstAt + k] = src[srcAt + k]!;
  else dst.set(src.subarray(srcAt, srcAt + n), dstAt);
}
