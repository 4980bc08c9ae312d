/** `grid:N`: the image cut into N x N cells of (nearly) equal size, row by row. */
import { ExplainError } from '../../errors';
import type { Segmentation } from '../../protocol';

export function gridSegments(width: number, height: number, n: number): Segmentation {
  if (!Number.isInteger(n) || n < 1 || n > Math.min(width, height)) {
    throw new ExplainError('BAD_ARGUMENT', `grid:N needs a whole number of cells per side from 1 to ${Math.min(width, height)} (got ${n}).`);
  }
  const labels = new Int32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * n) / height);
    for (let x = 0; x < width; x++) labels[y * width + x] = row * n + Math.floor((x * n) / width);
  }
  return { labels, width, height, count: n * n, description: `${n} x ${n} grid cells` };
}
