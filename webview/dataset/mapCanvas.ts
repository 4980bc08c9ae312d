/** Relevance maps drawn on canvases in the engine's colours (the CSS scales them up, pixelated). */
import { type HeatmapMode, heatmapRange, relevanceToRgba } from '../../src/render/colormap';

/**
 * `overlay`: each pixel as opaque as its relevance is large (to the map's 99.5th percentile), so the image under
 * it shows where the map says nothing; otherwise an opaque picture of the map.
 */
export function mapCanvas(values: ArrayLike<number>, width: number, height: number, mode: HeatmapMode, cls: string, overlay = false): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.className = cls;
  const data = Float32Array.from(values);
  const rgba = relevanceToRgba({ data, width, height }, { mode }) as Uint8ClampedArray<ArrayBuffer>;
  if (overlay) {
    const range = heatmapRange(data, { mode });
    for (let p = 0; p < data.length; p++) rgba[p * 4 + 3] = range > 0 ? Math.min(1, Math.abs(data[p]) / range) * 255 : 0;
  }
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}
