// Checkpoint files: named float32 arrays in one little-endian binary file plus a JSON manifest, written atomically
// (each file goes to a temporary name, is flushed, then renamed; the JSON, written last, holds a checksum of the binary).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { fnv1a32 } from "../../util/fnv1a.js";
import { ModelConfigError } from "../errors.js";

/** Layout of one array inside a binary file. */
export interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in float32 elements. */
  offset: number;
}

/** The manifest of a binary file of arrays. */
export interface ArrayFileManifest {
  file: string;
  entries: TensorEntry[];
  /** FNV-1a 32-bit hash of the file bytes (hex). */
  checksum: string;
  bytes: number;
}

/** FNV-1a 32-bit hash of bytes, as 8 hex digits. */
export function fnv1a(bytes: Uint8Array): string {
  return fnv1a32(bytes).toString(16).padStart(8, "0");
}

/** Writes bytes to path atomically (temporary file, fsync, rename). */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** Writes named arrays into dir/file atomically and returns their manifest. */
export function writeArrays(dir: string, file: string, arrays: Iterable<[string, { shape: number[]; values: Float32Array }]>): ArrayFileManifest {
  mkdirSync(dir, { recursive: true });
  const entries: TensorEntry[] = [];
  const parts: Float32Array[] = [];
  let offset = 0;
  for (const [name, { shape, values }] of arrays) {
    entries.push({ name, shape, offset });
    parts.push(values);
    offset += values.length;
  }
  const all = new Float32Array(offset);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  const bytes = new Uint8Array(all.buffer);
  writeFileAtomic(join(dir, file), bytes);
  return { file, entries, checksum: fnv1a(bytes), bytes: bytes.length };
}

/** Reads arrays written by writeArrays, verifying size and checksum; throws ModelConfigError naming the file otherwise. */
export function readArrays(dir: string, m: ArrayFileManifest): Map<string, Float32Array> {
  const path = join(dir, m.file);
  if (!existsSync(path)) throw new ModelConfigError(`checkpoint ${dir}: ${m.file} is missing`);
  const buf = readFileSync(path);
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length !== m.bytes || fnv1a(bytes) !== m.checksum)
    throw new ModelConfigError(`checkpoint ${dir}: ${m.file} is corrupt or does not belong to this config.json (size or checksum differs)`);
  const all = new Float32Array(bytes.slice().buffer);
  const out = new Map<string, Float32Array>();
  for (const e of m.entries) out.set(e.name, all.slice(e.offset, e.offset + e.shape.reduce((a, b) => a * b, 1)));
  return out;
}

/** Reads and parses dir/config.json; throws ModelConfigError when missing or not JSON. */
export function readCheckpointJson<T>(dir: string, file = "config.json"): T {
  const path = join(dir, file);
  if (!existsSync(path)) throw new ModelConfigError(`checkpoint ${dir}: no ${file} (is this a model checkpoint directory?)`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new ModelConfigError(`checkpoint ${dir}: ${file} is not valid JSON (${(e as Error).message})`);
  }
}
