/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation times the Grad-CAM map upsampled to the
 * input, elementwise (the map is the same for every channel of a pixel). Two backward graphs: the plain
 * gradient for Grad-CAM (the method's own graph, whose layer records are reported) and the guided one.
 */
import { imageLayout } from '../util/imageLayout';
import type { Method } from './method';
import { gradCam, layerNote, runGradCam } from './gradCam';
import { guidedBackprop } from './guidedBackprop';

export const guidedGradCam: Method = {
  name: 'guided-grad-cam',
  title: 'Guided Grad-CAM',
  description: 'Guided backpropagation times the upsampled Grad-CAM map: fine detail, restricted to where the class evidence is.',
  defaults: {},
  graph: (params, env) => gradCam.graph(params, env),
  layerQuantity: 'gradient',
  async run(ctx) {
    const r = await runGradCam(ctx);
    const guided = await ctx.runGraph(guidedBackprop.graph(ctx.params, ctx.env), 1, () => ctx.input.data, () => 1);
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
