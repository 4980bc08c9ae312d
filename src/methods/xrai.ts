/**
 * XRAI (Kapishnikov et al. 2019, "XRAI: Better Attributions Through Regions"; the PAIR saliency library's
 * defaults): integrated gradients from a black and from a white baseline, averaged, reduced over channels by
 * the maximum; then regions from several segmentations (xrai/regions.ts) ranked greedily by their attribution
 * density (xrai/greedy.ts). Each pixel carries the gain of the region that added it, so the map ranks regions,
 * most important first; the result's segmentation numbers the regions in the order they were added. Needs the
 * backward (the gradient's compiled graph, shared with integrated gradients).
 */
import type { Segmentation } from '../protocol';
import { solidImage } from '../preprocess/baselines';
import { imageLayout } from '../util/imageLayout';
import { type GraphMethod, fixedGraph } from './method';
import { quadrature } from './quadrature';
import { FeatureMasker } from './blackbox/masker';
import { patchSegments } from './features/patch';
import { rankRegions } from './xrai/greedy';
import { xraiRegions } from './xrai/regions';

export const xrai: GraphMethod = {
  name: 'xrai',
  title: 'XRAI',
  description: 'Regions of several segmentations ranked by their integrated-gradients density (black and white baselines), most important first.',
  defaults: { steps: 32, integration: 'gauss-legendre' },
  graph: fixedGraph('gradient', { layerQuantity: 'signal' }),
  layerQuantity: 'gradient',
  async run(ctx) {
    const { alphas, weights } = quadrature(ctx.params.integration ?? 'gauss-legendre', ctx.params.steps ?? 32);
    const g = imageLayout(ctx.input.dims, ctx.pre.layout);
    const x = ctx.input.data;
    const attr = new Float64Array(x.length);
    let pass;
    for (const pixel of [0, 255]) {
      const x0 = solidImage(g, ctx.pre, pixel).data;
      const point = (a: number) => {
        const out = new Float32Array(x.length);
        for (let i = 0; i < x.length; i++) out[i] = x0[i] + a * (x[i] - x0[i]);
        return out;
      };
      pass = await ctx.run(alphas.length, (i) => point(alphas[i]), (i) => weights[i]);
      for (let i = 0; i < x.length; i++) attr[i] += (pass.signal[i] * (x[i] - x0[i])) / 2;
    }
    const pixels = g.width * g.height;
    const perPixel = new Float64Array(pixels).fill(-Infinity);
    for (let c = 0; c < g.channels; c++) {
      for (let p = 0; p < pixels; p++) perPixel[p] = Math.max(perPixel[p], attr[c * g.channelStride + p * g.pixelStride]);
    }
    const { regions } = xraiRegions(ctx.display);
    // PAIR's 50 new pixels at 224 x 224, for this image's area.
    const ranking = rankRegions(perPixel, regions, Math.max(1, Math.round((50 * pixels) / (224 * 224))));
    const spread = new FeatureMasker(ctx.input, x, patchSegments(g.width, g.height, 1), ctx.pre.layout);
    const relevance = spread.spread(ranking.map);
    const segmentation: Segmentation = { labels: ranking.step, width: g.width, height: g.height, count: ranking.steps, description: `${ranking.steps} XRAI regions, in the order they were added` };
    return {
      relevance,
      pass: { ...pass!, signal: relevance },
      segmentation,
      notes: [
        `Integrated gradients (${alphas.length} steps, ${ctx.params.integration ?? 'gauss-legendre'}) from a black and a white image, averaged, the maximum over channels; ${regions.length} candidate regions (SLIC at several sizes, dilated), ${ranking.steps} added.`,
      ],
    };
  },
};
