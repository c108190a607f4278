// CDVAE's networks as functions of named weights: the encoder (a CSPNet over the crystal, mean-pooled to μ and log σ²),
// the MLP heads on z (atom count, lattice, composition, property) and the z-conditioned CSPNet score decoder.
import * as tf from "@tensorflow/tfjs";
import { rng } from "../../util/random.js";
import { type CrystalGraph, type CspnetOutput, cspnetAtomFeatures, cspnetForward, initCspnetParams } from "../cspnet/index.js";
import type { ParamMap } from "../training/optimizer.js";
import type { CdvaeFamilyConfig } from "./config.js";

/** Prefixes of the three weight groups in one ParamMap. */
const ENC = "enc.", DEC = "dec.", HEAD = "head.";

/** The output heads of a CSPNet that the encoder does not use (it pools the atom features instead). */
const encoderUnused = (name: string) => /^(coord|lattice|coordEdge[12])\./.test(name);

/** The MLP heads on z: name and output width (numTypes composition logits, maxAtoms + 1 atom-count classes). */
function headOutputs(f: CdvaeFamilyConfig, maxAtoms: number): [string, number][] {
  return [["numAtoms", maxAtoms + 1], ["lattice", 6], ["composition", f.decoder.numTypes], ...(f.property ? [["property", 1] as [string, number]] : [])];
}

/** Creates every weight from the seed: encoder and decoder as CSPNet (PyTorch-default init), heads U(±1/√fan_in). */
export function initCdvaeParams(f: CdvaeFamilyConfig, maxAtoms: number, seed: number): ParamMap {
  const out: ParamMap = new Map();
  const enc = initCspnetParams(f.encoder, seed);
  for (const [k, v] of enc) if (encoderUnused(k)) v.dispose(); else out.set(ENC + k, v);
  for (const [k, v] of initCspnetParams(f.decoder, seed + 1)) out.set(DEC + k, v);
  const r = rng(seed + 2);
  const H = f.encoder.hidden, D = f.latentDim, M = f.headHidden;
  const linear = (name: string, fanIn: number, width: number) => {
    for (const [suffix, shape] of [["W", [fanIn, width]], ["b", [width]]] as const) {
      const n = shape.reduce((a, b) => a * b, 1);
      const t = tf.tensor(Float32Array.from({ length: n }, () => (2 * r.next() - 1) / Math.sqrt(fanIn)), [...shape]);
      out.set(`${HEAD}${name}.${suffix}`, tf.variable(t, true));
      t.dispose();
    }
  };
  linear("mu", H, D);
  linear("logvar", H, D);
  for (const [name, width] of headOutputs(f, maxAtoms)) {
    linear(`${name}1`, D, M);
    linear(`${name}2`, M, M);
    linear(`${name}3`, M, width);
  }
  return out;
}

/** The weights of one group without its prefix (the same variables). */
function group(params: ParamMap, prefix: string): ParamMap {
  const out: ParamMap = new Map();
  for (const [k, v] of params) if (k.startsWith(prefix)) out.set(k.slice(prefix.length), v);
  return out;
}

const dense = (x: tf.Tensor, p: ParamMap, name: string) => tf.matMul(x as tf.Tensor2D, p.get(`${HEAD}${name}.W`)!).add(p.get(`${HEAD}${name}.b`)!);
const silu = (x: tf.Tensor) => x.mul(tf.sigmoid(x));

/** The crystal as the encoder reads it: atomic numbers [N] int32, fractional coordinates [N, 3], lattices [B, 3, 3] (Å). */
export interface EncoderInput {
  species: tf.Tensor1D;
  fracCoords: tf.Tensor2D;
  lattices: tf.Tensor3D;
}

/** μ and log σ² of q(z | crystal), each [B, latentDim]. Call inside tf.tidy or a gradient function. */
export function encodeForward(params: ParamMap, f: CdvaeFamilyConfig, g: CrystalGraph, x: EncoderInput): { mu: tf.Tensor2D; logvar: tf.Tensor2D } {
  const time = tf.zeros([g.numCrystals]) as tf.Tensor1D;
  const h = cspnetAtomFeatures(group(params, ENC), f.encoder, g, { types: x.species, fracCoords: x.fracCoords, lattices: x.lattices, time });
  const pooled = tf.unsortedSegmentSum(h, g.crystalIndex, g.numCrystals).mul(g.invNumAtoms);
  return { mu: dense(pooled, params, "mu") as tf.Tensor2D, logvar: dense(pooled, params, "logvar") as tf.Tensor2D };
}

/** What the heads read from z: atom-count logits [B, maxAtoms+1], standardised lattice parameters [B, 6], composition logits [B, K], standardised property [B] (when the model has one). */
export interface HeadOutputs {
  numAtoms: tf.Tensor2D;
  lattice: tf.Tensor2D;
  composition: tf.Tensor2D;
  property?: tf.Tensor1D;
}

/** Runs the MLP heads on z [B, latentDim]. Call inside tf.tidy or a gradient function. */
export function headsForward(params: ParamMap, f: CdvaeFamilyConfig, z: tf.Tensor2D): HeadOutputs {
  const mlp = (name: string) => dense(silu(dense(silu(dense(z, params, `${name}1`)), params, `${name}2`)), params, `${name}3`) as tf.Tensor2D;
  const out: HeadOutputs = { numAtoms: mlp("numAtoms"), lattice: mlp("lattice"), composition: mlp("composition") };
  if (f.property) out.property = mlp("property").reshape([-1]) as tf.Tensor1D;
  return out;
}

/** The z-conditioned score decoder at noise-level time `time` [B] (0 … 1000): coordinate scores [N, 3] and type logits [N, K]. */
export function decodeForward(params: ParamMap, f: CdvaeFamilyConfig, g: CrystalGraph, x: EncoderInput, time: tf.Tensor1D, z: tf.Tensor2D): CspnetOutput {
  return cspnetForward(group(params, DEC), f.decoder, g, { types: x.species, fracCoords: x.fracCoords, lattices: x.lattices, time, condition: z });
}
