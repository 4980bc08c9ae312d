/**
 * The outlines of a black-box method's features, drawn over a picture on demand: a pixel is on an outline
 * where its right or lower neighbour belongs to another feature. Pure, tested under node.
 */
import type { Segmentation } from '../../src/protocol';

/** The outline as RGBA at the segmentation's size: opaque white on the edges, transparent elsewhere. */
export function featureOutline(s: Segmentation): Uint8ClampedArray {
  const out = new Uint8ClampedArray(s.width * s.height * 4);
  for (let y = 0; y < s.height; y++) {
    for (let x = 0; x < s.width; x++) {
      const p = y * s.width + x;
      const edge = (x + 1 < s.width && s.labels[p + 1] !== s.labels[p]) || (y + 1 < s.height && s.labels[p + s.width] !== s.labels[p]);
      if (edge) out.fill(255, 4 * p, 4 * p + 4);
    }
  }
  return out;
}

/** `picture` with the outline's opaque pixels (alpha over half) painted white; both RGBA of one size. */
export function drawOutline(picture: Uint8ClampedArray, outline: Uint8ClampedArray): Uint8ClampedArray {
  const out = picture.slice();
  for (let i = 0; i < out.length; i += 4) if (outline[i + 3] > 127) out.fill(255, i, i + 3);
  return out;
}
