import { type GraphMethod, fixedGraph, singlePass } from './method';
import { guidedRelu } from './rules/guidedRelu';

export const guidedBackprop: GraphMethod = {
  name: 'guided-backprop',
  title: 'Guided backpropagation',
  description: 'Gradient where ReLUs pass only positive signal of active units: sharp, class-weak edges.',
  defaults: {},
  graph: fixedGraph('guided-backprop', { layerQuantity: 'signal', override: (n) => (n.opType === 'Relu' ? guidedRelu : undefined) }),
  layerQuantity: 'gradient',
  run: singlePass,
};
