/** Box (area-average) downsampling of a float map: what SpRAy's "downsampled relevance maps" are. */
import type { ScalarMap } from '../render/colormap';

/** The map at most `side` pixels on its longer side, each output pixel the mean of the source pixels whose centres fall in it. */
export function boxDownsample(map: ScalarMap, side: number): ScalarMap {
  const scale = Math.min(1, side / Math.max(map.width, map.height));
  const width = Math.max(1, Math.round(map.width * scale));
  const height = Math.max(1, Math.round(map.height * scale));
  if (width === map.width && height === map.height) return map;
  const sums = new Float64Array(width * height);
  const counts = new Uint32Array(width * height);
  for (let y = 0; y < map.height; y++) {
    const oy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / map.height));
    for (let x = 0; x < map.width; x++) {
      const o = oy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / map.width));
      sums[o] += map.data[y * map.width + x];
      counts[o]++;
    }
  }
  return { data: Float32Array.from(sums, (s, i) => s / counts[i]), width, height };
}
