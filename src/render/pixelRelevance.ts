/** Relevance per pixel of the model's input, whatever tensor a method returned it as. */
import type { TensorInput } from '../protocol';
import { collapseChannels, type ScalarMap } from './colormap';
import { resizeBilinear } from './resizeBilinear';

/**
 * Relevance per pixel, summed over channels, at the display's size. ExplainResult carries no layout, but the
 * display has the model's resolution, so where that size sits in the dims tells: [1,C,H,W] (preferred when
 * both fit) or [1,H,W,C]. A coarser map (a class activation map) is upsampled as the PNG export does.
 */
export function pixelRelevance(relevance: TensorInput, width: number, height: number): ScalarMap {
  const nchw = relevance.dims.length === 4 && (relevance.dims[1] === 1 || (relevance.dims[2] === height && relevance.dims[3] === width));
  const map = collapseChannels(relevance, nchw ? 'NCHW' : 'NHWC');
  return map.width === width && map.height === height ? map : resizeBilinear(map, width, height);
}
