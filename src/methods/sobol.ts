/**
 * Sobol attribution (Fel et al. 2021, "Look at the Variance! Efficient Black-box Explanations with Sobol-based
 * Sensitivity Analysis"; Xplique's SobolAttributionMethod): each feature's mask value m_i in [0, 1] is a
 * random variable, the input x m + baseline (1 - m) (Xplique's inpainting), and a feature's attribution is its
 * total Sobol index, the share of the score's variance that involves it. Quasi-Monte-Carlo: `samples` Sobol
 * points in 2M dimensions give the designs A and B (M each), and C_i is A with column i taken from B; the
 * Jansen estimator ST_i = mean_j (f(A_j) - f(C_i,j))^2 / (2 Var f), the variance over f(A) and f(B).
 * samples (M + 2) forward passes. Defaults as Xplique's: an 8 x 8 grid, 32 designs.
 */
import { featureMethod, featureOutput, maskedScores } from './blackbox/featureRun';
import { sobolPoints } from './blackbox/sobolSequence';

export const sobol = featureMethod(
  {
    name: 'sobol',
    title: 'Sobol attribution',
    description: 'Total Sobol index of each feature: the share of the score\'s variance under random masks that involves it (forward passes only, any model).',
    features: 'grid:8',
    samples: 32,
  },
  async (ctx, run) => {
    const m = run.masker.count;
    const n = run.samples;
    const points = sobolPoints(n, 2 * m, run.rng);
    // Inputs: A_0..A_n-1, B_0..B_n-1, then C_i,j for feature i at j = 2n + i n + j.
    const design = (i: number): Float64Array => {
      if (i < 2 * n) {
        const j = i % n;
        const offset = i < n ? 0 : m;
        return points.subarray(j * 2 * m + offset, j * 2 * m + offset + m);
      }
      const feature = Math.floor((i - 2 * n) / n);
      const j = (i - 2 * n) % n;
      const c = points.slice(j * 2 * m, j * 2 * m + m);
      c[feature] = points[j * 2 * m + m + feature];
      return c;
    };
    const scores = await maskedScores(ctx, run, n * (m + 2), design);
    const indices = jansenTotalIndices(scores, n, m);
    return featureOutput(run, indices, n * (m + 2), [
      `Total Sobol indices (Jansen estimator) from ${n} quasi-Monte-Carlo designs of the ${m} features' mask values in [0, 1].`,
    ]);
  },
);

/** ST_i from the scores of A (n), B (n) and C_i (n each, by feature), in that order. */
export function jansenTotalIndices(scores: ArrayLike<number>, n: number, m: number): Float64Array {
  let mean = 0;
  for (let j = 0; j < 2 * n; j++) mean += scores[j] / (2 * n);
  let variance = 0;
  for (let j = 0; j < 2 * n; j++) variance += (scores[j] - mean) ** 2 / Math.max(1, 2 * n - 1);
  const out = new Float64Array(m);
  if (!(variance > 0)) return out;
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (scores[j] - scores[2 * n + i * n + j]) ** 2;
    out[i] = s / n / (2 * variance);
  }
  return out;
}
