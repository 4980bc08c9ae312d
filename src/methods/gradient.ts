/** Saliency (Simonyan et al. 2013): the signed gradient of the target score with respect to the input. */
import { type GraphMethod, fixedGraph, singlePass } from './method';

export const gradient: GraphMethod = {
  name: 'gradient',
  title: 'Saliency (gradient)',
  description: 'Signed gradient of the score: how a small change of each input value moves it.',
  defaults: {},
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  run: singlePass,
};
