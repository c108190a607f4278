// Forward pass of the CSPNet denoiser: periodic (Fourier features of fractional differences), invariant to rotation
// (the lattice enters only through its Gram matrix L·Lᵀ) and translation, and permutation equivariant (sums over atoms).
import * as tf from "@tensorflow/tfjs";
import { fusedFourierFeatures } from "../backend/index.js";
import type { CspnetConfig, CspnetLocal } from "./config.js";
import type { CrystalGraph } from "./graph.js";
import { cosineEnvelope, localEdges, radialBasis } from "./local-edges.js";
import type { CspnetParams } from "./params.js";

/** The noisy state the denoiser sees. */
export interface CspnetInput {
  /** Atom types: int32 atomic numbers [N] (CSP) or float type vectors [N, numTypes] (de novo, diffused types). */
  types: tf.Tensor;
  /** Fractional coordinates [N, 3]. */
  fracCoords: tf.Tensor2D;
  /** Lattice matrices, rows a, b, c in Å [B, 3, 3]. */
  lattices: tf.Tensor3D;
  /** Time of each crystal on the 0 … 1000 scale [B]. */
  time: tf.Tensor1D;
  /** Condition per crystal [B, conditionDim]: [value, present] for guidance, a latent vector for CDVAE (only when config.condition). */
  condition?: tf.Tensor2D;
}

/** What the denoiser predicts. */
export interface CspnetOutput {
  /** Per-atom fractional-coordinate output (score or velocity) [N, 3]. */
  coord: tf.Tensor2D;
  /** Per-crystal lattice output, the 3×3 head output times the lattice (rotation equivariant) [B, 3, 3]. */
  lattice: tf.Tensor3D;
  /** The 9 raw lattice-head numbers before that product (rotation invariant) [B, 9]; FlowMM reads lattice parameters here. */
  latticeInvariant: tf.Tensor2D;
  /** Atom-type logits [N, numTypes] (only when config.typeHead). */
  typeLogits?: tf.Tensor2D;
}

/** Sinusoidal embedding of times [B] → [B, T]: sin(t·ω_k), cos(t·ω_k), ω_k = 10000^(−k/(T/2)). */
export function timeEmbedding(time: tf.Tensor1D, dim: number): tf.Tensor2D {
  return tf.tidy(() => {
    const half = dim / 2;
    const w = tf.tensor1d(Float32Array.from({ length: half }, (_, k) => Math.exp((-Math.log(10000) * k) / half)));
    const x = time.reshape([-1, 1]).mul(w.reshape([1, half]));
    return tf.concat([tf.sin(x), tf.cos(x)], 1) as tf.Tensor2D;
  });
}

/**
 * sin/cos Fourier features of fractional differences [E, 3] → [E, 6F] (per axis: F sines then F cosines, k = 0…F−1),
 * by the fused kernel where the backend has it (backend/kernels/fourier-features.ts), else by tensor ops.
 */
export function fourierFeatures(diff: tf.Tensor2D, freqs: number): tf.Tensor2D {
  return fusedFourierFeatures(diff, freqs) ?? tf.tidy(() => {
    const k = tf.tensor1d(Float32Array.from({ length: freqs }, (_, i) => 2 * Math.PI * i));
    const x = diff.reshape([-1, 3, 1]).mul(k.reshape([1, 1, freqs]));
    return tf.concat([tf.sin(x), tf.cos(x)], 2).reshape([-1, 6 * freqs]) as tf.Tensor2D;
  });
}

const silu = (x: tf.Tensor): tf.Tensor => x.mul(tf.sigmoid(x));

function linear(x: tf.Tensor, p: CspnetParams, name: string): tf.Tensor {
  return tf.matMul(x as tf.Tensor2D, p.get(`${name}.W`)!).add(p.get(`${name}.b`)!);
}

function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).mul(tf.rsqrt(variance.add(1e-5))).mul(gamma).add(beta);
}

/** The tensors of a batch's local edges (see local-edges.ts): indices, fractional displacements, radial basis, envelope. */
interface LocalTensors {
  receivers: tf.Tensor1D;
  senders: tf.Tensor1D;
  fracDelta: tf.Tensor2D;
  basis: tf.Tensor2D;
  envelope: tf.Tensor2D;
}

/** The local edges of the input's current coordinates (read from the tensors: the graph follows the atoms). */
function localTensors(local: CspnetLocal, g: CrystalGraph, input: CspnetInput): LocalTensors {
  const e = localEdges(input.fracCoords.dataSync(), input.lattices.dataSync(), g.atomOffset, g.atomCounts, local.cutoff, local.maxNeighbors);
  const E = e.receivers.length;
  return {
    receivers: tf.tensor1d(e.receivers, "int32"),
    senders: tf.tensor1d(e.senders, "int32"),
    fracDelta: tf.tensor2d(e.fracDelta, [E, 3]),
    basis: tf.tensor2d(radialBasis(e.distances, local.cutoff, local.basis), [E, local.basis]),
    envelope: tf.tensor2d(cosineEnvelope(e.distances, local.cutoff), [E, 1]),
  };
}

/** An edge MLP's first layer on [h_receiver, h_sender, radial basis] from its three weight blocks, after SiLU. */
function edgeHidden(h: tf.Tensor, t: LocalTensors, p: (s: string) => tf.Tensor, name: string): tf.Tensor {
  const hi = tf.matMul(h as tf.Tensor2D, p(`${name}.Wi`) as tf.Tensor2D), hj = tf.matMul(h as tf.Tensor2D, p(`${name}.Wj`) as tf.Tensor2D);
  return silu(tf.gather(hi, t.receivers).add(tf.gather(hj, t.senders)).add(tf.matMul(t.basis, p(`${name}.Wr`) as tf.Tensor2D)).add(p(`${name}.b`)));
}

/**
 * The per-atom features [N, H] after the message-passing layers (invariant to rotation, translation and the choice of
 * periodic image; permutation equivariant). Call inside tf.tidy or a gradient function. Needs only the parameters up to
 * the layers (the output heads may be absent, as in an encoder).
 */
export function cspnetAtomFeatures(params: CspnetParams, config: CspnetConfig, g: CrystalGraph, input: CspnetInput): tf.Tensor2D {
  return atomFeatures(params, config, g, input, config.local ? localTensors(config.local, g, input) : null);
}

function atomFeatures(params: CspnetParams, config: CspnetConfig, g: CrystalGraph, input: CspnetInput, local: LocalTensors | null): tf.Tensor2D {
  const embed = params.get("embed.W")!;
  const typeEmb = input.types.dtype === "int32" ? tf.gather(embed, input.types) : tf.matMul(input.types as tf.Tensor2D, embed);
  const tEmb = tf.gather(timeEmbedding(input.time, config.timeDim), g.crystalIndex);
  let h = linear(tf.concat([typeEmb, tEmb], 1), params, "input");
  if (config.condition) {
    if (!input.condition) throw new Error("cspnetForward: this model is conditioned; pass input.condition");
    h = h.add(tf.gather(linear(input.condition, params, "cond"), g.crystalIndex));
  }
  const gram = tf.matMul(input.lattices, input.lattices, false, true).reshape([-1, 9]);
  const diff = tf.sub(tf.gather(input.fracCoords, g.senders), tf.gather(input.fracCoords, g.receivers)) as tf.Tensor2D;
  const fourier = fourierFeatures(diff, config.freqs);
  for (let l = 0; l < config.layers; l++) {
    const p = (s: string) => params.get(`layer${l}.${s}`)!;
    // First edge Linear on [h_i, h_j, gram, fourier], evaluated block by block: node terms once per atom, Gram once per crystal.
    const hi = tf.matMul(h as tf.Tensor2D, p("edge1.Wi"));
    const hj = tf.matMul(h as tf.Tensor2D, p("edge1.Wj"));
    const gg = tf.matMul(gram, p("edge1.Wg"));
    const pre = tf.gather(hi, g.receivers).add(tf.gather(hj, g.senders)).add(tf.gather(gg, g.edgeCrystal)).add(tf.matMul(fourier, p("edge1.Wf"))).add(p("edge1.b"));
    const m = silu(linear(silu(pre), params, `layer${l}.edge2`));
    const agg = tf.unsortedSegmentSum(m, g.receivers, g.numAtomsTotal).mul(g.invDegree);
    let pre1 = linear(tf.concat([h, agg], 1), params, `layer${l}.node1`);
    if (local) {
      // Local messages, gated by the envelope and summed (scaled by 1 / maxNeighbors), so the coordination is visible.
      const ml = silu(linear(edgeHidden(h, local, p, "local1"), params, `layer${l}.local2`)).mul(local.envelope);
      const sum = tf.unsortedSegmentSum(ml, local.receivers, g.numAtomsTotal).div(config.local!.maxNeighbors);
      pre1 = pre1.add(tf.matMul(sum as tf.Tensor2D, p("node1.Wl")));
    }
    const upd = silu(linear(silu(pre1), params, `layer${l}.node2`));
    h = layerNorm(h.add(upd), p("norm.gamma"), p("norm.beta"));
  }
  return h as tf.Tensor2D;
}

/** Runs the denoiser (call inside tf.tidy or a gradient function; the outputs are new tensors). */
export function cspnetForward(params: CspnetParams, config: CspnetConfig, g: CrystalGraph, input: CspnetInput): CspnetOutput {
  const local = config.local ? localTensors(config.local, g, input) : null;
  const h = atomFeatures(params, config, g, input, local);
  const pooled = tf.unsortedSegmentSum(h, g.crystalIndex, g.numCrystals).mul(g.invNumAtoms);
  let coord = linear(h, params, "coord") as tf.Tensor2D;
  if (local) {
    // Σ_e w_e · Δf_e over each atom's local edges: a vector along the bonds, periodic and translation invariant.
    const w = linear(edgeHidden(h, local, (s) => params.get(s)!, "coordEdge1"), params, "coordEdge2").mul(local.envelope);
    coord = coord.add(tf.unsortedSegmentSum(w.mul(local.fracDelta), local.receivers, g.numAtomsTotal)) as tf.Tensor2D;
  }
  const latticeInvariant = linear(pooled, params, "lattice") as tf.Tensor2D;
  const out: CspnetOutput = { coord, lattice: tf.matMul(latticeInvariant.reshape([-1, 3, 3]) as tf.Tensor3D, input.lattices), latticeInvariant };
  if (config.typeHead) out.typeLogits = linear(h, params, "type") as tf.Tensor2D;
  return out;
}
