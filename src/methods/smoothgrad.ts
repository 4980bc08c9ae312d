/**
 * SmoothGrad (Smilkov et al. 2017): the mean gradient over copies of the input with Gaussian noise whose
 * standard deviation is `sigma` times the input's value range.
 */
import { type Method, fixedGraph } from './method';
import { noisyCopies } from './noisyCopies';

/** The parameters SmoothGrad and its statistics (VarGrad, SquareGrad) share. */
export const NOISE_DEFAULTS = { samples: 25, sigma: 0.15, seed: 0 };

export const smoothgrad: Method = {
  name: 'smoothgrad',
  title: 'SmoothGrad',
  description: 'Mean gradient over noisy copies of the input: less speckle than a single gradient.',
  defaults: NOISE_DEFAULTS,
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const n = ctx.params.samples ?? NOISE_DEFAULTS.samples;
    const { samples, note } = noisyCopies(ctx.input.data, n, ctx.params.sigma ?? NOISE_DEFAULTS.sigma, ctx.params.seed ?? NOISE_DEFAULTS.seed);
    const pass = await ctx.run(n, (i) => samples[i], () => 1 / n);
    return { relevance: pass.signal, pass, notes: [note] };
  },
};
