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
import { gradCam, gradCamOf, layerNote, runGradCam } from './gradCam';
import { resolveFeatureMap } from './cam/featureMap';
import { guidedBackprop } from './guidedBackprop';

/** The guided backward exposing the feature map, when the guided signal there is the plain gradient. */
function guidedExposing(params: MethodParams, env: GraphEnv): GraphVariant | undefined {
  const tensor = resolveFeatureMap(env, params.layer).tensor;
  const g = env.canonical.graph;
  // The nodes after the map (pathNodes lists the map's own producer too).
  const after = pathNodes(g, tensor, g.outputs[0].name).filter((n) => !n.outputs.includes(tensor));
  if (after.some((n) => n.opType === 'Relu')) return undefined;
  const guided = guidedBackprop.graph(params, env);
  return { key: `${guided.key}+expose:${tensor}`, options: { ...guided.options, expose: [tensor] } };
}

export const guidedGradCam: Method = {
  name: 'guided-grad-cam',
  title: 'Guided Grad-CAM',
  description: 'Guided backpropagation times the upsampled Grad-CAM map: fine detail, restricted to where the class evidence is.',
  defaults: {},
  graph: (params, env) => guidedExposing(params, env) ?? gradCam.graph(params, env),
  layerQuantity: 'gradient',
  async run(ctx) {
    let r;
    let guided;
    if (guidedExposing(ctx.params, ctx.env)) {
      guided = await ctx.run(1, () => ctx.input.data, () => 1);
      r = gradCamOf(ctx, resolveFeatureMap(ctx.env, ctx.params.layer), guided);
    } else {
      r = await runGradCam(ctx);
      guided = await ctx.runGraph(guidedBackprop.graph(ctx.params, ctx.env), 1, () => ctx.input.data, () => 1);
    }
    const g = imageLayout(ctx.input.dims, ctx.env.pre.layout);
    const relevance = new Float32Array(guided.signal.length);
    for (let c = 0; c < g.channels; c++) {
      for (let p = 0; p < g.height * g.width; p++) {
        const i = c * g.channelStride + p * g.pixelStride;
        relevance[i] = guided.signal[i] * r.upsampled[p];
      }
    }
    const [, , h, w] = r.fm.dims;
    return { relevance, cam: { data: r.map, dims: [1, 1, h, w] }, pass: r.pass, notes: [layerNote(r.fm)] };
  },
};
