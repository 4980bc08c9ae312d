/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation times the Grad-CAM map upsampled to the
 * input, elementwise (the map is the same for every channel of a pixel). Grad-CAM needs the plain gradient at
 * the feature map: where no ReLU lies between the map and the score (a ResNet's or SqueezeNet's last map, under
 * a global pool and a linear layer), the guided backward carries exactly that gradient past the map, and ONE
 * graph gives both (its layer records are the guided signal); otherwise (ReLUs in a classifier after the map,
 * or an early layer) the plain gradient to the map runs as a graph of its own, whose records are reported.
 */
import { pathNodes } from '../compile/path';
import { imageLayout } from '../util/imageLayout';
import type { MethodParams } from '../protocol';
import type { GraphEnv, GraphVariant, Method } from './method';
import { gradCam, gradCamOf, layerNote } from './gradCam';
import { featureMapChoices, resolveFeatureMap } from './cam/featureMap';
import { guidedBackprop } from './guidedBackprop';

/** Whether the guided signal at `tensor` is the plain gradient: no ReLU (the op guided backprop changes) after it. */
export function plainGradientAt(env: GraphEnv, tensor: string): boolean {
  const g = env.canonical.graph;
  // The nodes after the map (pathNodes lists the map's own producer too).
  return !pathNodes(g, tensor, g.outputs[0].name).some((n) => n.opType === 'Relu' && !n.outputs.includes(tensor));
}

/** The guided backward exposing the feature map. */
function guidedExposing(params: MethodParams, env: GraphEnv, tensor: string): GraphVariant {
  const guided = guidedBackprop.graph(params, env);
  return { key: `${guided.key}+expose:${tensor}`, options: { ...guided.options, expose: [tensor] } };
}

export const guidedGradCam: Method = {
  name: 'guided-grad-cam',
  title: 'Guided Grad-CAM',
  description: 'Guided backpropagation times the upsampled Grad-CAM map: fine detail, restricted to where the class evidence is.',
  defaults: {},
  graph: (params, env) => {
    const { tensor } = resolveFeatureMap(env, params.layer);
    return plainGradientAt(env, tensor) ? guidedExposing(params, env, tensor) : gradCam.graph(params, env);
  },
  layerQuantity: 'gradient',
  async run(ctx) {
    const fm = resolveFeatureMap(ctx.env, ctx.params.layer);
    // The method's own graph: the guided one exposing the map, or the plain gradient to the map.
    const pass = await ctx.run(1, () => ctx.input.data, () => 1);
    const r = gradCamOf(ctx, fm, pass);
    const guided = plainGradientAt(ctx.env, fm.tensor) ? pass : await ctx.runGraph(guidedBackprop.graph(ctx.params, ctx.env), 1, () => ctx.input.data, () => 1);
    const g = imageLayout(ctx.input.dims, ctx.env.pre.layout);
    const relevance = new Float32Array(guided.signal.length);
    for (let c = 0; c < g.channels; c++) {
      for (let p = 0; p < g.height * g.width; p++) {
        const i = c * g.channelStride + p * g.pixelStride;
        relevance[i] = guided.signal[i] * r.upsampled[p];
      }
    }
    const [, , h, w] = r.fm.dims;
    return { relevance, cam: { data: r.map, dims: [1, 1, h, w] }, pass: r.pass, layerChoices: featureMapChoices(ctx.env), notes: [layerNote(r.fm)] };
  },
};
