// matminer CrystalNNFingerprint.from_preset("ops") per site, and its site mean (CDVAE's struct_fp, metrics-spec §5.1).
import type { Structure } from "../../crystal/structure.js";
import { CRYSTALNN_MAX_CN, CRYSTALNN_MOTIFS } from "../data/crystal-nn-params.js";
import { crystalNNData } from "./crystal-nn.js";
import { FingerprintError } from "./errors.js";
import { neighbourGeometry, orderParameter } from "./order-parameters.js";

/** Number of features of the CrystalNN "ops" fingerprint. */
export const CRYSTALNN_FINGERPRINT_LENGTH = 61;

/** Feature labels in matminer's order ("wt CN_1", "sgl_bd CN_1", "wt CN_2", "L-shaped CN_2", …). */
export const CRYSTALNN_FINGERPRINT_LABELS: readonly string[] = Object.freeze(
  Array.from({ length: CRYSTALNN_MAX_CN }, (_, k) => [
    `wt CN_${k + 1}`,
    ...(CRYSTALNN_MOTIFS[k + 1] ?? []).map((m) => `${m.label} CN_${k + 1}`),
  ]).flat(),
);

/**
 * The 61-dimensional CrystalNN "ops" fingerprint of one site (dimensionless): for CN 1–24 the CN weight, then for
 * CN ≤ 12 weight × motif order parameter of the CN-shell neighbours. Throws FingerprintError naming the site.
 */
export function siteFingerprint(structure: Structure, site: number): Float64Array {
  const out = new Float64Array(CRYSTALNN_FINGERPRINT_LENGTH);
  try {
    const data = crystalNNData(structure, site);
    let at = 0;
    for (let cn = 1; cn <= CRYSTALNN_MAX_CN; cn++) {
      const wt = data.cnWeights.get(cn) ?? 0;
      out[at++] = wt;
      const motifs = CRYSTALNN_MOTIFS[cn] ?? [];
      if (motifs.length === 0) continue;
      if (wt === 0) {
        at += motifs.length;
        continue;
      }
      const offsets = new Float64Array(3 * cn);
      for (let i = 0; i < cn; i++) offsets.set(data.neighbours[i]!.offset, 3 * i);
      const geometry = neighbourGeometry(offsets);
      for (const m of motifs) out[at++] = wt * (orderParameter(m.op, m.params, geometry) ?? 0);
    }
  } catch (e) {
    if (e instanceof FingerprintError) throw e;
    throw new FingerprintError(site, (e as Error).message);
  }
  return out;
}

/** Fingerprints of every site (one Float64Array(61) per site). Throws FingerprintError at the first failing site. */
export function siteFingerprints(structure: Structure): Float64Array[] {
  return Array.from({ length: structure.species.length }, (_, i) => siteFingerprint(structure, i));
}

/** The crystal's structure fingerprint: the mean of the site fingerprints (Float64Array(61), dimensionless). */
export function crystalNNFingerprint(structure: Structure): Float64Array {
  const sites = siteFingerprints(structure);
  const mean = new Float64Array(CRYSTALNN_FINGERPRINT_LENGTH);
  for (const f of sites) for (let i = 0; i < mean.length; i++) mean[i]! += f[i]!;
  for (let i = 0; i < mean.length; i++) mean[i]! /= sites.length;
  return mean;
}
