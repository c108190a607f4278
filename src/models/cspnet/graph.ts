// The integer index tensors and per-crystal constants of one batch's fully connected crystal graph.
import * as tf from "@tensorflow/tfjs";
import type { Batch } from "../../representations/batch.js";

/** Index tensors of a batch (no values that change during denoising). Dispose with disposeCrystalGraph. */
export interface CrystalGraph {
  numCrystals: number;
  numAtomsTotal: number;
  /** Crystal of each atom [N] int32. */
  crystalIndex: tf.Tensor1D;
  /** Receiving atom i of each edge [E] int32 (messages are averaged here). */
  receivers: tf.Tensor1D;
  /** Sending atom j of each edge [E] int32. */
  senders: tf.Tensor1D;
  /** Crystal of each edge [E] int32. */
  edgeCrystal: tf.Tensor1D;
  /** 1 / max(n_crystal − 1, 1) per atom [N, 1] (mean over neighbours). */
  invDegree: tf.Tensor2D;
  /** 1 / n_crystal per crystal [B, 1] (mean pooling). */
  invNumAtoms: tf.Tensor2D;
  /** Each crystal's first atom (B), on the host: the local edges are built there. */
  atomOffset: Int32Array;
  /** Atoms of each crystal (B), on the host. */
  atomCounts: Int32Array;
}

/** Builds the graph tensors of a batch. */
export function crystalGraph(batch: Batch): CrystalGraph {
  const N = batch.species.length;
  const invDeg = new Float32Array(N);
  for (let i = 0; i < N; i++) invDeg[i] = 1 / Math.max(batch.numAtoms[batch.crystalIndex[i]!]! - 1, 1);
  const edgeCrystal = batch.edgeReceivers.map((r) => batch.crystalIndex[r]!);
  return {
    numCrystals: batch.numCrystals,
    numAtomsTotal: N,
    crystalIndex: tf.tensor1d(batch.crystalIndex, "int32"),
    receivers: tf.tensor1d(batch.edgeReceivers, "int32"),
    senders: tf.tensor1d(batch.edgeSenders, "int32"),
    edgeCrystal: tf.tensor1d(edgeCrystal, "int32"),
    invDegree: tf.tensor2d(invDeg, [N, 1]),
    invNumAtoms: tf.tensor2d(Float32Array.from(batch.numAtoms, (n) => 1 / n), [batch.numCrystals, 1]),
    atomOffset: batch.atomOffset,
    atomCounts: batch.numAtoms,
  };
}

/** Frees the tensors of a crystal graph. */
export function disposeCrystalGraph(g: CrystalGraph): void {
  tf.dispose([g.crystalIndex, g.receivers, g.senders, g.edgeCrystal, g.invDegree, g.invNumAtoms]);
}
