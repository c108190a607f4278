// M3GNet as a formation-energy model (e.g. M3GNet-MP-2018.6.1-Eform, set2set readout), eV/atom.
import * as tf from "@tensorflow/tfjs";
import type { Structure } from "../../crystal/structure.js";
import { type FormationEnergyModel, PotentialInputError } from "../../stability/potential.js";
import { ModelConfigError } from "../errors.js";
import { crystalBatches } from "./batches.js";
import { disposeGraphTensors, graphTensors, m3gnetNodeFeatures, set2setReadout } from "./forward.js";
import { type M3gnetGraph, buildM3gnetGraph } from "./graph.js";
import type { M3gnetModel } from "./model.js";

/** A matgl intensive M3GNet predicting the formation energy per atom behind the FormationEnergyModel interface. */
export class M3gnetFormationEnergy implements FormationEnergyModel {
  readonly name: string;
  private readonly atomsPerBatch: number;

  /** @throws ModelConfigError when the model is a potential rather than an intensive model. */
  constructor(readonly model: M3gnetModel, options: { atomsPerBatch?: number } = {}) {
    if (model.config.kind !== "intensive") throw new ModelConfigError(`${model.name} is a potential, not an intensive property model`);
    this.name = model.name;
    this.atomsPerBatch = options.atomsPerBatch ?? 256;
  }

  /** Why this crystal cannot be evaluated, or null. */
  refusal(structure: Structure): string | null {
    return this.model.refusal(structure);
  }

  /** Formation energies per atom (eV/atom), in order. @throws PotentialInputError for a refused crystal. */
  async predict(structures: readonly Structure[]): Promise<Float64Array> {
    structures.forEach((s, i) => {
      const why = this.refusal(s);
      if (why) throw new PotentialInputError(i, why);
    });
    const out = new Float64Array(structures.length);
    let done = 0;
    for (const batch of crystalBatches(structures, this.atomsPerBatch)) {
      const { cutoff, threebodyCutoff } = this.model.config;
      out.set(m3gnetGraphFormationEnergies(this.model, buildM3gnetGraph(batch, cutoff, threebodyCutoff, (z) => this.model.typeIndex(z))), done);
      done += batch.length;
    }
    return out;
  }
}

/** Formation energies per atom (eV/atom) of the crystals of a built graph (the whole work of one prediction but the graph). */
export function m3gnetGraphFormationEnergies(model: M3gnetModel, g: M3gnetGraph): Float32Array {
  const { config, params } = model;
  const gt = graphTensors(g);
  try {
    const values = tf.tidy(() => {
      const positions = tf.tensor2d(g.positions, [g.numAtoms, 3]);
      const bondVectors = tf.gather(positions, gt.bondTarget).add(gt.bondShift).sub(tf.gather(positions, gt.bondSource)) as tf.Tensor2D;
      const node = m3gnetNodeFeatures(params, config, gt, bondVectors);
      return set2setReadout(params, config, node, g, gt).mul(config.outputStd).add(config.outputMean);
    });
    const out = values.dataSync() as Float32Array;
    values.dispose();
    return out;
  } finally {
    disposeGraphTensors(gt);
  }
}
