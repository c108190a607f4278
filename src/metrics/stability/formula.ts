// Chemical formula strings ("LiFePO4", "Ca(OH)2", "Sr1 Ti1 O3") to element amounts.
import { atomicNumber } from "../../crystal/elements.js";

/** Element amounts of a formula: Map from atomic number to amount (atoms per formula unit). Throws on bad syntax. */
export function parseChemicalFormula(formula: string): Map<number, number> {
  let pos = 0;
  const s = formula.replace(/\s+/g, "");
  const fail = (why: string): never => {
    throw new SyntaxError(`formula ${JSON.stringify(formula)}: ${why} at position ${pos}`);
  };
  const readNumber = (): number => {
    const m = /^\d+(\.\d+)?/.exec(s.slice(pos));
    if (!m) return 1;
    pos += m[0].length;
    return Number(m[0]);
  };
  const group = (closing: string | null): Map<number, number> => {
    const out = new Map<number, number>();
    const add = (z: number, a: number) => out.set(z, (out.get(z) ?? 0) + a);
    while (pos < s.length) {
      const ch = s[pos]!;
      if (ch === "(" || ch === "[") {
        pos++;
        const inner = group(ch === "(" ? ")" : "]");
        const k = readNumber();
        for (const [z, a] of inner) add(z, a * k);
      } else if (ch === ")" || ch === "]") {
        if (ch !== closing) fail("unbalanced bracket");
        pos++;
        return out;
      } else {
        const m = /^[A-Z][a-z]?/.exec(s.slice(pos));
        if (!m) fail("expected an element symbol");
        pos += m![0].length;
        add(atomicNumber(m![0]), readNumber());
      }
    }
    if (closing) fail("missing closing bracket");
    return out;
  };
  const result = group(null);
  if (result.size === 0) fail("empty formula");
  return result;
}
