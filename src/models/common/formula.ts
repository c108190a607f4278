// Formula strings to lists of atoms ("SrTiO3" → [Sr, Ti, O, O, O]) for composition-constrained sampling.
import { tryAtomicNumber } from "../../crystal/elements.js";
import { ModelConfigError } from "../errors.js";

/** Atomic numbers of every atom of a formula like "SrTiO3", "Sr2 Ti2 O6" or "Sr1 Ti1 O3" (no parentheses). */
export function speciesFromFormula(formula: string): number[] {
  const text = formula.replace(/\s+/g, "");
  const re = /([A-Z][a-z]?)(\d*)/y;
  const out: number[] = [];
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new ModelConfigError(`formula "${formula}": cannot read at "${text.slice(pos)}" (write e.g. SrTiO3)`);
    const z = tryAtomicNumber(m[1]!);
    if (z === undefined) throw new ModelConfigError(`formula "${formula}": unknown element ${m[1]}`);
    const count = m[2] ? Number(m[2]) : 1;
    for (let i = 0; i < count; i++) out.push(z);
    pos = re.lastIndex;
  }
  if (out.length === 0) throw new ModelConfigError(`formula "${formula}" has no atoms`);
  return out;
}
