// The disordered sites of a structure as `xtal info` lists them: one per position, with its species and occupancies.
import { elementSymbol } from "../crystal/elements.js";
import { sharedPositions } from "../crystal/shared-positions.js";
import type { Structure } from "../crystal/structure.js";

/** A position holding several species or less than one atom: 0-based position index, fractional xyz, species. */
export interface DisorderedSite {
  readonly site: number;
  readonly frac: [number, number, number];
  readonly species: { element: string; occupancy: number }[];
}

/**
 * The structure's positions (co-located sites grouped as pymatgen counts them, see sharedPositions) and, of those,
 * the disordered ones: several species or occupancies summing below 1.
 */
export function positionsAndDisorder(s: Structure): { positions: number; disordered: DisorderedSite[] } {
  const groups = sharedPositions(s);
  const disordered: DisorderedSite[] = [];
  groups.forEach((g, site) => {
    const occupancy = (i: number) => s.occupancies?.[i] ?? 1;
    if (g.length === 1 && occupancy(g[0]!) === 1) return;
    const i0 = 3 * g[0]!;
    disordered.push({
      site,
      frac: [s.fracCoords[i0]!, s.fracCoords[i0 + 1]!, s.fracCoords[i0 + 2]!],
      species: g.map((i) => ({ element: elementSymbol(s.species[i]!), occupancy: occupancy(i) })),
    });
  });
  return { positions: groups.length, disordered };
}
