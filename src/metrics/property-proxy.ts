// A composition-based property proxy for generated crystals: the property of the reference crystal whose composition
// is nearest (Euclidean distance between scaled Magpie fingerprints, the composition fingerprint of the COV metrics).
// For families whose property is set mainly by the chemistry (perovskite heats of formation, Madelung energies of
// ionic prototypes) this measures whether sampling moved the chemistry towards a target; it is blind to geometry.
import type { Structure } from "../crystal/structure.js";
import { MAGPIE_FEATURE_COUNT, magpieFingerprint, scaleCompositionFingerprint } from "./composition-fingerprint/index.js";

/** The proxy value of one crystal and how it was found. */
export interface ProxyValue {
  /** Property of the nearest reference crystal (the reference's unit). */
  value: number;
  /** Fingerprint distance to it (0: the same reduced composition, "known" property). */
  distance: number;
  /** Index of that reference crystal. */
  index: number;
}

/**
 * A function giving each crystal the `property` of the reference crystal with the nearest scaled Magpie composition
 * fingerprint. Reference crystals without a finite numeric value of the property are skipped; throws if none has one.
 */
export function nearestCompositionProperty(reference: readonly Structure[], property: string): (s: Structure) => ProxyValue {
  const rows: number[] = [];
  reference.forEach((s, i) => {
    const v = s.properties?.[property];
    if (typeof v === "number" && Number.isFinite(v)) rows.push(i);
  });
  if (rows.length === 0) throw new Error(`nearestCompositionProperty: no reference crystal has a numeric ${property}`);
  const F = MAGPIE_FEATURE_COUNT;
  const fps = new Float64Array(rows.length * F);
  rows.forEach((i, r) => fps.set(scaleCompositionFingerprint(magpieFingerprint(reference[i]!.species)), r * F));
  return (s) => {
    const fp = scaleCompositionFingerprint(magpieFingerprint(s.species));
    let best = Infinity, bestRow = 0;
    for (let r = 0; r < rows.length; r++) {
      let d = 0;
      for (let k = 0; k < F && d < best; k++) d += (fp[k]! - fps[r * F + k]!) ** 2;
      if (d < best) { best = d; bestRow = r; }
    }
    const index = rows[bestRow]!;
    return { value: reference[index]!.properties![property] as number, distance: Math.sqrt(best), index };
  };
}

/** Summary of a property proxy over many crystals. */
export interface ProxySummary {
  /** Mean and median proxy value (the property's unit); NaN without crystals. */
  mean: number;
  median: number;
  /** Fraction of crystals whose reduced composition is in the reference (distance 0: the proxy is a known value). */
  knownFraction: number;
  n: number;
}

/** Mean, median (lower middle) and known-composition fraction of the proxy values of `crystals`. */
export function summariseProxy(crystals: readonly Structure[], proxy: (s: Structure) => ProxyValue): ProxySummary {
  const values = crystals.map(proxy);
  const v = values.map((p) => p.value).sort((a, b) => a - b);
  const n = v.length;
  return {
    mean: n ? v.reduce((a, b) => a + b, 0) / n : NaN,
    median: n ? v[Math.floor((n - 1) / 2)]! : NaN,
    knownFraction: n ? values.filter((p) => p.distance === 0).length / n : NaN,
    n,
  };
}
