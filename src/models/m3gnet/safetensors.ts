// Reader of the safetensors format: an 8-byte little-endian header length, a JSON header (name → dtype, shape, byte
// offsets), then the raw little-endian data. Only float32 tensors are needed here.
import { readFileSync } from "node:fs";
import { ModelConfigError } from "../errors.js";

/** One float32 tensor of a safetensors file. */
export interface NamedTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

/**
 * All tensors of a safetensors file, by name.
 * @throws ModelConfigError when the file is truncated, its header is not JSON, or a tensor is not float32.
 */
export function readSafetensors(path: string): Map<string, NamedTensor> {
  const bytes = readFileSync(path);
  if (bytes.length < 8) throw new ModelConfigError(`${path}: not a safetensors file (${bytes.length} bytes)`);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  if (8 + headerLength > bytes.length) throw new ModelConfigError(`${path}: header length ${headerLength} exceeds the file`);
  let header: Record<string, HeaderEntry | Record<string, string>>;
  try {
    header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8")) as typeof header;
  } catch {
    throw new ModelConfigError(`${path}: the safetensors header is not JSON`);
  }
  const start = 8 + headerLength;
  const tensors = new Map<string, NamedTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const { dtype, shape, data_offsets: [from, to] } = entry as HeaderEntry;
    if (dtype !== "F32") throw new ModelConfigError(`${path}: tensor ${name} is ${dtype}, only F32 is supported`);
    const size = shape.reduce((p, d) => p * d, 1);
    if (to - from !== 4 * size || start + to > bytes.length) throw new ModelConfigError(`${path}: tensor ${name} has ${to - from} bytes for shape [${shape}]`);
    const data = new Float32Array(size);
    const view = new DataView(bytes.buffer, bytes.byteOffset + start + from, 4 * size);
    for (let i = 0; i < size; i++) data[i] = view.getFloat32(4 * i, true);
    tensors.set(name, { shape, data });
  }
  return tensors;
}
