/**
 * Lays a heatmap drawn at the model's input resolution onto the original image it came from, through the
 * preprocessing's geometry: every original pixel takes the colour of the input pixel that covers it, so a
 * crop or letterbox never shifts or stretches the map; what the crop cut away is dimmed and uncoloured.
 * Pure: the CLI's overlay.png and the webview draw with it.
 */
import { inputPixelOf } from '../preprocess/geometry';
import type { InputGeometry } from '../protocol';

/** How bright a pixel the model never saw is drawn, so it reads as "not part of the explanation". */
export const OUTSIDE_BRIGHTNESS = 0.35;

export interface OnOriginal {
  /** The original as RGB, dimmed outside the model's input. */
  base: Uint8Array;
  /** The heatmap at the original's size, RGBA, transparent outside the model's input. */
  heat: Uint8ClampedArray;
  width: number;
  height: number;
}

export function heatOnOriginal(
  heat: Uint8ClampedArray,
  geometry: InputGeometry,
  original: { data: Uint8Array; width: number; height: number },
): OnOriginal {
  const { width, height } = original;
  const base = new Uint8Array(width * height * 3);
  const out = new Uint8ClampedArray(width * height * 4);
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const p = v * width + u;
      const at = inputPixelOf(geometry, width, height, u, v);
      const dim = at ? 1 : OUTSIDE_BRIGHTNESS;
      for (let c = 0; c < 3; c++) base[p * 3 + c] = Math.round(original.data[p * 3 + c] * dim);
      if (at) out.set(heat.subarray((at.y * geometry.width + at.x) * 4, (at.y * geometry.width + at.x) * 4 + 4), p * 4);
    }
  }
  return { base, heat: out, width, height };
}
