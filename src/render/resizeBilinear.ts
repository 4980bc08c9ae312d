/**
 * Bilinear resampling of a float map with PyTorch's align_corners=false convention (pixel centres aligned),
 * the convention Grad-CAM implementations use to upsample a coarse map to the input size. Pure, so the
 * webview can use it too; sharp only resamples images, not signed float maps with a defined convention.
 */
import type { ScalarMap } from './colormap';

export function resizeBilinear(map: ScalarMap, width: number, height: number): ScalarMap {
  const columns = samplePositions(map.width, width);
  const rows = samplePositions(map.height, height);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const { low: y0, high: y1, weight: wy } = rows[y];
    for (let x = 0; x < width; x++) {
      const { low: x0, high: x1, weight: wx } = columns[x];
      const top = map.data[y0 * map.width + x0] * (1 - wx) + map.data[y0 * map.width + x1] * wx;
      const bottom = map.data[y1 * map.width + x0] * (1 - wx) + map.data[y1 * map.width + x1] * wx;
      data[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return { data, width, height };
}

/** For each output index, the two source indices it lies between and the weight of the second. */
export function samplePositions(sourceSize: number, targetSize: number): { low: number; high: number; weight: number }[] {
  const ratio = sourceSize / targetSize;
  return Array.from({ length: targetSize }, (_, i) => {
    const source = Math.max(0, (i + 0.5) * ratio - 0.5); // PyTorch clamps positions left of the first centre
    const low = Math.min(Math.floor(source), sourceSize - 1);
    const high = Math.min(low + 1, sourceSize - 1);
    return { low, high, weight: source - low };
  });
}
