/**
 * Lays a heatmap drawn at the model's input resolution onto the original image it came from, through the
 * preprocessing's geometry: every original pixel takes the colour of the input pixel that covers it, so a
 * crop or letterbox never shifts or stretches the map; what the crop cut away is dimmed and uncoloured.
 * Pure: the CLI's overlay.png and the webview draw with it.
 */
import { inputColumnOf, inputRowOf } from '../preprocess/geometry';
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
  // inputPixelOf is separable: one lookup per column and per row, not per pixel (a 1024x768 original is
  // drawn again on every colour change in the view).
  const columns = Int32Array.from({ length: width }, (_, u) => inputColumnOf(geometry, width, u));
  for (let v = 0; v < height; v++) {
    const y = inputRowOf(geometry, height, v);
    for (let u = 0; u < width; u++) {
      const p = v * width + u;
      const x = y < 0 ? -1 : columns[u];
      const dim = x >= 0 ? 1 : OUTSIDE_BRIGHTNESS;
      for (let c = 0; c < 3; c++) base[p * 3 + c] = Math.round(original.data[p * 3 + c] * dim);
      if (x >= 0) {
        const q = (y * geometry.width + x) * 4;
        for (let c = 0; c < 4; c++) out[p * 4 + c] = heat[q + c];
      }
    }
  }
  return { base, heat: out, width, height };
}
