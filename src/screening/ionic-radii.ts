// Shannon ionic radii looked up by element, charge and coordination, as the bundled prototypes builder does.
import { SHANNON_RADII, type ShannonCoordination } from "../crystal/data/shannon-radii.js";

const COORDINATIONS: readonly ShannonCoordination[] = ["IV", "VI", "VIII", "XII"];

/** The ion key of the radii table, e.g. ionName("Sr", 2) = "Sr+2", ionName("O", -2) = "O-2". */
export function ionName(symbol: string, charge: number): string {
  return `${symbol}${charge > 0 ? "+" : ""}${charge}`;
}

/**
 * Shannon radius (Å) of an ion at a coordination; when that coordination is not listed, the nearest listed one (the
 * lower on a tie), as scripts/build-prototypes.mjs. Undefined when the ion is not in the table.
 */
export function shannonRadius(symbol: string, charge: number, coordination: ShannonCoordination): number | undefined {
  const radii = SHANNON_RADII[ionName(symbol, charge)];
  if (!radii) return undefined;
  const want = COORDINATIONS.indexOf(coordination);
  const nearest = COORDINATIONS.filter((c) => radii[c] !== undefined).sort((a, b) => Math.abs(COORDINATIONS.indexOf(a) - want) - Math.abs(COORDINATIONS.indexOf(b) - want));
  return nearest.length ? radii[nearest[0]!] : undefined;
}

/** The charges of an element's ions in the radii table, ascending (e.g. Ti → [3, 4]). */
export function tabulatedCharges(symbol: string): number[] {
  return Object.keys(SHANNON_RADII)
    .flatMap((ion) => {
      const m = /^([A-Z][a-z]?)([+-]\d+)$/.exec(ion);
      return m && m[1] === symbol ? [Number(m[2])] : [];
    })
    .sort((a, b) => a - b);
}
