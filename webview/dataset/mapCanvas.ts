/** A relevance map drawn on a canvas in the engine's colours (the CSS scales it up, pixelated). */
import { type HeatmapMode, relevanceToRgba } from '../../src/render/colormap';

export function mapCanvas(values: ArrayLike<number>, width: number, height: number, mode: HeatmapMode, cls: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.className = cls;
  const rgba = relevanceToRgba({ data: Float32Array.from(values), width, height }, { mode }) as Uint8ClampedArray<ArrayBuffer>;
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}
