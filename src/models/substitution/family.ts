// Element substitution on known prototypes (Hautier et al., Inorg. Chem. 50, 656 (2011), in spirit) as a registered,
// sample-only family. "Training" mines substitution counts between crystals of the same prototype and keeps the
// crystals as parents (parents.json, pymatgen Structure dicts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { reducedFormula } from "../../crystal/composition.js";
import { element } from "../../crystal/elements.js";
import { pymatgenStructureDict, readPymatgenJson } from "../../crystal/io/pymatgen-json.js";
import type { Structure } from "../../crystal/structure.js";
import { rng } from "../../util/random.js";
import { BaselineModel, baselineConfig } from "../baselines/baseline-model.js";
import { checkSampleRequest } from "../common/sample-request.js";
import { ModelConfigError, ModelRequestError } from "../errors.js";
import { type OptionValues, checkOptions } from "../options-schema.js";
import { SearchExhaustedError } from "../random-symmetric/attempts.js";
import { detectedSpaceGroup } from "../random-symmetric/space-group-histogram.js";
import type { ModelFamily } from "../registry.js";
import { writeFileAtomic } from "../training/checkpoint.js";
import type { ModelConfig, SampleRequest } from "../types.js";
import { prototypeOf } from "./prototype-key.js";
import { substitute, substitutionLabel } from "./substitute.js";
import { type SubstitutionCounts, mineSubstitutionCounts, substitutionDistribution } from "./substitution-probabilities.js";

/** The family's config block: the smoothing, the candidate elements, the mined counts and the parents' file. */
export interface SubstitutionFamilyConfig {
  /** Add-α smoothing of p(b | a). */
  alpha: number;
  /** Candidate elements: those of the training crystals that have a covalent radius, ascending Z. */
  elements: number[];
  /** Mined substitutions (from Z, to Z, count). */
  counts: [number, number, number][];
  /** File of the parent crystals; "" before training. */
  parentsFile: string;
  parentCount: number;
}

const DEFAULT_ALPHA = 0.1;
const DEFAULT_MAX_ATTEMPTS = 1000;
const DEFAULT_MAX_SPECIES = 2;

/** The substitution model: de novo crystals made by substituting species of training crystals. */
export class SubstitutionModel extends BaselineModel<SubstitutionFamilyConfig> {
  private parents: readonly Structure[] = [];

  protected override remember(structures: readonly Structure[]): void {
    const hasRadius = (s: Structure) => Array.from(s.species).every((z) => Number.isFinite(element(z).covalentRadius));
    this.parents = structures.filter(hasRadius);
    const prototypes = this.parents.flatMap((s) => {
      const g = detectedSpaceGroup(s);
      return g === null ? [] : [prototypeOf(s.species, g)];
    });
    const elements = [...new Set(this.parents.flatMap((s) => Array.from(s.species)))].sort((a, b) => a - b);
    const counts = mineSubstitutionCounts(prototypes).map((c) => [...c] as [number, number, number]);
    this.current = { ...this.current, familyConfig: { ...this.current.familyConfig, elements, counts, parentsFile: "parents.json", parentCount: this.parents.length } };
  }

  /**
   * n substituted crystals: each attempt draws a parent uniformly and substitutes it (see `substitute`); accepted
   * crystals carry properties `parent` (the parent's id, or its index in the training data), `substitutions`
   * (e.g. "Na→K") and `attempts`. Seeded.
   * @throws SearchExhaustedError when a crystal needs more than maxAttempts attempts
   */
  async sample(request: SampleRequest): Promise<Structure[]> {
    const req = checkSampleRequest(request, this.family, this.config);
    if (this.parents.length === 0) throw new ModelRequestError("n", "the substitution model has no parent crystals: train it on a split first");
    const maxAttempts = (req.settings.maxAttempts as number | undefined) ?? DEFAULT_MAX_ATTEMPTS;
    const maxSpecies = (req.settings.maxSpecies as number | undefined) ?? DEFAULT_MAX_SPECIES;
    const { alpha, elements, counts } = this.config.familyConfig;
    const tables = new Map<number, ReturnType<typeof substitutionDistribution>>();
    const table = (from: number) => {
      let t = tables.get(from);
      if (!t) tables.set(from, (t = substitutionDistribution(counts as SubstitutionCounts, elements, alpha, from)));
      return t;
    };
    const random = rng(req.seed);
    const out: Structure[] = [];
    for (let i = 0; i < req.n; i++) {
      let lastParent = "";
      for (let attempt = 1; ; attempt++) {
        if (attempt > maxAttempts) throw new SearchExhaustedError(`crystal ${i} (last parent tried: ${lastParent})`, maxAttempts, "raise maxAttempts or train on more varied crystals");
        const k = random.int(this.parents.length);
        const parent = this.parents[k]!;
        lastParent = reducedFormula(parent.species);
        const result = substitute(parent, table, maxSpecies, random);
        if (!result) continue;
        const id = parent.properties?.id;
        out.push({ ...result.structure, properties: { parent: typeof id === "string" || typeof id === "number" ? id : k, substitutions: substitutionLabel(result.replaced), attempts: attempt } });
        break;
      }
      request.onProgress?.(i + 1, req.n);
    }
    return out;
  }

  protected override saveFiles(dir: string): void {
    writeFileAtomic(join(dir, "parents.json"), JSON.stringify(this.parents.map(pymatgenStructureDict)));
  }

  protected override loadFiles(dir: string, config: ModelConfig<SubstitutionFamilyConfig>): void {
    const { parentsFile, parentCount } = config.familyConfig;
    if (!parentsFile) {
      this.parents = [];
      return;
    }
    let dicts: object[];
    try {
      dicts = JSON.parse(readFileSync(join(dir, parentsFile), "utf8")) as object[];
    } catch (e) {
      throw new ModelConfigError(`checkpoint ${dir}: ${parentsFile} is missing or not JSON (${(e as Error).message})`);
    }
    if (dicts.length !== parentCount) throw new ModelConfigError(`checkpoint ${dir}: ${parentsFile} holds ${dicts.length} crystals, config.json says ${parentCount}`);
    this.parents = dicts.map((d, i) => readPymatgenJson(d, { file: `${join(dir, parentsFile)} [${i}]` }));
  }
}

/** The substitution family (`xtal sample --family substitution`). */
export const SUBSTITUTION_FAMILY: ModelFamily = {
  name: "substitution",
  summary: "element substitution on training crystals: p(b|a) mined from same-prototype pairs, SMACT charge-neutral, volume rescaled",
  tasks: ["gen"],
  requestFields: ["n"],
  createOptions: {
    seed: { type: "integer", default: 0, help: "recorded in the config (sampling takes the request's seed)" },
    alpha: { type: "number", default: DEFAULT_ALPHA, min: 0, help: "add-α smoothing of the substitution probabilities (an unseen pair weighs α, a pair seen c times c + α)" },
  },
  trainSettings: {},
  sampleSettings: {
    maxAttempts: { type: "integer", default: DEFAULT_MAX_ATTEMPTS, min: 1, help: "substitutions tried per crystal before the search gives up with an error" },
    maxSpecies: { type: "integer", default: DEFAULT_MAX_SPECIES, min: 1, help: "most species replaced in one parent (the number is drawn uniformly from 1 to this)" },
  },
  create: (options: OptionValues = {}) => {
    const o = checkOptions(SUBSTITUTION_FAMILY.createOptions, options, "substitution option");
    return new SubstitutionModel(
      SUBSTITUTION_FAMILY,
      baselineConfig("substitution", ["gen"], o, { alpha: (o.alpha as number | undefined) ?? DEFAULT_ALPHA, elements: [], counts: [], parentsFile: "", parentCount: 0 }),
    );
  },
  fromConfig: (config) => new SubstitutionModel(SUBSTITUTION_FAMILY, config as ModelConfig<SubstitutionFamilyConfig>),
};
