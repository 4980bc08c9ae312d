/**
 * SmoothGrad (Smilkov et al. 2017) and the other statistics of the gradient over its noisy copies, as Xplique
 * defines them: the mean (SmoothGrad), the sample variance 1/(N-1) sum_i (g_i - mean g)^2 (VarGrad, Adebayo et
 * al. 2018; 0 for N = 1) and the mean square 1/N sum_i g_i^2 (SquareGrad, SmoothGrad-Squared, Hooker et al.
 * 2019). VarGrad and SquareGrad are non-negative: they say where the score is sensitive, not in which
 * direction. Each pass's gradient is folded in as it arrives (Welford's update, in float64), so N samples
 * never sit in memory as gradients.
 */
import type { MethodName, MethodParams } from '../protocol';
import { type Method, fixedGraph } from './method';
import { checkNoise, noisyCopies } from './noisyCopies';

const NOISE_DEFAULTS = { samples: 25, sigma: 0.15, seed: 0 };

/** The number of samples and the noise's share of the input range, checked (the export draws the same noise). */
export function smoothgradSettings(params: MethodParams): { samples: number; sigma: number } {
  const samples = params.samples ?? NOISE_DEFAULTS.samples;
  const sigma = params.sigma ?? NOISE_DEFAULTS.sigma;
  checkNoise(samples, sigma);
  return { samples, sigma };
}

interface Moments {
  n: number;
  mean: Float64Array;
  /** sum_i (g_i - mean)^2 */
  m2: Float64Array;
}

/** `reduce` gets the moments and the pass's weighted signal (the engine's mean, which the export reproduces). */
function gradientStatistic(name: MethodName, title: string, description: string, reduce: (m: Moments, mean: Float32Array) => Float32Array): Method {
  return {
    name,
    title,
    description,
    defaults: NOISE_DEFAULTS,
    graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
    layerQuantity: 'gradient',
    async run(ctx) {
      const { samples: n, sigma } = smoothgradSettings(ctx.params);
      const { samples, note } = noisyCopies(ctx.input.data, n, sigma, ctx.params.seed ?? NOISE_DEFAULTS.seed);
      const size = ctx.input.data.length;
      const m: Moments = { n: 0, mean: new Float64Array(size), m2: new Float64Array(size) };
      // Weighted 1/n, so the layer records are SmoothGrad's mean signal for every statistic.
      const pass = await ctx.run(n, (i) => samples[i], () => 1 / n, {
        onSignal: (_i, g) => {
          m.n++;
          for (let k = 0; k < size; k++) {
            const d = g[k] - m.mean[k];
            m.mean[k] += d / m.n;
            m.m2[k] += d * (g[k] - m.mean[k]);
          }
        },
      });
      return { relevance: reduce(m, pass.signal), pass, notes: [note] };
    },
  };
}

export const smoothgrad = gradientStatistic(
  'smoothgrad',
  'SmoothGrad',
  'Mean gradient over noisy copies of the input: less speckle than a single gradient.',
  (_m, mean) => mean,
);

export const varGrad = gradientStatistic(
  'vargrad',
  'VarGrad',
  'Variance of the gradient over noisy copies of the input: where the sensitivity itself is unstable, sign-free.',
  (m) => Float32Array.from(m.m2, (v) => (m.n > 1 ? v / (m.n - 1) : 0)),
);

export const squareGrad = gradientStatistic(
  'squaregrad',
  'SquareGrad',
  'Mean squared gradient over noisy copies of the input: SmoothGrad of the squared sensitivity, sign-free.',
  (m) => Float32Array.from(m.mean, (mean, k) => mean * mean + (m.n > 0 ? m.m2[k] / m.n : 0)),
);
