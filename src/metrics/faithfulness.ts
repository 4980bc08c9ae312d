/**
 * Faithfulness of one explanation: its MoRF and LeRF region-perturbation curves, ABPC and AOPC, beside the same
 * for a seeded random order of the patches, so a number means something on its own. Every perturbed input goes
 * through the plain forward graph in batches.
 */
import { ExplainError } from '../errors';
import type { FaithfulnessOptions, FaithfulnessResult, PerturbationCurve, Preprocessing, RemovalMode, TensorInput } from '../protocol';
import type { ScalarMap } from '../render/colormap';
import { mostRelevantFirst, patchGrid, patchRelevance, randomOrder } from './patches';
import { abpc, aopc, maskAfter, removalCounts } from './perturbation';
import { makeRemoval } from './removal';

export const FAITHFULNESS_DEFAULTS = { patch: 8, steps: 16, until: 0.5, removal: 'blur', seed: 0, randomOrders: 3 } as const;
export const REMOVAL_MODES: readonly RemovalMode[] = ['blur', 'zero', 'mean', 'noise', 'road'];

export interface FaithfulnessInputs {
  input: TensorInput;
  pre: Preprocessing;
  /** The explanation per input pixel. */
  map: ScalarMap;
  /** The input's own score for the target. */
  score: number;
  /** The target's score for `count` inputs, batched by the caller. */
  scores(count: number, sample: (i: number) => Float32Array): Promise<Float32Array>;
  /** The model reads the image as patch tokens of this size (a ViT), if it does. */
  tokenPatch?: number;
}

export async function measureFaithfulness(x: FaithfulnessInputs, opts: FaithfulnessOptions = {}): Promise<FaithfulnessResult> {
  const t0 = performance.now();
  const patch = opts.patch ?? x.tokenPatch ?? FAITHFULNESS_DEFAULTS.patch;
  const steps = opts.steps ?? FAITHFULNESS_DEFAULTS.steps;
  const until = opts.until ?? FAITHFULNESS_DEFAULTS.until;
  const removalMode = opts.removal ?? FAITHFULNESS_DEFAULTS.removal;
  const seed = opts.seed ?? FAITHFULNESS_DEFAULTS.seed;
  const randomOrders = opts.randomOrders ?? FAITHFULNESS_DEFAULTS.randomOrders;
  if (!Number.isInteger(patch) || patch < 1) throw new ExplainError('BAD_ARGUMENT', `The faithfulness patch must be a positive integer of pixels (got ${patch}).`);
  if (!Number.isInteger(steps) || steps < 1) throw new ExplainError('BAD_ARGUMENT', `The faithfulness steps must be a positive integer (got ${steps}).`);
  if (!(until > 0 && until <= 1)) throw new ExplainError('BAD_ARGUMENT', `The faithfulness "until" must be a share of the image in (0, 1] (got ${until}).`);
  if (!REMOVAL_MODES.includes(removalMode)) throw new ExplainError('BAD_ARGUMENT', `Unknown removal "${removalMode}": use one of ${REMOVAL_MODES.join(', ')}.`);
  if (!Number.isInteger(randomOrders) || randomOrders < 0) throw new ExplainError('BAD_ARGUMENT', `The faithfulness randomOrders must be a whole number (got ${randomOrders}).`);
  if (!Number.isInteger(seed)) throw new ExplainError('BAD_ARGUMENT', `The faithfulness seed must be an integer (got ${seed}).`);

  const grid = patchGrid(x.map.width, x.map.height, patch);
  const removal = await makeRemoval(removalMode, x.input, x.pre, seed);
  const counts = removalCounts(grid.count, steps, until);
  const morfOrder = mostRelevantFirst(patchRelevance(grid, x.map));
  const orders = [morfOrder, [...morfOrder].reverse()];
  for (let k = 0; k < randomOrders; k++) {
    const shuffled = randomOrder(grid.count, seed + k);
    orders.push(shuffled, [...shuffled].reverse());
  }

  // Point 0 of every curve is the input itself: its score is known, so only the removals run.
  const removed = counts.slice(1);
  const perCurve = removed.length;
  const scores = await x.scores(orders.length * perCurve, (i) => {
    const curve = Math.floor(i / perCurve);
    const step = i % perCurve;
    return removal.apply(maskAfter(grid, orders[curve], removed[step]), curve * perCurve + step);
  });
  const fractions = counts.map((c) => c / grid.count);
  const curves = orders.map((_, k): PerturbationCurve => ({ fractions, scores: [x.score, ...Array.from(scores.subarray(k * perCurve, (k + 1) * perCurve))] }));
  const [morf, lerf, ...random] = curves;
  const randomMorf = random.filter((_, k) => k % 2 === 0);
  const randomLerf = random.filter((_, k) => k % 2 === 1);
  const randomAbpc = randomMorf.map((m, k) => abpc(m, randomLerf[k]));
  return {
    removal: removalMode,
    removalDescription: removal.description,
    patch,
    morf,
    lerf,
    abpc: abpc(morf, lerf),
    aopc: aopc(morf),
    random: randomOrders === 0 ? undefined : {
      seed,
      orders: randomOrders,
      morf: meanCurve(randomMorf),
      lerf: meanCurve(randomLerf),
      abpc: mean(randomAbpc),
      abpcStd: sampleStd(randomAbpc),
      aopc: mean(randomMorf.map(aopc)),
    },
    forwards: orders.length * perCurve,
    ms: performance.now() - t0,
  };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** The spread of one draw (n - 1 in the denominator); 0 for a single draw. */
function sampleStd(values: number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

function meanCurve(curves: PerturbationCurve[]): PerturbationCurve {
  return { fractions: curves[0].fractions, scores: curves[0].scores.map((_, i) => mean(curves.map((c) => c.scores[i]))) };
}
