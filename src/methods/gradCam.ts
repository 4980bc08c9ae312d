/**
 * Grad-CAM (Selvaraju et al. 2017): a feature map's channels weighted by the spatial mean of the score's
 * gradient there, summed, ReLU'd: map = ReLU(sum_k mean_hw(dScore/dA_k) A_k), then bilinearly upsampled
 * (align_corners = false, as Captum's LayerAttribution.interpolate and PyTorch do) to the input's size.
 * `relevance` is the upsampled map [1, 1, H, W]; `cam` the map at the layer's resolution [1, 1, h, w].
 * The layer: `params.layer` (a node or tensor name), default the last spatial feature map (cam/featureMap.ts).
 */
import type { GraphEnv, GraphVariant, GraphMethod, MethodContext, MethodOutput, WeightedPass } from './method';
import { type FeatureMap, featureMapChoices, gradCamMap, resolveFeatureMap, upsample } from './cam/featureMap';
import { imageLayout } from '../util/imageLayout';

/**
 * The plain gradient graph from the score down to the feature map only, with the map's signal and
 * activation as outputs: nothing below the map is read, so the backward stops there.
 */
export function exposingGraph(tensor: string): GraphVariant {
  return { key: `gradient-to:${tensor}`, options: { layerQuantity: 'signal', expose: [tensor], stopAt: tensor } };
}

export interface GradCamResult {
  fm: FeatureMap;
  pass: WeightedPass;
  /** At the layer's resolution, [h * w], ReLU'd. */
  map: Float32Array;
  /** The same before the ReLU. */
  linear: Float32Array;
  /** Upsampled to the input, [H * W]. */
  upsampled: Float32Array;
  height: number;
  width: number;
}

export async function runGradCam(ctx: MethodContext): Promise<GradCamResult> {
  return gradCamOf(ctx, resolveFeatureMap(ctx.env, ctx.params.layer), await ctx.run(1, () => ctx.input.data, () => 1));
}

/** Grad-CAM from a pass that exposes the feature map's gradient and activation. */
export function gradCamOf(ctx: MethodContext, fm: FeatureMap, pass: WeightedPass): GradCamResult {
  const exposed = pass.exposed.get(fm.tensor)!;
  const { map, linear } = gradCamMap(fm, exposed.signal, exposed.activation);
  const { height, width } = imageLayout(ctx.input.dims, ctx.env.pre.layout);
  const [, , h, w] = fm.dims;
  return { fm, pass, map, linear, upsampled: upsample(map, h, w, height, width), height, width };
}

export function layerNote(fm: FeatureMap): string {
  const [, C, h, w] = fm.dims;
  if (fm.tokens) {
    const skipped = fm.tokens.skip ? `, the first ${fm.tokens.skip === 1 ? 'token (a class token)' : `${fm.tokens.skip} tokens (class and distillation)`} left out` : '';
    return `Layer "${fm.name}": a token map of ${fm.tokens.skip + h * w} tokens, its ${h * w} patch tokens read as their ${h}x${w} grid${skipped}; ${C} channels.`;
  }
  const where = fm.tensor === fm.name ? '' : ` (folded into "${fm.tensor}" by canonicalization; recovered per channel)`;
  return `Layer "${fm.name}"${where}: ${C} channels, ${h}x${w}.`;
}

export const gradCam: GraphMethod = {
  name: 'grad-cam',
  title: 'Grad-CAM',
  description: 'A feature map weighted by the mean gradient of its channels, ReLU\'d and upsampled: where the class evidence is.',
  defaults: {},
  graph: (params, env: GraphEnv) => exposingGraph(resolveFeatureMap(env, params.layer).tensor),
  layerQuantity: 'gradient',
  async run(ctx): Promise<MethodOutput> {
    const r = await runGradCam(ctx);
    const [, , h, w] = r.fm.dims;
    return {
      relevance: r.upsampled,
      relevanceDims: [1, 1, r.height, r.width],
      cam: { data: r.map, dims: [1, 1, h, w] },
      pass: r.pass,
      layerChoices: featureMapChoices(ctx.env),
      notes: [layerNote(r.fm)],
    };
  },
};
