import { type Method, fixedGraph, singlePass } from './method';
import { deconvRelu } from './rules/deconvRelu';

export const deconvnet: Method = {
  name: 'deconvnet',
  title: 'DeconvNet',
  description: 'Zeiler and Fergus\' deconvolution: ReLUs pass the positive part of the signal, ignoring the forward mask.',
  defaults: {},
  graph: fixedGraph('deconvnet', { layerQuantity: 'signal', override: (n) => (n.opType === 'Relu' ? deconvRelu : undefined) }),
  layerQuantity: 'gradient',
  run: singlePass,
};
