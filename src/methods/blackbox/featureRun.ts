/**
 * What every feature-based black-box method shares: its features (of the displayed image), the baseline
 * they are filled with, the seeded generator, the count of samples, and the result it reports (the features'
 * values on their pixels, the segmentation for the view's outline, and notes saying features, samples,
 * baseline and seed).
 */
import { ExplainError } from '../../errors';
import type { Baseline } from '../../preprocess/baselines';
import { createRng, type Rng } from '../../util/random';
import { segmentImage } from '../features';
import type { MethodName } from '../../protocol';
import type { ForwardContext, ForwardMethod, MethodOutput } from '../method';
import { FeatureMasker } from './masker';

export interface FeatureRun {
  masker: FeatureMasker;
  baseline: Baseline;
  seed: number;
  rng: Rng;
  samples: number;
  /** f(x), the input's own score. */
  fx: number;
}

/**
 * A black-box method over features: defaults of its features and samples (zero baseline, seed 0), and a body
 * that gets its run started.
 */
export function featureMethod(
  info: { name: MethodName; title: string; description: string; features: string; samples: number },
  body: (ctx: ForwardContext, run: FeatureRun) => Promise<MethodOutput>,
): ForwardMethod {
  return {
    name: info.name,
    title: info.title,
    description: info.description,
    defaults: { features: info.features, samples: info.samples, seed: 0, baseline: { kind: 'zero' } },
    forwardOnly: true,
    layerQuantity: 'relevance',
    run: async (ctx) => body(ctx, await startFeatureRun(ctx, info.title)),
  };
}

export async function startFeatureRun(ctx: ForwardContext, title: string): Promise<FeatureRun> {
  const { features = 'grid:6', samples = 1, seed = 0 } = ctx.params;
  if (!Number.isInteger(samples) || samples < 1) throw new ExplainError('BAD_ARGUMENT', `${title}: --samples must be a positive whole number (got ${samples}).`);
  if (!Number.isInteger(seed)) throw new ExplainError('BAD_ARGUMENT', `${title}: --seed must be a whole number (got ${seed}).`);
  const segmentation = segmentImage(features, ctx.display);
  const baseline = await ctx.baseline();
  const masker = new FeatureMasker(ctx.input, baseline.tensor.data, segmentation, ctx.pre.layout);
  return { masker, baseline, seed, rng: createRng(seed), samples, fx: await ctx.score(ctx.input.data) };
}

/** The scores of the inputs with features kept as `mask(i)` says (1 kept, 0 baseline, between blended). */
export function maskedScores(ctx: ForwardContext, run: FeatureRun, count: number, mask: (i: number) => ArrayLike<number>): Promise<Float32Array> {
  return ctx.scores(count, (i) => run.masker.apply(mask(i)));
}

/** The result: `values` per feature on the features' pixels, and what was run. */
export function featureOutput(run: FeatureRun, values: ArrayLike<number>, forwards: number, notes: string[]): MethodOutput {
  const relevance = run.masker.spread(values);
  return {
    relevance,
    pass: { signal: relevance, layers: [], scores: [run.fx], exposed: new Map() },
    segmentation: run.masker.segmentation,
    notes: [
      `Features: ${run.masker.segmentation.description}; each pixel shows its feature's value. ${forwards} forward passes, removed features filled with ${run.baseline.description}, seed ${run.seed}.`,
      ...notes,
      'No layer records: black-box methods run the plain forward only.',
    ],
  };
}
