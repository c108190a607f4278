// M3GNet as an interatomic potential: total energy, forces F = −∂E/∂r and stress σ = (1/V) ∂E/∂ε by automatic
// differentiation, many crystals per graph.
import * as tf from "@tensorflow/tfjs";
import type { Structure } from "../../crystal/structure.js";
import { type Potential, type PotentialEvaluation, PotentialInputError } from "../../stability/potential.js";
import { GPA_PER_EV_PER_A3 } from "../../stability/relax/units.js";
import { ModelConfigError } from "../errors.js";
import { crystalBatches } from "./batches.js";
import { atomwiseReadout, disposeGraphTensors, graphTensors, m3gnetNodeFeatures } from "./forward.js";
import { buildM3gnetGraph } from "./graph.js";
import type { M3gnetModel } from "./model.js";


/** Options of M3gnetPotential. */
export interface M3gnetPotentialOptions {
  /** Largest number of atoms evaluated in one graph (default 256); more crystals are split into batches. */
  atomsPerBatch?: number;
}

/** The matgl M3GNet universal potential (e.g. M3GNet-MP-2021.2.8-PES) behind the workbench's Potential interface. */
export class M3gnetPotential implements Potential {
  readonly name: string;
  private readonly atomsPerBatch: number;

  /** @throws ModelConfigError when the model is not a potential (an intensive property model). */
  constructor(readonly model: M3gnetModel, options: M3gnetPotentialOptions = {}) {
    if (model.config.kind !== "potential") throw new ModelConfigError(`${model.name} predicts an intensive property, not a total energy`);
    this.name = model.name;
    this.atomsPerBatch = options.atomsPerBatch ?? 256;
  }

  /** Why this crystal cannot be evaluated, or null. */
  refusal(structure: Structure): string | null {
    return this.model.refusal(structure);
  }

  /** Energies (eV), forces (eV/Å) and stresses (GPa) of the crystals, in order. @throws PotentialInputError for a refused crystal. */
  async evaluate(structures: readonly Structure[]): Promise<PotentialEvaluation[]> {
    structures.forEach((s, i) => {
      const why = this.refusal(s);
      if (why) throw new PotentialInputError(i, why);
    });
    const out: PotentialEvaluation[] = [];
    for (const batch of crystalBatches(structures, this.atomsPerBatch)) out.push(...this.evaluateBatch(batch));
    return out;
  }

  private evaluateBatch(structures: readonly Structure[]): PotentialEvaluation[] {
    const { config, params } = this.model;
    const g = buildM3gnetGraph(structures, config.cutoff, config.threebodyCutoff, (z) => this.model.typeIndex(z));
    const references = new Float32Array(g.numCrystals);
    g.nodeTypes.forEach((row, a) => (references[g.atomCrystal[a]!] += this.model.elementReferences[row]!));
    const gt = graphTensors(g);
    try {
      const [energies, forces, strainGradient] = tf.tidy(() => {
        const positions = tf.tensor2d(g.positions, [g.numAtoms, 3]);
        const strain = tf.zeros([g.numCrystals, 3, 3]);
        let energies: tf.Tensor | null = null;
        const { grads } = tf.valueAndGrads((pos: tf.Tensor, eps: tf.Tensor) => {
          const deformation = tf.eye(3).expandDims(0).add(eps);
          const strained = tf.matMul(pos.reshape([-1, 1, 3]), tf.gather(deformation, gt.atomCrystal)).reshape([-1, 3]);
          const shifts = tf.matMul(gt.bondShift.reshape([-1, 1, 3]), tf.gather(deformation, gt.bondCrystal)).reshape([-1, 3]);
          const bondVectors = tf.gather(strained, gt.bondTarget).add(shifts).sub(tf.gather(strained, gt.bondSource)) as tf.Tensor2D;
          const node = m3gnetNodeFeatures(params, config, gt, bondVectors);
          const total = atomwiseReadout(params, node, gt, g.numCrystals).mul(config.outputStd).add(config.outputMean).add(tf.tensor1d(references));
          energies = tf.keep(total);
          return total.sum();
        })([positions, strain]);
        return [energies!, grads[0]!.neg(), grads[1]!];
      });
      const e = energies.dataSync();
      const f = forces.dataSync();
      const de = strainGradient.dataSync();
      tf.dispose([energies, forces, strainGradient]);
      let atom = 0;
      return structures.map((s, c) => {
        const n = s.species.length;
        const m = s.lattice.matrix;
        const volume = Math.abs(m[0]! * (m[4]! * m[8]! - m[5]! * m[7]!) - m[1]! * (m[3]! * m[8]! - m[5]! * m[6]!) + m[2]! * (m[3]! * m[7]! - m[4]! * m[6]!));
        const evaluation = {
          energy: e[c]!,
          forces: Float64Array.from(f.subarray(3 * atom, 3 * (atom + n))),
          stress: Float64Array.from(de.subarray(9 * c, 9 * c + 9), (x) => (x * GPA_PER_EV_PER_A3) / volume),
        };
        atom += n;
        return evaluation;
      });
    } finally {
      disposeGraphTensors(gt);
    }
  }
}
