// Table rows of the benchmarks: { name, ours, reference, unit, ratio, note }.

/**
 * A side-by-side row of costs (time per unit): ratio = reference / ours, so > 1 means we are faster; no ratio when a
 * side is missing or not positive (a cost within noise of zero has no meaningful ratio).
 */
export function costRow(name, ours, reference, unit, note) {
  const ok = (v) => typeof v === "number" && Number.isFinite(v) && v > 0;
  return { name, ours, reference: reference ?? null, unit, ratio: ok(ours) && ok(reference) ? reference / ours : null, note };
}

/** A side-by-side row of rates (items per unit time): ratio = ours / reference, so > 1 means we are faster, as for costs. */
export function rateRow(name, ours, reference, unit, note) {
  const { ratio } = costRow(name, reference, ours, unit, note); // a rate is an inverse cost: ratio = ours / reference
  return { name, ours, reference: reference ?? null, unit, ratio, note };
}

/** A row with no in-run reference (ours only, no ratio); the note says why. */
export function oursOnlyRow(name, ours, unit, note) {
  return { name, ours, reference: null, unit, ratio: null, note };
}

const ms = (v) => (v >= 100 ? v.toFixed(0) : v.toPrecision(3));

/**
 * A serial side-by-side row from two cold/warm timings (ours from bench/lib/timing.mjs, the reference's JSON from
 * bench/py/timing.py): the warm CPU times compared, the cold (first-pass) CPU times quoted in the note.
 */
export function warmCpuRow(name, ours, reference, per, note) {
  const cold = `cold (first pass) ours ${ms(ours.cold.cpuMs)} / ref ${ms(reference.cold.cpu_ms)}`;
  return costRow(name, ours.warm.cpuMs, reference.warm.cpu_ms, `CPU ms/${per}`, `warm both, one thread both; ${cold}; ${note}`);
}
