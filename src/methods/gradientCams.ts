/**
 * The Grad-CAM variants that weigh a feature map by its gradient otherwise than Grad-CAM's channel mean:
 * Grad-CAM++, LayerCAM and XGrad-CAM (formulas in cam/camMaps.ts). One pass of the gradient graph to the
 * layer, the same layer choice as Grad-CAM's (`params.layer`, default the last spatial map).
 */
import type { MethodName } from '../protocol';
import type { Method } from './method';
import type { LayerTensors } from './cam/layerTensors';
import { gradCamPlusPlusMap, layerCamMap, xGradCamMap } from './cam/camMaps';
import { camOutput, featureMapGraph, runToFeatureMap } from './gradCam';

function gradientCam(name: MethodName, title: string, description: string, map: (t: LayerTensors) => Float32Array): Method {
  return {
    name,
    title,
    description,
    defaults: {},
    graph: featureMapGraph,
    layerQuantity: 'gradient',
    async run(ctx) {
      const { fm, pass, tensors } = await runToFeatureMap(ctx);
      return camOutput(ctx, fm, map(tensors), pass);
    },
  };
}

export const gradCamPlusPlus = gradientCam(
  'grad-cam++',
  'Grad-CAM++',
  'Grad-CAM with each channel weighted by its positive gradients, higher-order-corrected per position: several instances of the class show up, not only the strongest.',
  gradCamPlusPlusMap,
);

export const layerCam = gradientCam(
  'layer-cam',
  'LayerCAM',
  'Each position\'s activation weighted by its own positive gradient: finer maps than Grad-CAM, also from early layers.',
  layerCamMap,
);

export const xGradCam = gradientCam(
  'xgrad-cam',
  'XGrad-CAM',
  'Grad-CAM with the channel weights normalized by the channel\'s activation (gradient times activation over activation).',
  xGradCamMap,
);
