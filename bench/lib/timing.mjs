// The one in-process warm-up policy of the benchmarks (bench/py/timing.py applies the same one to the references):
// the first pass is the cold figure; further passes run until they have taken MIN_WARM_WALL_MS of wall time (wall, not
// CPU: a parallel pass spends its CPU in workers) and number MIN_WARM_PASSES (at most MAX_PASSES in all); the warm
// figure is the median of those later passes. Both CPU (whole process, all threads) and wall times are recorded.
export const MIN_WARM_WALL_MS = 500;
export const MIN_WARM_PASSES = 1;
export const MAX_PASSES = 50;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One timed call of `pass` (sync or async): its output, process CPU ms (all threads) and wall ms. */
export async function timeOnce(pass) {
  const c = process.cpuUsage();
  const w = performance.now();
  const out = await pass();
  const wallMs = performance.now() - w;
  const u = process.cpuUsage(c);
  return { out, cpuMs: (u.user + u.system) / 1e3, wallMs };
}

/**
 * Cold and warm times of `pass` under the shared policy, divided by `per` (items per pass): { cold: {cpuMs, wallMs},
 * warm: {cpuMs, wallMs} (medians of the warm passes), passes, out (the last pass's output) }.
 */
export async function coldWarm(pass, per = 1) {
  const first = await timeOnce(pass);
  const warm = [];
  let spent = 0, out = first.out;
  while (warm.length < MIN_WARM_PASSES || (spent < MIN_WARM_WALL_MS && warm.length < MAX_PASSES - 1)) {
    const t = await timeOnce(pass);
    warm.push(t);
    spent += t.wallMs;
    out = t.out;
  }
  return summary(first, warm, per, out);
}

/** coldWarm's result from the first pass and the warm passes (times divided by `per`). */
function summary(first, warm, per, out) {
  return {
    cold: { cpuMs: first.cpuMs / per, wallMs: first.wallMs / per },
    warm: { cpuMs: median(warm.map((t) => t.cpuMs)) / per, wallMs: median(warm.map((t) => t.wallMs)) / per },
    passes: warm.length + 1,
    out,
  };
}

/**
 * Cold and warm times of two passes timed in alternation (a, b, a, b, …), so that a machine whose speed drifts during the
 * run slows both sides alike: one cold pass each, then `rounds` warm passes each; warm figures are the medians, divided by
 * `per`. Returns { a, b } in coldWarm's shape.
 */
export async function alternatingColdWarm(passA, passB, per = 1, rounds = 3) {
  const sides = [passA, passB].map((pass) => ({ pass, first: null, warm: [], out: undefined }));
  for (let round = 0; round <= rounds; round++)
    for (const side of sides) {
      const t = await timeOnce(side.pass);
      if (round === 0) side.first = t;
      else side.warm.push(t);
      side.out = t.out;
    }
  const [a, b] = sides.map((side) => summary(side.first, side.warm, per, side.out));
  return { a, b };
}

/** Median wall ms of `steps` calls of a synchronous training `step`, after `warmup` untimed calls (3 by default). */
export function medianStepMs(step, steps, warmup = 3) {
  for (let i = 0; i < warmup; i++) step();
  const times = [];
  for (let i = 0; i < steps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return median(times);
}
