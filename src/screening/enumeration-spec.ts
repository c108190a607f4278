// The text form of an enumerated composition space, as `xtal screen --candidates enum:…` takes it.
import { ScreeningInputError } from "./errors.js";
import { cubicPrototype } from "./prototypes.js";

/** A parsed enumeration spec: the prototype and the element list of each role. */
export interface EnumerationSpec {
  readonly prototype: string;
  readonly elements: Readonly<Record<string, readonly string[]>>;
}

/**
 * Parses "perovskite:A=Sr,Ba;B=Ti,Zr;X=O,S" (prototype, then ROLE=EL,EL… separated by ";").
 * @throws ScreeningInputError for an unknown prototype, a part without "=", an empty or repeated role
 */
export function parseEnumerationSpec(text: string): EnumerationSpec {
  const colon = text.indexOf(":");
  if (colon <= 0) throw new ScreeningInputError(`enumeration spec "${text}" must look like PROTOTYPE:A=Sr,Ba;B=Ti;X=O`);
  const prototype = text.slice(0, colon).trim();
  cubicPrototype(prototype);
  const elements: Record<string, string[]> = {};
  for (const part of text.slice(colon + 1).split(";").map((p) => p.trim()).filter(Boolean)) {
    const m = /^([A-Za-z]+)\s*=\s*(.*)$/.exec(part);
    if (!m) throw new ScreeningInputError(`enumeration spec "${text}": "${part}" is not ROLE=EL,EL…`);
    const list = m[2]!.split(",").map((e) => e.trim()).filter(Boolean);
    if (list.length === 0) throw new ScreeningInputError(`enumeration spec "${text}": role ${m[1]} lists no elements`);
    if (elements[m[1]!]) throw new ScreeningInputError(`enumeration spec "${text}": role ${m[1]} given twice`);
    elements[m[1]!] = list;
  }
  return { prototype, elements };
}
