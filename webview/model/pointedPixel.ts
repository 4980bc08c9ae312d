/**
 * The pixel under the pointer, told in the terms a user checks: which pixel of the original file it is (the
 * stage may show the original scaled down) and which pixel of the model's input covers it, if any. Pure.
 */
import { inputPixelOf } from '../../src/preprocess/geometry';
import type { InputGeometry } from '../../src/protocol';

export interface PointedPixel {
  /** In the original file's own pixels; undefined when the stage shows the model's input only. */
  original?: { x: number; y: number };
  /** The model-input pixel there; undefined where the input does not reach (cropped away). */
  input?: { x: number; y: number };
}

/**
 * `shown` is a pixel of the picture the stage draws (`shownWidth` x `shownHeight`): the original through
 * `geometry`, or without it the model's input itself.
 */
export function pointedPixel(shown: { x: number; y: number }, shownWidth: number, shownHeight: number, geometry: InputGeometry | undefined): PointedPixel {
  if (!geometry) return { input: shown };
  const original = {
    x: Math.min(geometry.sourceWidth - 1, Math.floor(((shown.x + 0.5) * geometry.sourceWidth) / shownWidth)),
    y: Math.min(geometry.sourceHeight - 1, Math.floor(((shown.y + 0.5) * geometry.sourceHeight) / shownHeight)),
  };
  const input = inputPixelOf(geometry, shownWidth, shownHeight, shown.x, shown.y);
  return input ? { original, input } : { original };
}
