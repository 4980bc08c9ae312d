/**
 * Eigen-CAM (Muhammad & Yeasin 2020): the feature map's first principal component over positions, no
 * gradient and no class (the same map for every target). Layer choice as Grad-CAM's; the pass of the
 * gradient graph to the layer only reads the activation there.
 */
import type { Method } from './method';
import { eigenCamMap } from './cam/camMaps';
import { camOutput, featureMapGraph, runToFeatureMap } from './gradCam';

export const eigenCam: Method = {
  name: 'eigen-cam',
  title: 'Eigen-CAM',
  description: 'The feature map\'s first principal component: where the layer\'s dominant pattern is, whatever the class.',
  defaults: {},
  graph: featureMapGraph,
  layerQuantity: 'gradient',
  async run(ctx) {
    const { fm, pass, tensors } = await runToFeatureMap(ctx);
    return camOutput(ctx, fm, eigenCamMap(tensors), pass, ['Class-independent: the first principal component of the activations (sign: the component\'s loadings sum to >= 0).']);
  },
};
