/**
 * Gradient x input (Shrikumar et al. 2016). Layer records hold gradient x activation, the same quantity
 * at every layer (equal to LRP-0 on ReLU networks without biases).
 */
import { type Method, fixedGraph, times } from './method';

export const gradientXInput: Method = {
  name: 'gradient-x-input',
  title: 'Gradient x input',
  description: 'Gradient times the input value: a first-order estimate of each value\'s contribution.',
  defaults: {},
  graph: fixedGraph('gradient-x-activation', { layerQuantity: 'signal-x-activation' }),
  layerQuantity: 'gradient-x-activation',
  async run(ctx) {
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    return { relevance: times(pass.signal, ctx.input.data), pass, notes: [] };
  },
};
