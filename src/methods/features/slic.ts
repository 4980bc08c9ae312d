/**
 * `slic:N`: SLIC superpixels (Achanta et al. 2012, "SLIC Superpixels Compared to State-of-the-Art Superpixel
 * Methods"), about N of them, on the displayed image. Pixels are clustered in CIELAB plus position: centres
 * start on a regular grid of step S = sqrt(pixels / N), each moved to the lowest colour gradient of its 3 x 3
 * neighbourhood, then 10 rounds of k-means in which a centre only claims pixels within 2S x 2S of it, by the
 * distance sqrt(d_lab^2 + (d_xy / S)^2 m^2) with the standard compactness m = 10. Last, connectivity is
 * enforced as in the paper's code: every 4-connected piece becomes its own superpixel, and pieces smaller
 * than S^2 / 4 join the neighbour found before them. Deterministic: no random draw anywhere.
 */
import { ExplainError } from '../../errors';
import type { Segmentation } from '../../protocol';
import type { DisplayImage } from '../../preprocess/image';

export const SLIC_COMPACTNESS = 10;
const ROUNDS = 10;

export function slicSegments(image: DisplayImage, n: number, compactness = SLIC_COMPACTNESS): Segmentation {
  const { width, height } = image;
  if (!Number.isInteger(n) || n < 1 || n > width * height) {
    throw new ExplainError('BAD_ARGUMENT', `slic:N needs a whole number of superpixels from 1 to ${width * height} (got ${n}).`);
  }
  const lab = toLab(image);
  const step = Math.sqrt((width * height) / n);
  const centres = seedCentres(lab, width, height, step);
  const k = centres.length / 5;
  const label = new Int32Array(width * height).fill(-1);
  const best = new Float64Array(width * height);
  const weight = (compactness / step) ** 2;
  for (let round = 0; round < ROUNDS; round++) {
    best.fill(Infinity);
    for (let c = 0; c < k; c++) {
      const [l, a, b, cx, cy] = centres.subarray(c * 5, c * 5 + 5);
      for (let y = Math.max(0, Math.floor(cy - step)); y < Math.min(height, Math.ceil(cy + step)); y++) {
        for (let x = Math.max(0, Math.floor(cx - step)); x < Math.min(width, Math.ceil(cx + step)); x++) {
          const p = y * width + x;
          const d = (lab[3 * p] - l) ** 2 + (lab[3 * p + 1] - a) ** 2 + (lab[3 * p + 2] - b) ** 2 + weight * ((x - cx) ** 2 + (y - cy) ** 2);
          if (d < best[p]) {
            best[p] = d;
            label[p] = c;
          }
        }
      }
    }
    const sums = new Float64Array(k * 6);
    for (let p = 0; p < label.length; p++) {
      const c = label[p];
      if (c < 0) continue;
      const s = c * 6;
      sums[s] += lab[3 * p];
      sums[s + 1] += lab[3 * p + 1];
      sums[s + 2] += lab[3 * p + 2];
      sums[s + 3] += p % width;
      sums[s + 4] += Math.floor(p / width);
      sums[s + 5] += 1;
    }
    for (let c = 0; c < k; c++) {
      const count = sums[c * 6 + 5];
      if (count > 0) for (let j = 0; j < 5; j++) centres[c * 5 + j] = sums[c * 6 + j] / count;
    }
  }
  const { labels, count } = connected(label, width, height, Math.max(1, Math.floor((step * step) / 4)));
  return { labels, width, height, count, description: `${count} SLIC superpixels (about ${n} asked, compactness ${compactness})` };
}

/** Centres [L, a, b, x, y] on a grid of `step`, each moved to the lowest gradient of its 3 x 3 neighbourhood. */
function seedCentres(lab: Float64Array, width: number, height: number, step: number): Float64Array {
  const nx = Math.max(1, Math.round(width / step));
  const ny = Math.max(1, Math.round(height / step));
  const out = new Float64Array(nx * ny * 5);
  const at = (x: number, y: number, j: number) => lab[3 * (Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) + j];
  const gradient = (x: number, y: number) => {
    let g = 0;
    for (let j = 0; j < 3; j++) g += (at(x + 1, y, j) - at(x - 1, y, j)) ** 2 + (at(x, y + 1, j) - at(x, y - 1, j)) ** 2;
    return g;
  };
  let c = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      let bx = Math.min(width - 1, Math.floor(((i + 0.5) * width) / nx));
      let by = Math.min(height - 1, Math.floor(((j + 0.5) * height) / ny));
      let bg = gradient(bx, by);
      const [x0, y0] = [bx, by];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const x = x0 + dx;
          const y = y0 + dy;
          if (x < 0 || y < 0 || x >= width || y >= height) continue;
          const g = gradient(x, y);
          if (g < bg) [bx, by, bg] = [x, y, g];
        }
      }
      out.set([at(bx, by, 0), at(bx, by, 1), at(bx, by, 2), bx, by], 5 * c++);
    }
  }
  return out;
}

/** Each 4-connected piece of one cluster becomes a superpixel; pieces under `minSize` join the neighbour found before them. */
function connected(cluster: Int32Array, width: number, height: number, minSize: number): { labels: Int32Array; count: number } {
  const labels = new Int32Array(cluster.length).fill(-1);
  const queue = new Int32Array(cluster.length);
  let count = 0;
  for (let start = 0; start < cluster.length; start++) {
    if (labels[start] >= 0) continue;
    let adjacent = -1;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    labels[start] = count;
    while (head < tail) {
      const p = queue[head++];
      const x = p % width;
      for (const q of [x > 0 ? p - 1 : -1, x < width - 1 ? p + 1 : -1, p - width, p + width]) {
        if (q < 0 || q >= cluster.length) continue;
        if (labels[q] < 0 && cluster[q] === cluster[start]) {
          labels[q] = count;
          queue[tail++] = q;
        } else if (labels[q] >= 0 && labels[q] !== count) adjacent = labels[q];
      }
    }
    if (tail < minSize && adjacent >= 0) for (let i = 0; i < tail; i++) labels[queue[i]] = adjacent;
    else count++;
  }
  return { labels, count };
}

/** sRGB bytes to CIELAB (D65 white), three values per pixel. */
export function toLab(image: DisplayImage): Float64Array {
  const out = new Float64Array(image.width * image.height * 3);
  const linear = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
  for (let p = 0; p < image.width * image.height; p++) {
    const r = linear(image.data[3 * p]);
    const g = linear(image.data[3 * p + 1]);
    const b = linear(image.data[3 * p + 2]);
    const fx = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
    const fy = f(0.2126729 * r + 0.7151522 * g + 0.072175 * b);
    const fz = f((0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883);
    out[3 * p] = 116 * fy - 16;
    out[3 * p + 1] = 500 * (fx - fy);
    out[3 * p + 2] = 200 * (fy - fz);
  }
  return out;
}
