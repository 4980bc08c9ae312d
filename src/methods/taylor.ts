/**
 * Simple Taylor decomposition (Bach et al. 2015; Montavon et al. 2017, section 3): the first-order
 * expansion of the score at a root point x0, R = grad f(x0) * (x - x0). x0 comes from a baseline (default
 * a black image; also blur, mean, zero, noise or a user image). f(x0) is rarely exactly 0 and the network
 * is not linear between x0 and x, so the expansion is not exact: the first-order residual
 * f(x) - f(x0) - sum(R) is reported as the completeness error, and f(x0) as the baseline score.
 */
import { type Method, fixedGraph, times } from './method';

export const taylor: Method = {
  name: 'taylor',
  title: 'Taylor decomposition',
  description: 'Gradient at a root point (a baseline) times the difference from it: a first-order expansion, its residual reported.',
  defaults: { baseline: { kind: 'black' } },
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const base = await ctx.baseline();
    const x0 = base.tensor.data;
    const x = ctx.input.data;
    const pass = await ctx.run(1, () => x0, () => 1);
    const fx0 = pass.scores[0];
    const fx = await ctx.score(x);
    // Where every path meets a unit that is off or saturated (a black image into a ReLU network with negative
    // biases), the gradient is 0: the map is blank and the whole difference is residual, which the user is told.
    const flat = pass.signal.every((g) => g === 0);
    return {
      relevance: times(pass.signal, x, x0),
      pass,
      delta: { baselineScore: fx0, expected: fx - fx0 },
      notes: [
        `Root point: ${base.description}; f(x0) = ${fx0.toPrecision(6)}.`,
        'Layer records hold the gradient at the root point.',
        ...(flat
          ? ['The gradient at the root point is 0 everywhere (every path from the image to the score runs through a unit that is off or saturated there): the expansion explains none of f(x) - f(x0). Choose another root point (blur, mean, an image) or use integrated gradients from this one.']
          : []),
      ],
    };
  },
};
