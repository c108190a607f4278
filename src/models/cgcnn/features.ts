// The fixed inputs of CGCNN: the Gaussian expansion of edge lengths (Xie & Grossman 2018) and the per-element Magpie
// descriptors (standardised over the elements Z 1–103; missing values 0).
import * as tf from "@tensorflow/tfjs";
import { MAGPIE_PROPERTIES, MAGPIE_TABLE } from "../../metrics/data/magpie.js";

/** Number of element descriptors (the Magpie elemental properties). */
export const ELEMENT_DESCRIPTOR_COUNT = MAGPIE_PROPERTIES.length;

/** Centres μ_k = k·cutoff/(K − 1), k = 0 … K − 1 (Å), and the width (their spacing). */
export function gaussianCentres(cutoff: number, count: number): { centres: Float32Array; width: number } {
  const width = cutoff / (count - 1);
  return { centres: Float32Array.from({ length: count }, (_, k) => k * width), width };
}

/** exp(−(d − μ_k)² / w²) for every edge length d (Å): [E, K]. */
export function gaussianExpansion(distances: tf.Tensor1D, cutoff: number, count: number): tf.Tensor2D {
  const { centres, width } = gaussianCentres(cutoff, count);
  return tf.tidy(() => tf.exp(tf.neg(tf.square(distances.expandDims(1).sub(tf.tensor1d(centres))).div(width * width))) as tf.Tensor2D);
}

/**
 * The descriptor table [numTypes, 22]: row Z holds element Z's Magpie properties, each standardised by its mean and
 * (population) std over Z 1–103 with missing values set to 0; row 0 and rows beyond 103 are 0.
 */
export function elementDescriptorTable(numTypes: number): Float32Array {
  const P = ELEMENT_DESCRIPTOR_COUNT;
  const out = new Float32Array(numTypes * P);
  MAGPIE_TABLE.forEach((column, p) => {
    const known = Array.from(column).slice(1).filter((x) => !Number.isNaN(x));
    const mean = known.reduce((a, b) => a + b, 0) / known.length;
    const std = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / known.length) || 1;
    for (let z = 1; z < Math.min(numTypes, column.length); z++) out[z * P + p] = Number.isNaN(column[z]!) ? 0 : (column[z]! - mean) / std;
  });
  return out;
}
