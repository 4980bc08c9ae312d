/**
 * Kernel SHAP (Lundberg and Lee 2017): the linear model g(z) = phi_0 + sum_i phi_i z_i over coalitions z of
 * the M features (z_i = 1 kept, 0 filled with the baseline) fitted to the scores by weighted least squares
 * with the Shapley kernel pi(z) = (M - 1) / (C(M, |z|) |z| (M - |z|)). The empty and full coalitions have
 * infinite weight, so they enter as constraints: phi_0 = f(baseline) and sum phi_i = f(x) - f(baseline)
 * (solved by eliminating the last feature). With `samples` >= 2^M - 1 every coalition is scored with its
 * exact weight, and the fit is the exact Shapley values. Otherwise `samples` coalitions are chosen as the
 * SHAP package chooses them (blackbox/kernelSamples.ts: the small sizes complete, the rest drawn in pairs).
 * samples + 1 forward passes (the baseline's too).
 */
import { ExplainError } from '../errors';
import { coalitionMask, coalitionScores, enumerates, popcount } from './blackbox/coalitions';
import { featureMethod, featureOutput, maskedScores } from './blackbox/featureRun';
import { weightedLeastSquares } from './blackbox/leastSquares';
import { sumNote } from './shapleySampling';
import { kernelSamples } from './blackbox/kernelSamples';

const TITLE = 'Kernel SHAP';

export const kernelShap = featureMethod(
  {
    name: 'kernel-shap',
    title: TITLE,
    description: 'Shapley values of the features from a kernel-weighted linear fit to the scores of random coalitions (forward passes only, any model).',
    features: 'grid:6',
    samples: 512,
  },
  async (ctx, run) => {
    const m = run.masker.count;
    let coalitions: Uint8Array[];
    let scores: ArrayLike<number>;
    let weights: Float64Array;
    let f0: number;
    let forwards: number;
    let how: string;
    if (enumerates(m, run.samples)) {
      const f = await coalitionScores(ctx, run);
      const sizes = Array.from({ length: 2 ** m - 2 }, (_, i) => popcount(i + 1));
      coalitions = sizes.map((_, i) => coalitionMask(i + 1, m));
      scores = f.subarray(1, 2 ** m - 1);
      weights = Float64Array.from(sizes, (k) => shapleyKernel(m, k));
      f0 = f[0];
      forwards = 2 ** m - 1;
      how = `every one of the ${2 ** m} coalitions scored with its exact kernel weight: these are the exact Shapley values`;
    } else {
      if (run.samples < m) throw new ExplainError('BAD_ARGUMENT', `${TITLE}: ${run.samples} coalitions cannot determine the values of ${m} features; give --samples of at least ${m} (better ${4 * m}) or fewer features.`);
      const drawn = m > 1 ? kernelSamples(m, run.samples, run.rng) : { coalitions: [], weights: new Float64Array(0), completeSizes: 0 };
      coalitions = drawn.coalitions;
      const all = await maskedScores(ctx, run, coalitions.length + 1, (i) => (i === 0 ? new Uint8Array(m) : coalitions[i - 1]));
      f0 = all[0];
      scores = all.subarray(1);
      weights = drawn.weights;
      forwards = coalitions.length + 1;
      const complete = drawn.completeSizes ? `every coalition of sizes 1..${drawn.completeSizes} and their complements, the rest ` : '';
      how = `${coalitions.length} coalitions: ${complete}drawn from the Shapley kernel, each paired with its complement`;
    }
    const phi = constrainedFit(coalitions, scores, weights, m, f0, run.fx, !enumerates(m, run.samples));
    return featureOutput(run, phi, forwards, [`Weighted least squares with the Shapley kernel on ${how}.`, sumNote(phi, run.fx, f0)]);
  },
);

/** The Shapley kernel's weight of one coalition of size k out of m (finite for 0 < k < m). */
export function shapleyKernel(m: number, k: number): number {
  let choose = 1;
  for (let i = 0; i < k; i++) choose = (choose * (m - i)) / (i + 1);
  return (m - 1) / (choose * k * (m - k));
}

/**
 * The weighted fit of phi with phi_0 = f0 and sum phi = fx - f0: phi_last = (fx - f0) - sum of the others,
 * which leaves an unconstrained fit of the others to y - z_last (fx - f0) on the columns z_i - z_last.
 */
export function constrainedFit(coalitions: Uint8Array[], scores: ArrayLike<number>, weights: ArrayLike<number>, m: number, f0: number, fx: number, sampled: boolean): Float64Array {
  const delta = fx - f0;
  const phi = new Float64Array(m);
  if (m === 1) {
    phi[0] = delta;
    return phi;
  }
  const cols = m - 1;
  const x = new Float64Array(coalitions.length * cols);
  const y = new Float64Array(coalitions.length);
  coalitions.forEach((z, r) => {
    const last = z[m - 1];
    for (let c = 0; c < cols; c++) x[r * cols + c] = z[c] - last;
    y[r] = scores[r] - f0 - last * delta;
  });
  const fit = weightedLeastSquares(x, y, weights, cols, {
    // Sampled coalitions repeat (singletons are the likeliest): the fit may be rank-deficient, where Captum's
    // lstsq takes the minimum-norm solution.
    jitter: sampled ? 1e-9 : 0,
    underdetermined: `${TITLE}: ${coalitions.length} coalitions do not determine the values of ${m} features; give more --samples or fewer features.`,
  });
  phi.set(fit.coef);
  phi[m - 1] = delta - fit.coef.reduce((a, b) => a + b, 0);
  return phi;
}
