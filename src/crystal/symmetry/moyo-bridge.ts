// The one bridge to @spglib/moyo-wasm. moyo-wasm is a wasm-bindgen `--target web` build whose async init() tries
// to fetch a file: URL (fails in Node), so it is initialised synchronously from the .wasm bytes, once, on first use.
// No top-level await: tslab loads our ESM through require(esm), which rejects async module graphs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as moyo from "@spglib/moyo-wasm";
import { SymmetryError } from "./errors.js";

let initialised = false;

/**
 * Initialises moyo-wasm synchronously (10–25 ms, once; later calls return at once). Every symmetry function calls it
 * lazily, so calling it yourself is optional. `wasm` lets a non-Node host pass the `moyo_wasm_bg.wasm` bytes;
 * in Node the bytes are read from the installed package.
 */
export function initSymmetry(wasm?: Uint8Array | ArrayBuffer): void {
  if (initialised) return;
  const module = wasm ?? readFileSync(createRequire(import.meta.url).resolve("@spglib/moyo-wasm/moyo_wasm_bg.wasm"));
  moyo.initSync({ module });
  initialised = true;
}

/** The initialised moyo-wasm module (internal to src/crystal/symmetry). */
export function moyoModule(): typeof moyo {
  initSymmetry();
  return moyo;
}

/** Runs a moyo call and turns the strings moyo throws into a SymmetryError that says what was being done. */
export function callMoyo<T>(what: string, f: (m: typeof moyo) => T): T {
  const m = moyoModule();
  try {
    return f(m);
  } catch (e) {
    const message = typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
    const hint = /PrimitiveSymmetrySearchError/.test(message) ? " (atoms closer than symprec, or symprec too large for this cell)" : "";
    throw new SymmetryError(what, message + hint);
  }
}

/**
 * nalgebra matrices (moyo's Rust side) serialise column-major; returns the row-major copy of 9 numbers.
 * Lattice bases are the exception that needs no transpose: moyo stores basis vectors as columns, so the
 * column-major flat array already lists a, b, c one after the other (= our row-major lattice matrix).
 */
export function rowMajorFromColumnMajor(m: ArrayLike<number>): number[] {
  return [m[0]!, m[3]!, m[6]!, m[1]!, m[4]!, m[7]!, m[2]!, m[5]!, m[8]!];
}
