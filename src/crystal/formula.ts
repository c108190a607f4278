// Chemical formula strings ("LiFePO4", "Ca(OH)2", "Mg3(PO4)2", "Fe0.5Ni0.5", "Sr1 Ti1 O3") to element amounts.
import { elementSymbol, tryAtomicNumber } from "./elements.js";
import { FormulaError } from "./errors.js";

/** Amount and first position (0-based index in the formula) of one element. */
interface Term {
  amount: number;
  position: number;
}

const CLOSING: Readonly<Record<string, string>> = { "(": ")", "[": "]" };

/** Element terms of a formula in order of first appearance; whitespace between tokens is ignored. */
function parseTerms(formula: string): Map<number, Term> {
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw new FormulaError(formula, at, reason);
  };
  const skipSpace = () => {
    while (pos < formula.length && /\s/.test(formula[pos]!)) pos++;
  };
  const readAmount = (): number => {
    skipSpace();
    const m = /^(\d+(\.\d*)?|\.\d+)/.exec(formula.slice(pos));
    if (!m) return 1;
    const value = Number(m[0]);
    if (!(value > 0)) fail(`amount ${m[0]} is not positive`);
    pos += m[0].length;
    return value;
  };
  const group = (closing: string | null, opened: number): Map<number, Term> => {
    const out = new Map<number, Term>();
    const add = (z: number, amount: number, position: number) => {
      const t = out.get(z);
      if (t) t.amount += amount;
      else out.set(z, { amount, position });
    };
    for (skipSpace(); pos < formula.length; skipSpace()) {
      const ch = formula[pos]!;
      const start = pos;
      if (CLOSING[ch]) {
        pos++;
        const inner = group(CLOSING[ch]!, start);
        if (inner.size === 0) fail(`empty group "${ch}${CLOSING[ch]}"`, start);
        const k = readAmount();
        for (const [z, t] of inner) add(z, t.amount * k, t.position);
      } else if (ch === ")" || ch === "]") {
        if (ch !== closing) fail(`unmatched "${ch}"`);
        pos++;
        return out;
      } else {
        const m = /^[A-Z][a-z]?/.exec(formula.slice(pos));
        if (!m) fail(/[\d.]/.test(ch) ? "amount without an element" : `unexpected "${ch}" (expected an element symbol)`);
        const z = tryAtomicNumber(m![0]);
        if (z === undefined) fail(`unknown element "${m![0]}"`);
        pos += m![0].length;
        add(z!, readAmount(), start);
      }
    }
    if (closing) fail(`"${formula[opened]}" is not closed`, opened);
    return out;
  };
  const terms = group(null, 0);
  if (terms.size === 0) fail("no element", 0);
  return terms;
}

/**
 * Element amounts of a chemical formula: atomic number → amount (atoms per formula unit), in order of first
 * appearance. Accepts parentheses and brackets with multipliers (`Ca(OH)2`, `Mg3(PO4)2`), fractional amounts
 * (`Fe0.5Ni0.5`) and whitespace between tokens (`Sr1 Ti1 O3`); repeated elements add up. Throws FormulaError.
 */
export function parseFormula(formula: string): Map<number, number> {
  return new Map([...parseTerms(formula)].map(([z, t]) => [z, t.amount]));
}

/**
 * One atomic number per atom of a formula, elements in order of first appearance ("SrTiO3" → [38, 22, 8, 8, 8],
 * "Ca(OH)2" → [20, 8, 8, 1, 1]). Throws FormulaError for bad syntax and for an amount that is not an integer.
 */
export function speciesFromFormula(formula: string): number[] {
  const out: number[] = [];
  for (const [z, { amount, position }] of parseTerms(formula)) {
    const n = Math.round(amount);
    if (Math.abs(amount - n) > 1e-8) throw new FormulaError(formula, position, `amount ${amount} of ${elementSymbol(z)} is not a whole number of atoms`);
    for (let i = 0; i < n; i++) out.push(z);
  }
  return out;
}
