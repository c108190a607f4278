// Space-group operations written as Jones-faithful "x,y,z" strings ("-x+1/2, y, z+1/4", "x-y,x,z+1/6").
import { ParseError } from "../errors.js";
import { detachedString } from "./detached-string.js";

/**
 * A symmetry operation acting on fractional coordinates: x' = R·x + t.
 * `rotation` is row-major 3×3 (9 numbers), `translation` has 3 numbers (fractions of the lattice vectors).
 */
export interface XyzOperation {
  readonly rotation: readonly number[];
  readonly translation: readonly number[];
}

const cache = new Map<string, XyzOperation>();

/**
 * Parses an operation string such as "-x+1/2, y, -z" or "x-y,x,z+1/6" (case-insensitive, spaces ignored,
 * decimals or fractions for translations). Throws ParseError("symmetry operation", file, line, reason) when malformed.
 */
export function parseXyzOperation(text: string, file = "<string>", line = 0): XyzOperation {
  const hit = cache.get(text);
  if (hit) return hit;
  const fail = (why: string): never => {
    throw new ParseError("symmetry operation", file, line, `${JSON.stringify(text)}: ${why}`);
  };
  const rotation = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const translation = [0, 0, 0];
  let row = 0;
  let i = 0;
  const n = text.length;
  while (row < 3) {
    let sign = 1;
    let sawTerm = false;
    let pendingSign = false;
    for (;;) {
      while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      if (i >= n) break;
      const c = text[i]!;
      if (c === ",") break;
      if (c === "+" || c === "-") {
        if (pendingSign) fail("two signs in a row");
        sign = c === "-" ? -1 : 1;
        pendingSign = true;
        i++;
        continue;
      }
      if (sawTerm && !pendingSign) fail(`missing '+' or '-' before '${c}'`);
      // A number (integer, decimal or fraction), optionally followed by an axis ("2x", "1/2x" is not standard but harmless).
      let value = 1;
      let isNumber = false;
      if ((c >= "0" && c <= "9") || c === ".") {
        const s = i;
        while (i < n && ((text[i]! >= "0" && text[i]! <= "9") || text[i] === ".")) i++;
        value = Number(text.slice(s, i));
        if (i < n && text[i] === "/") {
          i++;
          const s2 = i;
          while (i < n && text[i]! >= "0" && text[i]! <= "9") i++;
          const den = Number(text.slice(s2, i));
          if (s2 === i || den === 0) fail("bad fraction");
          value /= den;
        }
        if (!Number.isFinite(value)) fail("bad number");
        isNumber = true;
        while (i < n && text[i] === " ") i++;
        if (i < n && text[i] === "*") i++;
        while (i < n && text[i] === " ") i++;
      }
      const axisChar = i < n ? text[i]!.toLowerCase() : "";
      const axis = axisChar === "x" ? 0 : axisChar === "y" ? 1 : axisChar === "z" ? 2 : -1;
      if (axis >= 0) {
        rotation[3 * row + axis] += sign * value;
        i++;
      } else if (isNumber) {
        translation[row] += sign * value;
      } else fail(`unexpected character '${text[i]}'`);
      sawTerm = true;
      pendingSign = false;
      sign = 1;
    }
    if (pendingSign) fail("dangling sign");
    if (!sawTerm) fail(`component ${row + 1} is empty`);
    row++;
    if (row < 3) {
      if (i >= n || text[i] !== ",") fail("expected three comma-separated components");
      i++;
    }
  }
  while (i < n && (text[i] === " " || text[i] === "\t")) i++;
  if (i < n) fail("more than three components");
  const op = Object.freeze({ rotation: Object.freeze(rotation), translation: Object.freeze(translation) });
  if (cache.size < 4096) cache.set(detachedString(text), op);
  return op;
}

/** A translation as pymatgen prints it: a small fraction like "1/2" when it is one, else a decimal. */
function formatFraction(t: number): string {
  for (const den of [1, 2, 3, 4, 6, 8, 12]) {
    const num = Math.round(t * den);
    if (Math.abs(t * den - num) < 1e-6) return den === 1 ? String(num) : `${num}/${den}`;
  }
  return String(Number(t.toFixed(8)));
}

/**
 * Formats an operation as an "x, y, z"-style string in pymatgen's `as_xyz_string` style
 * (for example "-x+1/2, y, -z+1/4"), the inverse of parseXyzOperation.
 */
export function formatXyzOperation(op: XyzOperation): string {
  const parts: string[] = [];
  for (let r = 0; r < 3; r++) {
    let s = "";
    for (let a = 0; a < 3; a++) {
      const v = op.rotation[3 * r + a]!;
      if (Math.abs(v) < 1e-8) continue;
      const mag = Math.abs(v);
      const coef = Math.abs(mag - 1) < 1e-8 ? "" : `${formatFraction(mag)}`;
      s += (v < 0 ? "-" : s ? "+" : "") + coef + "xyz"[a];
    }
    const t = op.translation[r]!;
    if (Math.abs(t) > 1e-8) s += (t < 0 ? "-" : s ? "+" : "") + formatFraction(Math.abs(t));
    parts.push(s || "0");
  }
  return parts.join(", ");
}

/** Applies an operation to one fractional point (not wrapped). */
export function applyXyzOperation(op: XyzOperation, x: number, y: number, z: number): [number, number, number] {
  const R = op.rotation, t = op.translation;
  return [
    R[0]! * x + R[1]! * y + R[2]! * z + t[0]!,
    R[3]! * x + R[4]! * y + R[5]! * z + t[1]!,
    R[6]! * x + R[7]! * y + R[8]! * z + t[2]!,
  ];
}

/** True when the operation is the identity x, y, z. */
export function isIdentityXyzOperation(op: XyzOperation): boolean {
  const R = op.rotation, t = op.translation;
  return R[0] === 1 && R[4] === 1 && R[8] === 1 && R[1] === 0 && R[2] === 0 && R[3] === 0 && R[5] === 0 && R[6] === 0 && R[7] === 0 &&
    t[0] === 0 && t[1] === 0 && t[2] === 0;
}
