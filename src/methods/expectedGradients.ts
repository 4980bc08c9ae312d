/**
 * Expected gradients (Erion et al. 2021): integrated gradients averaged over a distribution of baselines,
 * estimated as the paper does with one random baseline x0 and one random alpha ~ U(0, 1) per sample:
 * phi = 1/N sum_i (x - x0_i) * dScore(x0_i + alpha_i (x - x0_i)). The baselines: the images of a folder
 * (`baselineFolder`, preprocessed as the input; only the drawn ones are decoded), else blurred copies of the
 * input at four scales (sigma 1/40, 1/20, 1/10 and 1/5 of the shorter side), each drawn with equal chance.
 * Completeness holds in expectation: the sum estimates f(x) - E[f(x0)], here against the mean score of the
 * drawn baselines, and misses it by the Monte Carlo error, which falls as 1/sqrt(N). Seeded: the draws come
 * first, in order (baseline, then alpha, per sample), so a seed repeats exactly whatever the chunk size.
 */
import { makeBaseline } from '../preprocess/baselines';
import { imageFiles } from '../preprocess/imageFolder';
import type { BaselineSpec } from '../protocol';
import { createRng } from '../util/random';
import { imageLayout } from '../util/imageLayout';
import { ExplainError } from '../errors';
import { type Method, fixedGraph } from './method';
import { pathPoint } from './integratedGradients';

export interface PathSample {
  /** Index into the baselines. */
  baseline: number;
  alpha: number;
}

/** The samples a seed gives for `count` baselines. */
export function drawPathSamples(n: number, count: number, seed: number): PathSample[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => {
    const baseline = Math.min(count - 1, Math.floor(rng.uniform() * count));
    return { baseline, alpha: rng.uniform() };
  });
}

/** Blur scales of the default baselines, as fractions of the shorter side. */
const BLUR_FRACTIONS = [1 / 40, 1 / 20, 1 / 10, 1 / 5];

export const expectedGradients: Method = {
  name: 'expected-gradients',
  title: 'Expected gradients',
  description: 'Integrated gradients averaged over many baselines (a folder of images, or blurred copies of the input), one random baseline and point per sample.',
  defaults: { samples: 32, seed: 0 },
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const n = ctx.params.samples ?? 32;
    if (!Number.isInteger(n) || n < 1) throw new ExplainError('BAD_ARGUMENT', `samples must be a positive integer (got ${n}).`);
    const x = ctx.input.data;
    const { width, height } = imageLayout(ctx.input.dims, ctx.env.pre.layout);
    const folder = ctx.params.baselineFolder;
    const specs: BaselineSpec[] = folder
      ? imageFiles(folder).map((path) => ({ kind: 'image', path }))
      : BLUR_FRACTIONS.map((f) => ({ kind: 'blur', sigma: Math.max(0.5, f * Math.min(width, height)) }));
    const samples = drawPathSamples(n, specs.length, ctx.params.seed ?? 0);
    const drawn = [...new Set(samples.map((s) => s.baseline))].sort((a, b) => a - b);
    const baselines = new Map(await Promise.all(drawn.map(async (b) => [b, (await makeBaseline(specs[b], ctx.input, ctx.env.pre)).tensor.data] as const)));
    const acc = new Float64Array(x.length);
    const pass = await ctx.run(n, (i) => pathPoint(x, baselines.get(samples[i].baseline)!, samples[i].alpha), () => 1 / n, {
      onSignal: (i, g) => {
        const x0 = baselines.get(samples[i].baseline)!;
        for (let k = 0; k < x.length; k++) acc[k] += (x[k] - x0[k]) * g[k];
      },
    });
    const baselineScores = await ctx.scores(drawn.length, (j) => baselines.get(drawn[j])!);
    const scoreOf = new Map(drawn.map((b, j) => [b, baselineScores[j]]));
    const meanBaselineScore = samples.reduce((s, d) => s + scoreOf.get(d.baseline)!, 0) / n;
    const fx = await ctx.score(x);
    const source = folder ? `${specs.length} images of ${folder}` : `the input blurred at sigma ${specs.map((s) => (s as { sigma: number }).sigma.toPrecision(3)).join(', ')} px`;
    return {
      relevance: Float32Array.from(acc, (v) => v / n),
      pass,
      delta: { baselineScore: meanBaselineScore, expected: fx - meanBaselineScore },
      notes: [
        `Baselines: ${source}; ${drawn.length} of them drawn over ${n} samples, one random baseline and alpha per sample (seed ${ctx.params.seed ?? 0}).`,
        'Completeness holds in expectation: the sum estimates f(x) - E[f(baseline)] with a Monte Carlo error that falls as 1/sqrt(samples).',
      ],
    };
  },
};
