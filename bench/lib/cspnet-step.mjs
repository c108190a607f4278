// One Adam training step of the CSPNet denoiser at the reference sizes of ../shared/bench/README.md, on random crystals
// (the graph is dense within each crystal, so the values do not change the work): the models bench times it, the kernel
// profiler books its kernels to phases.
import * as tf from "@tensorflow/tfjs";
import { crystalGraph, cspnetConfig, cspnetForward, cspnetParamCount, initCspnetParams } from "../../dist/models/cspnet/index.js";
import { ADAM_DEFAULTS, adamUpdate, initOptimizerState } from "../../dist/models/training/index.js";
import { batchStructures } from "../../dist/representations/batch.js";
import { rng } from "../../dist/util/random.js";
import { randomCrystals } from "./crystals.mjs";

/** The CSP training configuration: atoms per crystal, crystals per batch, hidden width, layers, Fourier frequencies, time embedding. */
export const CSP_SIZES = { atoms: 5, batch: 64, hidden: 256, layers: 4, freqs: 64, timeDim: 64 };

/**
 * A step function (forward, MSE loss on the coordinate and lattice outputs, gradients, Adam) with its parameter and edge
 * counts; `mark` is told the phase as the step enters it: "fwd", "bwd", "adam", then "other".
 */
export function cspnetTrainingStep(mark = () => {}) {
  const B = CSP_SIZES.batch, N = CSP_SIZES.atoms * B;
  const batch = batchStructures(randomCrystals(B, CSP_SIZES.atoms, 1));
  const g = crystalGraph(batch);
  const config = cspnetConfig({ hidden: CSP_SIZES.hidden, layers: CSP_SIZES.layers, freqs: CSP_SIZES.freqs, timeDim: CSP_SIZES.timeDim });
  const params = initCspnetParams(config, 0);
  const state = initOptimizerState(params);
  const r = rng(2);
  const input = {
    types: tf.tensor1d(batch.species, "int32"),
    fracCoords: tf.tensor2d(batch.fracCoords, [N, 3]),
    lattices: tf.tensor3d(batch.lattices, [B, 3, 3]),
    time: tf.tensor1d(Float32Array.from({ length: B }, () => 1000 * r.next())),
  };
  const tc = tf.tensor2d(Float32Array.from({ length: 3 * N }, () => r.normal()), [N, 3]);
  const tl = tf.tensor3d(Float32Array.from({ length: 9 * B }, () => r.normal()), [B, 3, 3]);
  const vars = [...params.values()];
  const names = new Map([...params].map(([k, v]) => [v.name, k]));
  const step = () => {
    mark("fwd");
    const { value, grads } = tf.variableGrads(() => {
      const o = cspnetForward(params, config, g, input);
      const loss = tf.losses.meanSquaredError(tc, o.coord).add(tf.losses.meanSquaredError(tl, o.lattice));
      mark("bwd");
      return loss;
    }, vars);
    mark("adam");
    adamUpdate(params, Object.fromEntries(Object.entries(grads).map(([k, v]) => [names.get(k), v])), state, 1e-3, 1, { ...ADAM_DEFAULTS });
    value.dataSync();
    tf.dispose([value, ...Object.values(grads)]);
    mark("other");
  };
  return { step, params: cspnetParamCount(config), edges: batch.edgeSenders.length };
}
