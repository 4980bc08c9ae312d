/**
 * Score-CAM (Wang et al. 2020): each channel of the feature map, bilinearly upsampled to the input
 * (align_corners = false, the engine's one resize, where pytorch-grad-cam's UpsamplingBilinear2d aligns
 * corners) and min-max normalized to [0, 1], masks the input (x * mask, in the model's input space); the
 * target's scores on the C masked inputs, softmaxed over channels as in pytorch-grad-cam, weigh the
 * channels: map = ReLU(sum_k softmax(s)_k A_k). The C scores are plain forward passes, in batches of
 * `chunk` (default 4, as occlusion's); one pass of the gradient graph to the layer gives the activations.
 */
import { imageLayout } from '../util/imageLayout';
import type { Method } from './method';
import { softmax, weightedChannels } from './cam/camMaps';
import { upsample } from './cam/featureMap';
import { camOutput, featureMapGraph, runToFeatureMap } from './gradCam';

export const scoreCam: Method = {
  name: 'score-cam',
  title: 'Score-CAM',
  description: 'Each channel of the feature map used as a mask on the input; channels weighted by the softmax of the masked scores. Forward passes only, one per channel.',
  defaults: { chunk: 4 },
  graph: featureMapGraph,
  layerQuantity: 'gradient',
  async run(ctx) {
    const { fm, pass, tensors } = await runToFeatureMap(ctx);
    const { activation: A, channels: C, positions: hw } = tensors;
    const [, , h, w] = fm.dims;
    const g = imageLayout(ctx.input.dims, ctx.env.pre.layout);
    const x = ctx.input.data;
    // Built one at a time as the batches ask for them: C masked copies of the input would not fit in memory.
    const masked = (k: number) => {
      const mask = upsample(A.subarray(k * hw, (k + 1) * hw), h, w, g.height, g.width);
      let [lo, hi] = [Infinity, -Infinity];
      for (const v of mask) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
      const out = new Float32Array(x.length);
      for (let p = 0; p < g.height * g.width; p++) {
        const m = (mask[p] - lo) / (hi - lo + 1e-8);
        for (let c = 0; c < g.channels; c++) {
          const i = c * g.channelStride + p * g.pixelStride;
          out[i] = x[i] * m;
        }
      }
      return out;
    };
    const scores = await ctx.scores(C, masked);
    return camOutput(ctx, fm, weightedChannels(tensors, softmax(scores)), pass, [`${C} masked inputs, one per channel.`]);
  },
};
