// Prompts of the CIF transformer, as CrystaLLM's: `data_<cell formula>` for crystal structure prediction (the formula
// written as the canonical CIF's data_ line, e.g. "data_Sr1Ti1O3"), optionally followed by the space-group line; `data_`
// alone for de novo generation.
import { fullFormula } from "../../crystal/composition.js";
import { canonicalSpaceGroupSymbol } from "../../representations/cif-canonical.js";
import { ModelRequestError } from "../errors.js";
import { localIds, textIds } from "./sequences.js";

/** What a prompt fixes: the cell's species (CSP) or nothing (de novo), and optionally the space group (CSP only). */
export interface PromptSpec {
  species: ArrayLike<number> | null;
  spaceGroup?: number;
}

/**
 * The prompt text: "data_" + the cell formula ("Sr1Ti1O3") + newline, then `_symmetry_space_group_name_H-M   <symbol>`
 * when a space group is given; "data_" alone for de novo.
 * @throws ModelRequestError (spaceGroup) for a space group without a composition: the space-group line follows the formula line
 */
export function promptText(p: PromptSpec): string {
  if (p.species === null) {
    if (p.spaceGroup !== undefined) throw new ModelRequestError("spaceGroup", "a space-group prompt follows the formula line: give compositions with spaceGroup (the CIF starts data_<formula>)");
    return "data_";
  }
  const head = `data_${fullFormula(p.species).replace(/ /g, "")}\n`;
  return p.spaceGroup === undefined ? head : `${head}_symmetry_space_group_name_H-M   ${canonicalSpaceGroupSymbol(p.spaceGroup)}\n`;
}

/**
 * The prompt's token ids in the model's vocabulary (<bos> + text), checked against the context: the prompt must leave
 * room for generation.
 * @throws ModelRequestError (compositions) naming the prompt when it does not fit the context or uses a token the model lacks
 */
export function promptIds(p: PromptSpec, vocabulary: readonly string[], contextLength: number, where: string): Int32Array {
  const ids = localIds(textIds(promptText(p), true), vocabulary, "compositions");
  if (ids.length >= contextLength) throw new ModelRequestError("compositions", `${where}: the prompt is ${ids.length} tokens, longer than the model's context allows (${contextLength} tokens including the generated CIF)`);
  return ids;
}
