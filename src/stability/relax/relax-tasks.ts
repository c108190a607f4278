// Worker-thread task of parallel relaxation (metrics/parallel pool): loads the potential of a PotentialSource once per
// thread and relaxes one chunk of crystals in lockstep.
import type { Structure } from "../../crystal/structure.js";
import { builtModuleUrl } from "../../metrics/parallel/index.js";
import type { Potential, PotentialSource } from "../potential.js";
import { type LockstepSettings, relaxInLockstep } from "./lockstep.js";
import type { RelaxResult } from "./relax-result.js";

/** What every chunk of one parallel relaxation shares. */
export interface RelaxChunkContext {
  readonly source: PotentialSource;
  readonly settings: LockstepSettings;
}

/** Potentials loaded in this thread, by their source. */
const loaded = new Map<string, Promise<Potential>>();

/**
 * The potential of `source`, loaded once per thread (its built module when running from TypeScript sources).
 * @throws TypeError when the module does not export `loadPotential`; whatever loading throws.
 */
function potentialOf(source: PotentialSource): Promise<Potential> {
  const key = JSON.stringify(source);
  let potential = loaded.get(key);
  if (!potential) {
    const url = builtModuleUrl(source.module) ?? new URL(source.module);
    potential = (import(url.href) as Promise<{ loadPotential?: (args: unknown) => Potential | Promise<Potential> }>).then((mod) => {
      if (typeof mod.loadPotential !== "function") throw new TypeError(`${source.module} does not export loadPotential(args)`);
      return mod.loadPotential(source.args);
    });
    potential.catch(() => loaded.delete(key));
    loaded.set(key, potential);
  }
  return potential;
}

/** The pool's tasks: "stability.relax-chunk" relaxes one chunk (a list of crystals) and returns its results in order. */
export const tasks = {
  "stability.relax-chunk": async (chunk: readonly Structure[], context: RelaxChunkContext): Promise<RelaxResult[]> =>
    relaxInLockstep(await potentialOf(context.source), chunk, context.settings),
};
