/**
 * Grad-CAM (Selvaraju et al. 2017): a feature map's channels weighted by the spatial mean of the score's
 * gradient there, summed, ReLU'd: map = ReLU(sum_k mean_hw(dScore/dA_k) A_k), then bilinearly upsampled
 * (align_corners = false, as Captum's LayerAttribution.interpolate and PyTorch do) to the input's size.
 * `relevance` is the upsampled map [1, 1, H, W]; `cam` the map at the layer's resolution [1, 1, h, w].
 * The layer: `params.layer` (a node or tensor name), default the last spatial feature map (cam/featureMap.ts).
 */
import type { MethodParams } from '../protocol';
import type { GraphEnv, GraphVariant, GraphMethod, MethodContext, MethodOutput, WeightedPass } from './method';
import { type FeatureMap, featureMapChoices, gradCamMap, resolveFeatureMap, upsample } from './cam/featureMap';
import { type LayerTensors, layerTensors } from './cam/layerTensors';
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

/**
 * A class activation method's output from its map at the layer's resolution before the ReLU: the ReLU'd map
 * (pytorch-grad-cam ReLUs every method's), upsampled to the input as `relevance`, and the layer's note.
 */
export function camOutput(ctx: MethodContext, fm: FeatureMap, linear: Float32Array, pass: WeightedPass, notes: string[] = []): MethodOutput {
  const map = linear.map((v) => Math.max(v, 0));
  const { height, width } = imageLayout(ctx.input.dims, ctx.env.pre.layout);
  const [, , h, w] = fm.dims;
  return {
    relevance: upsample(map, h, w, height, width),
    relevanceDims: [1, 1, height, width],
    cam: { data: map, dims: [1, 1, h, w] },
    pass,
    layerChoices: featureMapChoices(ctx.env),
    notes: [layerNote(fm), ...notes],
  };
}

/** One pass of the gradient graph to the requested feature map: the map, the pass, and A and dA there. */
export async function runToFeatureMap(ctx: MethodContext): Promise<{ fm: FeatureMap; pass: WeightedPass; tensors: LayerTensors }> {
  const fm = resolveFeatureMap(ctx.env, ctx.params.layer);
  const pass = await ctx.run(1, () => ctx.input.data, () => 1);
  const exposed = pass.exposed.get(fm.tensor)!;
  return { fm, pass, tensors: layerTensors(fm, exposed.signal, exposed.activation) };
}

/** The graph of every method that reads the layer chosen as Grad-CAM's. */
export const featureMapGraph = (params: MethodParams, env: GraphEnv): GraphVariant => exposingGraph(resolveFeatureMap(env, params.layer).tensor);

export const gradCam: GraphMethod = {
  name: 'grad-cam',
  title: 'Grad-CAM',
  description: 'A feature map weighted by the mean gradient of its channels, ReLU\'d and upsampled: where the class evidence is.',
  defaults: {},
  graph: featureMapGraph,
  layerQuantity: 'gradient',
  async run(ctx): Promise<MethodOutput> {
    const fm = resolveFeatureMap(ctx.env, ctx.params.layer);
    const r = gradCamOf(ctx, fm, await ctx.run(1, () => ctx.input.data, () => 1));
    return camOutput(ctx, fm, r.linear, r.pass);
  },
};
