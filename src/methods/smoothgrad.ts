/**
 * SmoothGrad (Smilkov et al. 2017): the mean gradient over copies of the input with Gaussian noise whose
 * standard deviation is `sigma` times the input's value range.
 */
import { ExplainError } from '../errors';
import { createRng } from '../util/random';
import type { MethodParams } from '../protocol';
import { type Method, fixedGraph } from './method';

/** The number of samples and the noise's share of the input range, checked. */
export function smoothgradSettings(params: MethodParams): { samples: number; sigma: number } {
  const samples = params.samples ?? 25;
  const sigma = params.sigma ?? 0.15;
  if (!Number.isInteger(samples) || samples < 1) throw new ExplainError('BAD_ARGUMENT', `samples must be a positive integer (got ${samples}).`);
  if (!(sigma >= 0)) throw new ExplainError('BAD_ARGUMENT', `sigma must be >= 0 (got ${sigma}).`);
  return { samples, sigma };
}

export const smoothgrad: Method = {
  name: 'smoothgrad',
  title: 'SmoothGrad',
  description: 'Mean gradient over noisy copies of the input: less speckle than a single gradient.',
  defaults: { samples: 25, sigma: 0.15, seed: 0 },
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const { samples: n, sigma } = smoothgradSettings(ctx.params);
    const x = ctx.input.data;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const std = sigma * (hi - lo);
    const rng = createRng(ctx.params.seed ?? 0);
    // Drawn in order up front so a given seed gives the same noise whatever the chunk size (and the exported
    // graph's noise constant, src/export/plan.ts, is the same draws in the same order).
    const noisy = Array.from({ length: n }, () => {
      const sample = new Float32Array(x.length);
      rng.noisy(sample, x, std);
      return sample;
    });
    const pass = await ctx.run(n, (i) => noisy[i], () => 1 / n);
    return { relevance: pass.signal, pass, notes: [`Noise: N(0, ${std.toPrecision(3)}) (sigma ${sigma} of the input range ${(hi - lo).toPrecision(4)}), ${n} samples.`] };
  },
};
