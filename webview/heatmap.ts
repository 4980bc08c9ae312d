/**
 * The pictures of one explanation, drawn with the engine's own colouring (src/render/colormap.ts), so the
 * panel and the CLI's PNGs look the same. No relevance is computed here.
 */
import type { Colormap, ViewExplanation } from '../src/protocol';
import { blend, relevanceToRgba } from '../src/render/colormap';

type Pixels = Uint8ClampedArray<ArrayBuffer>;

/** Half and half: the heatmap's white "no relevance" must not wash the image out. */
const OVERLAY_OPACITY = 0.5;

export function heatmapPixels(e: Pick<ViewExplanation, 'heatmap'>, colormap: Colormap): Pixels {
  return relevanceToRgba(e.heatmap, { mode: colormap }) as Pixels;
}

/** The heatmap (as coloured by heatmapPixels) over the image. */
export function overlayPixels(e: Pick<ViewExplanation, 'display'>, heat: Pixels): Pixels {
  const { data, width, height } = e.display;
  return blend(data, heat, width, height, OVERLAY_OPACITY) as Pixels;
}

/** The input image as RGBA (a blend with no heatmap at all). */
export function imagePixels(e: Pick<ViewExplanation, 'display'>): Pixels {
  const { data, width, height } = e.display;
  return blend(data, new Uint8ClampedArray(width * height * 4), width, height, 0) as Pixels;
}
