// The GAN's two players as plain functions of named weights. The generator maps noise z to a fixed-size crystal
// (standardised FlowMM lattice parameters, unwrapped fractional coordinates, element logits per atom slot);
// the critic is a DeepSets network over atoms with periodic pair features, so it is invariant to the order of atoms.
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import { ANGLE_MIN, ANGLE_SPAN, type LatticeParamStats } from "../flowmm/lattice-params.js";
import type { ParamMap } from "../training/optimizer.js";
import { expTwice, sigmoidTwice } from "./second-order.js";

/** Sizes of the two networks. */
export interface GanShape {
  latentDim: number;
  generatorHidden: number;
  criticHidden: number;
  /** Atoms per crystal. */
  numAtoms: number;
  /** Number of elements (the training elements, in config order). */
  numElements: number;
}

/** A batch of crystals as the critic reads them: standardised lattice parameters [B, 6], fractional coordinates [B, N, 3] and element probabilities [B, N, K]. */
export type CrystalTensors = {
  lattice: tf.Tensor2D;
  frac: tf.Tensor3D;
  probs: tf.Tensor3D;
};

/**
 * The generator's output: standardised lattice parameters [B, 6], fractional coordinates [B, N, 3] not yet wrapped into
 * [0, 1) (the critic reads them through periodic features only, so no sigmoid saturates at the common coordinates 0 and
 * ½; decoding wraps them), element logits in (−3, 3) plus the slot offsets [B, N, K]. */
export interface GeneratedCrystals {
  lattice: tf.Tensor2D;
  frac: tf.Tensor3D;
  logits: tf.Tensor3D;
}

/**
 * Bound of the element logits: logits = L·tanh(raw/L), so no element's probability saturates (at most 0.88 among 56
 * elements) and the generator can still move away from an element it over-uses.
 */
export const LOGIT_BOUND = 3;

/** Number of geometric features of an atom pair: sin and cos of 2π Δfrac (6) and the minimum-image distance / ℓ₀. */
const PAIR_GEOMETRY = 7;

/** Name, shape and fan-in of every weight, generator ("gen.") first, then critic ("critic."). */
function paramShapes(s: GanShape): [string, number[], number][] {
  const [H, C, K, N] = [s.generatorHidden, s.criticHidden, s.numElements, s.numAtoms];
  const linear = (name: string, fanIn: number, out: number): [string, number[], number][] => [[`${name}.W`, [fanIn, out], fanIn], [`${name}.b`, [out], fanIn]];
  const pairIn = 2 * K + PAIR_GEOMETRY;
  return [
    ...linear("gen.hidden1", s.latentDim, H), ...linear("gen.hidden2", H, H),
    ...linear("gen.lattice", H, 6), ...linear("gen.coords", H, 3 * N), ...linear("gen.types", H, N * K),
    // The critic's first pair and atom layers act on concatenated inputs; their weights are stored in row blocks.
    ["critic.pair1.Wi", [K, C], pairIn], ["critic.pair1.Wj", [K, C], pairIn], ["critic.pair1.Wg", [PAIR_GEOMETRY, C], pairIn], ["critic.pair1.b", [C], pairIn],
    ...linear("critic.pair2", C, C),
    ["critic.atom1.Wp", [K, C], K + C], ["critic.atom1.Wm", [C, C], K + C], ["critic.atom1.b", [C], K + C],
    ...linear("critic.atom2", C, C),
    ...linear("critic.readout1", C + 7, C), ...linear("critic.readout2", C, 1),
  ];
}

/**
 * Creates both players' weights from a seed: U(−1/√fan_in, 1/√fan_in) for weights and biases (PyTorch's Linear default),
 * except the coordinate biases, U(0, 1), so that the atoms of the first samples are spread over the cell.
 */
export function initGanParams(s: GanShape, seed: number): ParamMap {
  const r = rng(seed);
  const params: ParamMap = new Map();
  for (const [name, shape, fanIn] of paramShapes(s)) {
    const bound = 1 / Math.sqrt(fanIn);
    const v = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (name === "gen.coords.b" ? r.next() : (2 * r.next() - 1) * bound));
    const t = tf.tensor(v, shape);
    params.set(name, tf.variable(t, true));
    t.dispose();
  }
  return params;
}

/** The weights of one player ("gen" or "critic"), as a view on the same variables. */
export function playerParams(params: ParamMap, player: "gen" | "critic"): ParamMap {
  return new Map([...params].filter(([name]) => name.startsWith(`${player}.`)));
}

/** SiLU x·σ(x): smooth, so the gradient penalty's second derivatives exist everywhere (σ differentiable twice in TF.js). */
const silu = (x: tf.Tensor) => tf.mul(x, sigmoidTwice(x));

function dense(p: ParamMap, name: string, x: tf.Tensor2D): tf.Tensor2D {
  return tf.add(tf.matMul(x, p.get(`${name}.W`)!), p.get(`${name}.b`)!);
}

/** A weight applied to the last axis of a tensor of any rank. */
function project(x: tf.Tensor, W: tf.Tensor): tf.Tensor {
  const shape = x.shape;
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, shape[shape.length - 1]!]), W as tf.Tensor2D), [...shape.slice(0, -1), W.shape[1]!]);
}

/** Added to the logits of an element a slot may not take: its probability becomes < e^−90. */
export const EXCLUDED_LOGIT = -100;

/** Logit offsets [N, K]: 0 where slot i may take element k (`allowed[i]` holds atomic numbers), EXCLUDED_LOGIT elsewhere. */
export function slotLogitOffsets(allowed: readonly (readonly number[])[], elements: readonly number[]): tf.Tensor2D {
  return tf.tensor2d(allowed.flatMap((list) => elements.map((z) => (list.includes(z) ? 0 : EXCLUDED_LOGIT))), [allowed.length, elements.length]);
}

/** The generator: z [B, latentDim] → a batch of fixed-size crystals; `slotOffsets` [N, K] (slotLogitOffsets) is added to the element logits. */
export function generatorForward(p: ParamMap, s: GanShape, z: tf.Tensor2D, slotOffsets: tf.Tensor2D): GeneratedCrystals {
  return tf.tidy(() => {
    const h = silu(dense(p, "gen.hidden2", silu(dense(p, "gen.hidden1", z)) as tf.Tensor2D)) as tf.Tensor2D;
    const B = z.shape[0];
    return {
      lattice: dense(p, "gen.lattice", h),
      frac: dense(p, "gen.coords", h).reshape([B, s.numAtoms, 3]) as tf.Tensor3D,
      logits: tf.add(tf.mul(tf.tanh(tf.div(dense(p, "gen.types", h), LOGIT_BOUND)), LOGIT_BOUND).reshape([B, s.numAtoms, s.numElements]), slotOffsets) as tf.Tensor3D,
    };
  });
}

/**
 * Per atom pair (i, j): sin and cos of 2π(x_j − x_i) and the minimum-image distance |Δ − round(Δ)|_G / ℓ₀ from the
 * metric tensor G of the lattice (Å; ℓ₀ = exp of the mean log length of the training cells). Returns [B, N, N, 7].
 */
export function pairGeometry(lattice: tf.Tensor2D, frac: tf.Tensor3D, stats: LatticeParamStats): tf.Tensor4D {
  return tf.tidy(() => {
    const p = tf.add(tf.mul(lattice, stats.std), stats.mean) as tf.Tensor2D;
    const scale = Math.exp((stats.mean[0]! + stats.mean[1]! + stats.mean[2]!) / 3);
    const len = tf.div(expTwice(p.slice([0, 0], [-1, 3])), scale);
    const cosAngle = tf.cos(tf.mul(tf.add(tf.mul(sigmoidTwice(p.slice([0, 3], [-1, 3])), ANGLE_SPAN), ANGLE_MIN), Math.PI / 180));
    const [a, b, c] = tf.split(len, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const [ca, cb, cg] = tf.split(cosAngle, 3, 1) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    // Metric tensor G (in units of ℓ₀²), rows [a², ab cos γ, ac cos β], [ab cos γ, b², bc cos α], [ac cos β, bc cos α, c²].
    const ab = a.mul(b).mul(cg), ac = a.mul(c).mul(cb), bc = b.mul(c).mul(ca);
    const G = tf.concat([a.square(), ab, ac, ab, b.square(), bc, ac, bc, c.square()], 1).reshape([-1, 3, 3]) as tf.Tensor3D;
    const [B, N] = frac.shape;
    const delta = tf.sub(frac.expandDims(1), frac.expandDims(2)); // [B, i, j, 3] = x_j − x_i
    const w = tf.sub(delta, tf.round(delta)).reshape([B, N * N, 3]) as tf.Tensor3D;
    const d2 = tf.sum(tf.mul(tf.matMul(w, G), w), 2).reshape([B, N, N, 1]);
    const angle = tf.mul(delta, 2 * Math.PI);
    return tf.concat([tf.sin(angle), tf.cos(angle), tf.sqrt(tf.add(d2, 1e-6))], 3) as tf.Tensor4D;
  });
}

/**
 * The critic D: for each crystal, pair messages ψ(p_i, p_j, geometry_ij) averaged over the other atoms, atom features
 * φ(p_i, m_i) mean-pooled, and a readout ρ(pool, lattice, s) → one score per crystal [B], where s is the minibatch
 * standard deviation of the pooled features (Karras et al. 2018), the same for every crystal of the batch: it lets the
 * critic see a batch that lacks diversity (a collapsed generator). Scores therefore depend on the batch they come in.
 */
export function criticForward(p: ParamMap, x: CrystalTensors, stats: LatticeParamStats): tf.Tensor1D {
  return tf.tidy(() => {
    const [B, N] = x.frac.shape;
    const geo = pairGeometry(x.lattice, x.frac, stats);
    const pi = project(x.probs, p.get("critic.pair1.Wi")!).expandDims(2); // [B, i, 1, C]
    const pj = project(x.probs, p.get("critic.pair1.Wj")!).expandDims(1); // [B, 1, j, C]
    const e1 = silu(tf.add(tf.add(pi, pj), tf.add(project(geo, p.get("critic.pair1.Wg")!), p.get("critic.pair1.b")!)));
    const e2 = silu(tf.add(project(e1, p.get("critic.pair2.W")!), p.get("critic.pair2.b")!));
    const others = tf.sub(1, tf.eye(N)).reshape([1, N, N, 1]);
    const m = tf.div(tf.sum(tf.mul(e2, others), 2), Math.max(1, N - 1)); // [B, N, C]
    const h1 = silu(tf.add(tf.add(project(x.probs, p.get("critic.atom1.Wp")!), project(m, p.get("critic.atom1.Wm")!)), p.get("critic.atom1.b")!));
    const h2 = silu(tf.add(project(h1, p.get("critic.atom2.W")!), p.get("critic.atom2.b")!));
    const pooled = tf.mean(h2, 1) as tf.Tensor2D;
    const centred = tf.sub(pooled, tf.mean(pooled, 0, true));
    const spread = tf.mean(tf.sqrt(tf.add(tf.mean(tf.square(centred), 0), 1e-8))).reshape([1, 1]).tile([B, 1]) as tf.Tensor2D;
    const r = silu(dense(p, "critic.readout1", tf.concat([pooled, x.lattice, spread], 1))) as tf.Tensor2D;
    return dense(p, "critic.readout2", r).reshape([B]) as tf.Tensor1D;
  });
}
