// The GFlowNet family (Crystal-GFN): action masks derived by hand (space group, canonical composition order, charge
// neutrality and Wyckoff feasibility, lattice parameters per crystal system), the trajectory-balance loss of a policy
// whose probabilities are known, P_F summing to one over every complete trajectory of a small tree, and training on a
// toy reward with a known optimum: the sampling frequency approaches R(x)/ΣR as GFlowNet theory says.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { reducedFormula } from "../../src/crystal/composition.js";
import { latticeFromParameters } from "../../src/crystal/lattice.js";
import { type Structure, makeStructure } from "../../src/crystal/structure.js";
import { ModelRequestError, initBackend, modelFamily } from "../../src/models/index.js";
import { CrystalEnvironment, type CrystalEnvironmentSpec, type CrystalState, GflowNetModel, INITIAL_STATE } from "../../src/models/gflownet/index.js";
import { ChargeLookahead } from "../../src/models/gflownet/charge-lookahead.js";
import { encodeState, encodingSize } from "../../src/models/gflownet/encoding.js";
import { LOG_Z_SCALE, initPolicyParams, logPolicy } from "../../src/models/gflownet/policy.js";
import { disposeTrajectoryBatch, trajectoryBalanceLoss, trajectoryBatch, trajectoryLogProbability } from "../../src/models/gflownet/trajectory-balance.js";
import { sampleTrajectories } from "../../src/models/gflownet/trajectories.js";
import { rng } from "../../src/util/random.js";

const O = 8, F = 9, NA = 11, CL = 17, TI = 22, SR = 38;
const SPEC: CrystalEnvironmentSpec = { spaceGroups: [1, 221], elements: [O, NA, CL, TI, SR], maxAtoms: 5, minElements: 2, maxElements: 3, lengths: [4, 5], angles: [80, 90, 100] };
const env = new CrystalEnvironment(SPEC);
const E = (z: number) => SPEC.elements.indexOf(z);
/** The composition action adding `count` atoms of element z. */
const add = (z: number, count: number) => env.layout.composition + E(z) * SPEC.maxAtoms + count - 1;
const valid = (m: Uint8Array) => [...m.keys()].filter((a) => m[a]);
const run = (actions: number[], from: CrystalState = INITIAL_STATE) => actions.reduce((s, a) => env.step(s, a), from);
const inGroup = (g: number) => run([SPEC.spaceGroups.indexOf(g)]);

/** Every terminal state reachable from `s` with the probability of its trajectory under `prob(state, mask)`. */
function enumerate(e: CrystalEnvironment, prob: (s: CrystalState, m: Uint8Array) => Float64Array, s: CrystalState = INITIAL_STATE, p = 1, out: [CrystalState, number][] = []): [CrystalState, number][] {
  if (e.isTerminal(s)) out.push([s, p]);
  else {
    const m = e.mask(s);
    const q = prob(s, m);
    for (const a of valid(m)) enumerate(e, prob, e.step(s, a), p * q[a]!, out);
  }
  return out;
}

beforeAll(async () => {
  await initBackend();
});

describe("the crystal construction's masks", () => {
  it("offers every allowed space group first, and nothing else", () => {
    expect(valid(env.mask(INITIAL_STATE))).toEqual([0, 1]);
  });

  it("closes a composition only when it is charge-neutral by SMACT and a Wyckoff assignment of the group holds it", () => {
    const cubic = inGroup(221);
    expect(env.mask(cubic)[env.layout.stop]).toBe(0); // empty
    expect(env.mask(run([add(NA, 1)], cubic))[env.layout.stop]).toBe(0); // one element < minElements
    expect(env.mask(run([add(NA, 1), add(CL, 1)], cubic))[env.layout.stop]).toBe(1); // NaCl: Na+ Cl−, 1a + 1b
    expect(env.mask(run([add(NA, 1), add(CL, 3)], cubic))[env.layout.stop]).toBe(0); // NaCl3 fits 1a + 3c but is not neutral
    // TiO2 is neutral (Ti4+, 2 O2−), but in Pm-3m (1a 1b 3c 3d 6e …) two O take 1a and 1b and no 1-fold orbit is left for
    // Ti; P1 holds anything.
    expect(env.canStop(221, [[O, 2], [TI, 1]])).toBe(false);
    expect(env.canStop(1, [[O, 2], [TI, 1]])).toBe(true);
    expect(env.mask(run([add(O, 2), add(TI, 1)], inGroup(1)))[env.layout.stop]).toBe(1);
  });

  it("lets a dead end (no addition can ever close) only close, marked as a dead end (floor reward)", () => {
    const dead = run([add(O, 2), add(TI, 1)], inGroup(221)); // only Sr may follow Ti, and no 1-fold orbit is left for it
    expect(valid(env.mask(dead))).toEqual([env.layout.stop]);
    expect(env.step(dead, env.layout.stop).deadEnd).toBe(true);
  });

  it("adds elements in ascending order within maxAtoms, and masks an addition that could never be closed", () => {
    const s = run([add(NA, 1), add(CL, 1)], inGroup(221));
    const m = env.mask(s);
    for (const z of [O, NA, CL]) for (let k = 1; k <= SPEC.maxAtoms; k++) expect(m[add(z, k)]).toBe(0); // not after Cl
    for (let k = 4; k <= SPEC.maxAtoms; k++) expect(m[add(TI, k)]).toBe(0); // 2 + k > 5 atoms
    // A third element is the last one allowed (maxElements 3): it is offered only where the result can close.
    for (const z of [TI, SR]) for (let k = 1; k <= 3; k++) expect(m[add(z, k)]).toBe(env.canStop(221, [[NA, 1], [CL, 1], [z, k]]) ? 1 : 0);
  });

  it("adds no element beyond maxElements", () => {
    const three = run([add(O, 1), add(NA, 1), add(CL, 1)], inGroup(1)); // P1: any count fits, two atoms of room left
    const m = env.mask(three);
    expect(valid(m).every((a) => a >= env.layout.stop)).toBe(true);
  });

  it("offers only counts some Wyckoff orbits of the group add up to, and no group where nothing fits in maxAtoms", () => {
    // Fm-3m: orbits 4a 4b 8c 24d 24e 32f …: an element takes 4 (4a) or 8 (4a + 4b, or 8c) atoms of at most 20 here.
    const big = new CrystalEnvironment({ ...SPEC, spaceGroups: [225, 230], maxAtoms: 20 });
    const m = big.mask(big.step(INITIAL_STATE, 0));
    const counts = (z: number) => Array.from({ length: 20 }, (_, i) => i + 1).filter((k) => m[big.layout.composition + E(z) * 20 + k - 1]);
    expect(counts(NA).every((k) => k % 4 === 0)).toBe(true);
    expect(counts(NA)).toEqual(expect.arrayContaining([4, 8]));
    // Ia-3d: the smallest orbit is 16a, so two elements need 32 > 20 atoms: the group is masked.
    expect(valid(big.mask(INITIAL_STATE))).toEqual([0]);
  });

  it("looks ahead by charge balance: Sr3 (Sr+ or Sr2+ in SMACT) needs three or six F− atoms", () => {
    const lookahead = new ChargeLookahead([SR, F], 2);
    const any = { tag: "any", counts: new Set([1, 2, 3, 4, 5, 6]) };
    expect(lookahead.canBalance([[SR, 3]], 1, 2, 1, any)).toBe(false);
    expect(lookahead.canBalance([[SR, 3]], 1, 3, 1, any)).toBe(true);
    expect(lookahead.canBalance([[SR, 3]], 1, 5, 1, { tag: "no 3 or 6", counts: new Set([1, 2, 4, 5]) })).toBe(false);
  });

  it("asks a cubic group for one length, a triclinic group for three lengths and three angles", () => {
    const cubic = env.step(run([add(NA, 1), add(CL, 1)], inGroup(221)), env.layout.stop);
    expect(valid(env.mask(cubic))).toEqual([env.layout.length, env.layout.length + 1]);
    const done = env.step(cubic, env.layout.length + 1);
    expect(env.isTerminal(done)).toBe(true);
    expect(env.latticeParameters(done)).toEqual([5, 5, 5, 90, 90, 90]);
    let tri = env.step(run([add(NA, 1), add(CL, 1)], inGroup(1)), env.layout.stop);
    const kinds: string[] = [];
    while (!env.isTerminal(tri)) {
      const a = valid(env.mask(tri))[0]!;
      kinds.push(a >= env.layout.angle ? "angle" : "length");
      tri = env.step(tri, a);
    }
    expect(kinds).toEqual(["length", "length", "length", "angle", "angle", "angle"]);
    expect(env.latticeParameters(tri)).toEqual([4, 4, 4, 80, 80, 80]);
  });
});

describe("the policy and trajectory balance", () => {
  it("gives the TB loss (log Z + Σ log P_F − log R)² of a trajectory under a uniform policy (all weights zero)", () => {
    const params = initPolicyParams({ inputs: encodingSize(env), hidden: 4, layers: 1, actions: env.layout.size }, 0);
    for (const v of params.values()) v.assign(tf.zerosLike(v));
    params.get("logZ")!.assign(tf.tensor1d([3 / LOG_Z_SCALE]));
    // SG 221 → Na1 → Cl1 → stop → a = 5 Å. Valid actions on the way: 2 groups, then the masks' counts.
    const path = [1, add(NA, 1), add(CL, 1), env.layout.stop, env.layout.length + 1];
    let s = INITIAL_STATE;
    let logPF = 0;
    for (const a of path) {
      logPF -= Math.log(valid(env.mask(s)).length);
      s = env.step(s, a);
    }
    expect(env.isTerminal(s)).toBe(true);
    const states = path.map((_, t) => run(path.slice(0, t)));
    const traj = { encodings: states.map((st) => {
      const e = new Float32Array(encodingSize(env));
      encodeState(env, st, e, 0);
      return e;
    }), masks: states.map((st) => env.mask(st)), actions: path, terminal: s };
    const batch = trajectoryBatch([traj], [-1.5]);
    const loss = trajectoryBalanceLoss(params, 1, batch);
    expect(loss.dataSync()[0]).toBeCloseTo((3 + logPF + 1.5) ** 2, 3);
    tf.dispose([loss, ...params.values()]);
    disposeTrajectoryBatch(batch);
  });

  it("P_F sums to one over the valid actions of a state, and over every complete trajectory of a small tree", () => {
    const small = new CrystalEnvironment({ spaceGroups: [221, 225], elements: [NA, CL], maxAtoms: 4, minElements: 2, maxElements: 2, lengths: [4, 5, 6], angles: [90] });
    const params = initPolicyParams({ inputs: encodingSize(small), hidden: 16, layers: 2, actions: small.layout.size }, 7);
    const prob = (s: CrystalState, m: Uint8Array) => {
      const e = new Float32Array(encodingSize(small));
      encodeState(small, s, e, 0);
      const p = tf.tidy(() => tf.exp(logPolicy(params, 2, tf.tensor2d(e, [1, e.length]), tf.tensor2d(Float32Array.from(m), [1, m.length]))).dataSync());
      expect(Array.from(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      m.forEach((v, a) => v || expect(p[a]).toBe(0));
      return Float64Array.from(p);
    };
    const terminals = enumerate(small, prob);
    expect(terminals.length).toBeGreaterThan(6); // NaCl in 221 and 225, Na2Cl2 …, times three lengths
    expect(terminals.reduce((a, [, p]) => a + p, 0)).toBeCloseTo(1, 5);
    // The batched loss path gives the same log-probabilities as the per-state walk.
    const trajs = sampleTrajectories(small, params, 2, 8, rng(3));
    const batch = trajectoryBatch(trajs, new Array<number>(8).fill(0));
    const got = trajectoryLogProbability(params, 2, batch);
    const byKey = new Map(terminals.map(([s, p]) => [small.key(s), Math.log(p)]));
    trajs.forEach((t, i) => expect(got.dataSync()[i]).toBeCloseTo(byKey.get(small.key(t.terminal))!, 4));
    tf.dispose([got, ...params.values()]);
    disposeTrajectoryBatch(batch);
  });
});

describe("the gflownet model", () => {
  const cubic = (a: number) => latticeFromParameters(a, a, a, 90, 90, 90);
  const perovskite = (species: number[], a: number, id: string) =>
    makeStructure({ lattice: cubic(a), species, fracCoords: [0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5], properties: { id } });
  const data: Structure[] = Array.from({ length: 16 }, (_, i) => [perovskite([SR, TI, O, O, O], 3.9, `a${i}`), perovskite([56, 40, O, O, O], 4.2, `b${i}`), perovskite([20, TI, O, O, O], 3.8, `c${i}`), perovskite([57, 13, O, O, O], 3.8, `d${i}`)]).flat();

  it("learns to sample a toy reward's optimum with frequency R(x)/ΣR (1 for SrTiO3, 0.02 for every other construction)", async () => {
    const model = modelFamily("gflownet").create({ reward: "atom-count", hidden: 32, layers: 2, maxAtoms: 5, lengthBins: 1, seed: 1 }) as GflowNetModel;
    const isTarget = (s: CrystalState, e: CrystalEnvironment) => !s.deadEnd && reducedFormula(e.counts(s).flatMap(([z, k]) => new Array<number>(k).fill(z))) === "SrTiO3";
    model.setRewardFunction((states, e) => Float64Array.from(states, (s) => (isTarget(s, e) ? 0 : Math.log(0.02))));
    await model.train(data, { epochs: 200, batchSize: 16, lr: 3e-3, seed: 2 });
    const e = model.environment();
    const terminals = enumerate(e, () => new Float64Array(e.layout.size).fill(1)).map(([s]) => s);
    const hits = terminals.filter((s) => isTarget(s, e)).length;
    const expected = hits / (hits + 0.02 * (terminals.length - hits));
    const { states } = await model.sampleConstructions(1000, 9);
    const frequency = states.filter((s) => isTarget(s, e)).length / states.length;
    expect(hits).toBe(1); // one composition in one group with one length bin: one terminal state
    expect(frequency).toBeGreaterThan(expected - 0.1);
    expect(frequency).toBeLessThan(expected + 0.1);
    model.dispose();
  });

  it("resumes a run from its checkpoint and ends where the uninterrupted run ends", async () => {
    const options = { reward: "atom-count", hidden: 8, layers: 1, maxAtoms: 5, lengthBins: 2 } as const;
    const whole = modelFamily("gflownet").create(options);
    await whole.train(data, { epochs: 2, batchSize: 8, seed: 4 });
    const dir = mkdtempSync(join(tmpdir(), "cw-gflownet-"));
    const first = modelFamily("gflownet").create(options);
    await first.train(data, { epochs: 2, batchSize: 8, seed: 4, checkpointDir: dir, stopAfterSteps: 5 });
    const resumed = modelFamily("gflownet").create(options);
    const report = await resumed.train(data, { epochs: 2, batchSize: 8, seed: 4, checkpointDir: dir, resume: true });
    expect([report.stepsDone, resumed.config.training?.stepsDone]).toEqual([16, 16]);
    const plain = (xs: Structure[]) => xs.map((x) => [Array.from(x.species), Array.from(x.fracCoords), Array.from(x.lattice.matrix)]);
    expect(plain(await resumed.sample({ n: 4, seed: 1 }))).toEqual(plain(await whole.sample({ n: 4, seed: 1 })));
    [whole, first, resumed].forEach((m) => m.dispose());
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses, before any work, an untrained model, a group it never saw and a missing predictor", async () => {
    const untrained = modelFamily("gflownet").create({ reward: "atom-count", hidden: 4, layers: 1, maxAtoms: 5, lengthBins: 1 });
    await expect(untrained.sample({ n: 1 })).rejects.toThrow(/has not been trained/);
    await untrained.train(data.slice(0, 4), { epochs: 1, batchSize: 2 });
    const e = await untrained.sample({ n: 1, spaceGroup: 62 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ModelRequestError);
    expect((e as ModelRequestError).field).toBe("spaceGroup");
    const [s] = await untrained.sample({ n: 1, spaceGroup: 221, seed: 3 });
    expect(s!.properties?.spaceGroup).toBe(221);
    expect(s!.properties?.reward).toBeCloseTo(Math.exp(-4 * (s!.species.length / 5)), 9); // β 4, atoms ÷ maxAtoms (primitive = conventional in Pm-3m)
    untrained.dispose();
    const energy = modelFamily("gflownet").create({ reward: "formation-energy", predictor: "/nonexistent/predictor", hidden: 4, layers: 1, maxAtoms: 5 });
    await expect(energy.train(data.slice(0, 4), { epochs: 1, batchSize: 2 })).rejects.toThrow(/predictor \/nonexistent\/predictor cannot be loaded/);
    energy.dispose();
  });
});
