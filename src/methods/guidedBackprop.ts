import type { Method } from './method';
import { guidedRelu } from './rules/guidedRelu';

export const guidedBackprop: Method = {
  name: 'guided-backprop',
  title: 'Guided backpropagation',
  description: 'Gradient where ReLUs pass only positive signal of active units: sharp, class-weak edges.',
  defaults: {},
  graphKey: 'guided-backprop',
  compileOptions: { layerQuantity: 'signal', override: (n) => (n.opType === 'Relu' ? guidedRelu : undefined) },
  layerQuantity: 'gradient',
  async run(ctx) {
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    return { relevance: pass.signal, pass, notes: [] };
  },
};
