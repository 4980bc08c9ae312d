/**
 * LIME (Ribeiro et al. 2016) with Captum's defaults for images: `samples` coalitions of the features, each
 * feature kept with probability 1/2; each perturbed input weighted by the exponential kernel on its cosine
 * distance to the input, exp(-d^2 / (2 w^2)) with w = 1 (d = 1 - cos(x, x'), on the model-input tensors);
 * a linear model with intercept fitted to the scores by weighted ridge regression (alpha 1, as the lime
 * package's Ridge). A feature's value is its coefficient. `samples` forward passes.
 */
import { featureMethod, featureOutput } from './blackbox/featureRun';
import { weightedLeastSquares } from './blackbox/leastSquares';
import type { Rng } from '../util/random';

const TITLE = 'LIME';
export const LIME_KERNEL_WIDTH = 1;
export const LIME_RIDGE = 1;

export const lime = featureMethod(
  {
    name: 'lime',
    title: TITLE,
    description: 'Coefficients of a local linear model fitted to the scores of random coalitions of the features (forward passes only, any model).',
    features: 'grid:6',
    samples: 512,
  },
  async (ctx, run) => {
    const m = run.masker.count;
    const coalitions = limeCoalitions(m, run.samples, run.rng);
    const x = ctx.input.data;
    const similarity = new Float64Array(run.samples);
    const scores = await ctx.scores(run.samples, (i) => {
      const perturbed = run.masker.apply(coalitions[i]);
      similarity[i] = cosineKernel(x, perturbed);
      return perturbed;
    });
    const fit = limeFit(coalitions, scores, similarity);
    return featureOutput(run, fit.coef, run.samples, [
      `${run.samples} coalitions (each feature kept with probability 1/2), weighted by exp(-d^2 / 2) of the cosine distance d to the input; ridge fit (alpha ${LIME_RIDGE}) with intercept ${fit.intercept.toPrecision(6)}.`,
    ]);
  },
);

/** `count` coalitions of m features, each kept with probability 1/2 (Captum's default perturbation). */
export function limeCoalitions(m: number, count: number, rng: Rng): Uint8Array[] {
  return Array.from({ length: count }, () => Uint8Array.from({ length: m }, () => (rng.uniform() < 0.5 ? 1 : 0)));
}

/** exp(-d^2 / (2 w^2)) with d the cosine distance (Captum's default similarity; a zero vector has cosine 0). */
export function cosineKernel(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const cos = na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
  return Math.exp(-((1 - cos) ** 2) / (2 * LIME_KERNEL_WIDTH ** 2));
}

export function limeFit(coalitions: Uint8Array[], scores: ArrayLike<number>, weights: ArrayLike<number>) {
  const m = coalitions[0]?.length ?? 0;
  const x = new Float64Array(coalitions.length * m);
  coalitions.forEach((z, r) => x.set(z, r * m));
  return weightedLeastSquares(x, scores, weights, m, { ridge: LIME_RIDGE, intercept: true, underdetermined: `${TITLE}: the samples carry no weight; give more --samples.` });
}
