// Classes of equivalent structures (pymatgen StructureMatcher.group_structures), bucketed so that only structures
// that can possibly match are compared.
import { reducedFormula } from "../../crystal/composition.js";
import type { Structure } from "../../crystal/structure.js";
import { fitStructures } from "./matcher.js";
import { type MatcherOptions, resolveMatcherOptions } from "./options.js";
import { type PreparedStructure, prepareForMatching } from "./prepare.js";

/** Options of groupStructures. */
export interface GroupOptions {
  /** Progress in structures assigned to a group: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Groups structures into classes of equivalent crystals, as pymatgen's group_structures: within each bucket of equal
 * reduced formula (and, without attemptSupercell, equal primitive site count, since other pairs never match), the
 * first unassigned structure in input order collects every later unassigned one that `fit`s it. Returns the classes
 * as input indices (ascending within a class, classes ordered by their first member). allowSubset is refused, as in
 * pymatgen (RangeError). Throws StructureError on an invalid structure.
 */
export function groupStructures(
  structures: readonly (Structure | PreparedStructure)[],
  options: MatcherOptions = {},
  groupOptions: GroupOptions = {},
): number[][] {
  const o = resolveMatcherOptions(options);
  if (o.allowSubset) throw new RangeError("groupStructures: allowSubset cannot be used for grouping (as in pymatgen)");
  const total = structures.length;
  const prepared = structures.map((s) => prepareForMatching(s, o));
  const buckets = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    const s = p.structure;
    const key = `${reducedFormula(s.species, s.occupancies)}${o.attemptSupercell ? "" : `|${s.species.length}`}`;
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  });
  const groups: number[][] = [];
  let done = 0;
  for (const members of buckets.values()) {
    let unmatched = members;
    while (unmatched.length > 0) {
      const [ref, ...rest] = unmatched as [number, ...number[]];
      const group = [ref];
      const left: number[] = [];
      for (const j of rest) (fitStructures(prepared[ref]!, prepared[j]!, o) ? group : left).push(j);
      groups.push(group);
      unmatched = left;
      done += group.length;
      groupOptions.onProgress?.(done, total);
    }
  }
  return groups.sort((a, b) => a[0]! - b[0]!);
}
