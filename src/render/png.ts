/** Heatmap and overlay PNGs for reports, the CLI and the webview's "save image". */
import sharp from 'sharp';
import { ExplainError } from '../errors';
import type { InputGeometry, Layout, TensorInput } from '../protocol';
import { blend, collapseChannels, relevanceToRgba, type HeatmapOptions } from './colormap';
import { heatOnOriginal } from './onOriginal';
import { resizeBilinear } from './resizeBilinear';

export interface RenderOptions extends Partial<HeatmapOptions> {
  /** Weight of the heatmap in the overlay, 0..1. Default 0.5. */
  opacity?: number;
  /** Draw the overlay on the original image through the preprocessing's geometry (crop, letterbox). */
  onOriginal?: { geometry: InputGeometry; original: { data: Uint8Array; width: number; height: number } };
}

export async function encodePng(
  pixels: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  channels: 3 | 4,
): Promise<Buffer> {
  if (pixels.length !== width * height * channels) {
    throw new ExplainError('BAD_ARGUMENT', `${pixels.length} bytes do not make a ${width}x${height} image with ${channels} channels.`);
  }
  const raw = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return sharp(raw, { raw: { width, height, channels } }).png().toBuffer();
}

/**
 * The relevance as a heatmap at the display's size and over the image: the model's input, or with
 * opts.onOriginal the original image at its own size, the map mapped back through the crop or letterbox. `layout` is the relevance
 * tensor's (a [1,1,h,w] CAM is NCHW); a coarser map is upsampled bilinearly first, so it lines up with the
 * image the way Grad-CAM maps are usually shown.
 */
export async function renderHeatmapPngs(
  relevance: TensorInput,
  layout: Layout,
  display: { data: Uint8Array; width: number; height: number },
  opts: RenderOptions = {},
): Promise<{ heatmap: Buffer; overlay: Buffer }> {
  const { width, height } = display;
  let map = collapseChannels(relevance, layout);
  if (map.width !== width || map.height !== height) map = resizeBilinear(map, width, height);
  const heat = relevanceToRgba(map, { mode: opts.mode ?? 'signed', percentile: opts.percentile });
  const on = opts.onOriginal ? heatOnOriginal(heat, opts.onOriginal.geometry, opts.onOriginal.original) : undefined;
  const overlay = on ? blend(on.base, on.heat, on.width, on.height, opts.opacity ?? 0.5) : blend(display.data, heat, width, height, opts.opacity ?? 0.5);
  const [heatmapPng, overlayPng] = await Promise.all([
    encodePng(heat, width, height, 4),
    on ? encodePng(overlay, on.width, on.height, 4) : encodePng(overlay, width, height, 4),
  ]);
  return { heatmap: heatmapPng, overlay: overlayPng };
}
