import { type Method, fixedGraph } from './method';
import { deconvRelu } from './rules/deconvRelu';

export const deconvnet: Method = {
  name: 'deconvnet',
  title: 'DeconvNet',
  description: 'Zeiler and Fergus\' deconvolution: ReLUs pass the positive part of the signal, ignoring the forward mask.',
  defaults: {},
  graph: fixedGraph('deconvnet', { layerQuantity: 'signal', override: (n) => (n.opType === 'Relu' ? deconvRelu : undefined) }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    return { relevance: pass.signal, pass, notes: [] };
  },
};
