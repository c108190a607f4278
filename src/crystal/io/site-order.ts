// The site order of pymatgen's CIF reader: CifParser returns Structure.get_sorted_structure(), which orders sites by
// PeriodicSite.__lt__ (electronegativity, then species string) with a stable sort. StructureMatcher anchors its
// translations on the first site of the rarest species, so the order decides which of equally rare species is tried.
import { element } from "../elements.js";

/** pymatgen's species string of one site: the symbol, or `symbol:occupancy` (3 decimals) for a partial site. */
function speciesString(z: number, occupancy: number): string {
  return occupancy < 1 ? `${element(z).symbol}:${occupancy.toFixed(3)}` : element(z).symbol;
}

/**
 * Site indices in the order pymatgen's `get_sorted_structure` gives: ascending Pauling electronegativity, ties (and
 * elements without one, whose NaN compares neither smaller nor larger) by species string, otherwise file order.
 */
export function pymatgenSiteOrder(species: ArrayLike<number>, occupancies?: ArrayLike<number>): number[] {
  const order = Array.from({ length: species.length }, (_, i) => i);
  const keys = order.map((i) => ({ x: element(species[i]!).pauling, s: speciesString(species[i]!, occupancies?.[i] ?? 1) }));
  return order.sort((a, b) => {
    const ka = keys[a]!, kb = keys[b]!;
    if (ka.x < kb.x) return -1;
    if (ka.x > kb.x) return 1;
    return ka.s < kb.s ? -1 : ka.s > kb.s ? 1 : 0;
  });
}
