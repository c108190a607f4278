// From a sample request to prompts and grammar constraints, refusing before any work what cannot be generated: an element
// the model never saw, a composition no Wyckoff combination of the requested (or any) space group holds, a composition
// whose shortest sequence is longer than the context.
import { elementSymbol } from "../../crystal/elements.js";
import { reducedFormula } from "../../crystal/composition.js";
import { spaceGroupInfo } from "../../crystal/symmetry/index.js";
import type { ResolvedRequest } from "../common/sample-request.js";
import { ModelRequestError } from "../errors.js";
import { formulaCounts } from "../random-symmetric/random-crystal.js";
import type { ModelConfig } from "../types.js";
import type { WyckoffFamilyConfig } from "./config.js";
import { type GrammarConstraints, spaceGroupFeasible } from "./grammar.js";
import { BOS, sgToken } from "./vocabulary.js";

/** What to generate: one prompt and one set of grammar constraints per crystal. */
export interface SamplePlan {
  readonly prompts: Int32Array[];
  readonly constraints: GrammarConstraints[];
}

const ALL_GROUPS = Array.from({ length: 230 }, (_, i) => i + 1);

/**
 * The prompts (BOS, and the space-group token when `spaceGroup` is given) and constraints of a checked request.
 * @throws ModelRequestError naming the composition (field compositions) or the space group (field spaceGroup)
 */
export function samplePlan(req: ResolvedRequest, spaceGroup: number | undefined, config: ModelConfig<WyckoffFamilyConfig>): SamplePlan {
  const f = config.familyConfig;
  const prompt = spaceGroup === undefined ? Int32Array.of(BOS) : Int32Array.of(BOS, sgToken(spaceGroup));
  const base: GrammarConstraints = {
    elements: config.elements!, spaceGroups: spaceGroup === undefined ? ALL_GROUPS : [spaceGroup], maxCellAtoms: f.maxCellAtoms!, contextLength: f.transformer.contextLength, binning: f.binning,
    ...(req.settings.minDistance ? { minDistance: req.settings.minDistance as number } : {}),
  };
  const where = spaceGroup === undefined ? "any space group" : `space group ${spaceGroup} (${spaceGroupInfo(spaceGroup).hmShort})`;
  if (req.task !== "csp") {
    if (spaceGroup !== undefined && !spaceGroupFeasible(spaceGroup, base))
      throw new ModelRequestError("spaceGroup", `${where}: no orbit fits in ${f.maxCellAtoms} atoms and ${f.transformer.contextLength} tokens`);
    return { prompts: new Array<Int32Array>(req.n).fill(prompt), constraints: new Array<GrammarConstraints>(req.n).fill(base) };
  }
  const known = new Set(config.elements);
  const byFormula = new Map<string, GrammarConstraints>();
  const constraints = req.compositions.map((species, i) => {
    const label = reducedFormula(species);
    const cached = byFormula.get(label);
    if (cached) return cached;
    const formula = formulaCounts(species);
    const unknown = formula.find(([z]) => !known.has(z));
    if (unknown) throw new ModelRequestError("compositions", `composition ${i} (${label}): ${elementSymbol(unknown[0])} is not among the ${known.size} elements this model was trained on`);
    const atoms = formula.reduce((n, [, k]) => n + k, 0);
    const maxFormulaUnits = Math.floor(f.maxCellAtoms! / atoms);
    const c: GrammarConstraints = { ...base, composition: { formula, maxFormulaUnits } };
    const fits = (limits: Partial<GrammarConstraints>) => base.spaceGroups.some((g) => spaceGroupFeasible(g, { ...c, ...limits }));
    if (maxFormulaUnits === 0 || !fits({ contextLength: Number.MAX_SAFE_INTEGER }))
      throw new ModelRequestError(spaceGroup === undefined ? "compositions" : "spaceGroup", `composition ${i} (${label}): no combination of Wyckoff positions of ${where} holds it with at most ${f.maxCellAtoms} atoms in the conventional cell`);
    if (!fits({}))
      throw new ModelRequestError("compositions", `composition ${i} (${label}): every sequence for it in ${where} is longer than the model's context of ${f.transformer.contextLength} tokens`);
    byFormula.set(label, c);
    return c;
  });
  return { prompts: new Array<Int32Array>(constraints.length).fill(prompt), constraints };
}
