/** `patch:P`: squares of P x P pixels from the top left, the last row and column clipped at the border. */
import { ExplainError } from '../../errors';
import type { Segmentation } from '../../protocol';

export function patchSegments(width: number, height: number, p: number): Segmentation {
  if (!Number.isInteger(p) || p < 1 || p > Math.max(width, height)) {
    throw new ExplainError('BAD_ARGUMENT', `patch:P needs a whole number of pixels from 1 to ${Math.max(width, height)} (got ${p}).`);
  }
  const cols = Math.ceil(width / p);
  const labels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) labels[y * width + x] = Math.floor(y / p) * cols + Math.floor(x / p);
  const count = cols * Math.ceil(height / p);
  return { labels, width, height, count, description: `${count} patches of ${p} x ${p} px` };
}
