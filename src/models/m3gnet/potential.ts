// M3GNet as an interatomic potential: total energy, forces F = −∂E/∂r and stress σ = (1/V) ∂E/∂ε by automatic
// differentiation with respect to the bond vectors, many crystals per graph.
import * as tf from "@tensorflow/tfjs";
import { latticeVolume } from "../../crystal/lattice.js";
import type { Structure } from "../../crystal/structure.js";
import { type Potential, type PotentialEvaluation, PotentialInputError, type PotentialSource } from "../../stability/potential.js";
import { GPA_PER_EV_PER_A3 } from "../../stability/relax/units.js";
import { ModelConfigError } from "../errors.js";
import { crystalBatches } from "./batches.js";
import { atomwiseReadout, disposeGraphTensors, graphTensors, m3gnetNodeFeatures } from "./forward.js";
import { type M3gnetGraph, buildM3gnetGraph } from "./graph.js";
import type { M3gnetModel } from "./model.js";
import type { ThreadPotentialArgs } from "./thread-potential.js";


/** Options of M3gnetPotential. */
export interface M3gnetPotentialOptions {
  /** Largest number of atoms evaluated in one graph (default 256); more crystals are split into batches. */
  atomsPerBatch?: number;
}

/** The matgl M3GNet universal potential (e.g. M3GNet-MP-2021.2.8-PES) behind the workbench's Potential interface. */
export class M3gnetPotential implements Potential {
  readonly name: string;
  /** The same potential for a worker thread: thread-potential.ts loads the model folder with these options. */
  readonly source: PotentialSource;
  private readonly atomsPerBatch: number;

  /** @throws ModelConfigError when the model is not a potential (an intensive property model). */
  constructor(readonly model: M3gnetModel, options: M3gnetPotentialOptions = {}) {
    if (model.config.kind !== "potential") throw new ModelConfigError(`${model.name} predicts an intensive property, not a total energy`);
    this.name = model.name;
    this.atomsPerBatch = options.atomsPerBatch ?? 256;
    const args: ThreadPotentialArgs = { folder: model.folder, atomsPerBatch: this.atomsPerBatch };
    this.source = { module: new URL("./thread-potential.js", import.meta.url).href, args };
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
    const { config } = this.model;
    const g = buildM3gnetGraph(structures, config.cutoff, config.threebodyCutoff, (z) => this.model.typeIndex(z));
    const { energies, forces, strainGradients } = m3gnetGraphPotential(this.model, g);
    let atom = 0;
    return structures.map((s, c) => {
      const n = s.species.length;
      const scale = GPA_PER_EV_PER_A3 / latticeVolume(s.lattice);
      const evaluation = { energy: energies[c]!, forces: forces.slice(3 * atom, 3 * (atom + n)), stress: strainGradients.slice(9 * c, 9 * c + 9).map((x) => x * scale) };
      atom += n;
      return evaluation;
    });
  }
}

/** Energies, forces and strain derivatives of every crystal of one graph (see m3gnetGraphPotential). */
export interface M3gnetGraphPotential {
  /** Total energy per crystal (eV) [B]. */
  readonly energies: Float32Array;
  /** Forces −∂E/∂r (eV/Å) [N×3]. */
  readonly forces: Float64Array;
  /** Strain derivatives ∂E/∂ε per crystal (eV, row-major 3×3) [B×9]: the stress times the volume. */
  readonly strainGradients: Float64Array;
}

/** Energies, forces and strain derivatives of the crystals of a built graph (the whole work of one evaluation but the graph). */
export function m3gnetGraphPotential(model: M3gnetModel, g: M3gnetGraph): M3gnetGraphPotential {
  const { config, params } = model;
  const references = new Float32Array(g.numCrystals);
  g.nodeTypes.forEach((row, a) => (references[g.atomCrystal[a]!] += model.elementReferences[row]!));
  const vectors = bondVectors(g);
  const gt = graphTensors(g);
  try {
    // The energy depends on positions and cell only through the bond vectors r_e = r_target + shift − r_source, so
    // one gradient g_e = ∂E/∂r_e gives the forces (−Σ over bonds leaving/entering each atom) and the strain
    // derivative ∂E/∂ε = Σ_e r_e ⊗ g_e (every bond vector deforms as r_e·(I + ε)).
    const [energyTensor, bondGradient] = tf.tidy(() => {
      let energies: tf.Tensor | null = null;
      const { grads } = tf.valueAndGrads((r: tf.Tensor) => {
        const node = m3gnetNodeFeatures(params, config, gt, r as tf.Tensor2D);
        const total = atomwiseReadout(params, node, gt, g.numCrystals).mul(config.outputStd).add(config.outputMean).add(tf.tensor1d(references));
        energies = tf.keep(total);
        return total.sum();
      })([tf.tensor2d(vectors, [g.numBonds, 3])]);
      return [energies!, grads[0]!];
    });
    const energies = energyTensor.dataSync() as Float32Array;
    const gradient = bondGradient.dataSync();
    tf.dispose([energyTensor, bondGradient]);
    const forces = new Float64Array(3 * g.numAtoms);
    const strainGradients = new Float64Array(9 * g.numCrystals);
    for (let b = 0; b < g.numBonds; b++) {
      const [s, t, c] = [g.bondSource[b]!, g.bondTarget[b]!, g.bondCrystal[b]!];
      for (let j = 0; j < 3; j++) {
        const gj = gradient[3 * b + j]!;
        forces[3 * s + j] += gj;
        forces[3 * t + j] -= gj;
        for (let k = 0; k < 3; k++) strainGradients[9 * c + 3 * k + j] += vectors[3 * b + k]! * gj;
      }
    }
    return { energies, forces, strainGradients };
  } finally {
    disposeGraphTensors(gt);
  }
}

/** Bond vectors r_target + shift − r_source (Å) of every bond of the graph, [E×3]. */
function bondVectors(g: M3gnetGraph): Float32Array {
  const out = new Float32Array(3 * g.numBonds);
  for (let b = 0; b < g.numBonds; b++) {
    for (let k = 0; k < 3; k++) out[3 * b + k] = g.positions[3 * g.bondTarget[b]! + k]! + g.bondShift[3 * b + k]! - g.positions[3 * g.bondSource[b]! + k]!;
  }
  return out;
}
