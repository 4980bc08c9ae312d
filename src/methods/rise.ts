/**
 * RISE (Petsiuk et al. 2018): `samples` random masks, each a grid of N x N cells kept with probability
 * p = 1/2, upsampled bilinearly to (N + 1) cells of ceil(size / N) pixels and cropped at a random shift of
 * up to one cell (so the cells' edges fall anywhere); each masked input x m + baseline (1 - m) is scored, and
 * a pixel's saliency is sum_i f(x m_i) m_i(pixel) / (samples p): the expected score given the pixel is kept.
 * The cell grid comes from `--features grid:N` (default 7, Xplique's and the paper's). `samples` forward
 * passes. The masks are drawn from the seed up front (grid bits and shifts) and built when their chunk is
 * made, kept until its scores come back: 1000 masks of 224 x 224 never sit in memory at once.
 */
import { ExplainError } from '../errors';
import type { ForwardMethod } from './method';
import { FeatureMasker } from './blackbox/masker';
import { parseFeatures } from './features';
import { patchSegments } from './features/patch';
import { createRng, type Rng } from '../util/random';

const TITLE = 'RISE';
export const RISE_KEEP = 0.5;

export interface RiseMasks {
  grid: number;
  count: number;
  /** Mask i over the image's pixels, row-major, values in [0, 1]. */
  mask(i: number): Float32Array;
}

export const rise: ForwardMethod = {
  name: 'rise',
  title: TITLE,
  description: 'Mean score of random smooth masks, weighted by how much each mask keeps the pixel (forward passes only, any model).',
  defaults: { features: 'grid:7', samples: 1000, seed: 0, baseline: { kind: 'zero' } },
  forwardOnly: true,
  layerQuantity: 'relevance',
  async run(ctx) {
    const { features = 'grid:7', samples = 1000, seed = 0 } = ctx.params;
    const spec = parseFeatures(features);
    if (spec.kind !== 'grid') throw new ExplainError('BAD_ARGUMENT', `${TITLE} draws its masks on a grid: give --features grid:N (N x N cells), not ${features}.`);
    if (!Number.isInteger(samples) || samples < 1) throw new ExplainError('BAD_ARGUMENT', `${TITLE}: --samples must be a positive whole number of masks (got ${samples}).`);
    if (!Number.isInteger(seed)) throw new ExplainError('BAD_ARGUMENT', `${TITLE}: --seed must be a whole number (got ${seed}).`);
    const { width, height } = ctx.display;
    const masks = riseMasks(width, height, spec.n, samples, createRng(seed));
    const base = await ctx.baseline();
    // One feature per pixel: a mask's value at a pixel blends all its channels.
    const masker = new FeatureMasker(ctx.input, base.tensor.data, patchSegments(width, height, 1), ctx.pre.layout);
    // Each mask is kept only until its chunk's scores come back, then added to the saliency.
    const kept = new Map<number, Float32Array>();
    const saliency = new Float64Array(width * height);
    await ctx.scores(
      samples,
      (i) => {
        const m = masks.mask(i);
        kept.set(i, m);
        return masker.apply(m);
      },
      (start, scores) => {
        for (let j = 0; j < scores.length; j++) {
          const m = kept.get(start + j)!;
          kept.delete(start + j);
          for (let p = 0; p < m.length; p++) saliency[p] += (scores[j] * m[p]) / (samples * RISE_KEEP);
        }
      },
    );
    const relevance = masker.spread(saliency);
    return {
      relevance,
      pass: { signal: relevance, layers: [], scores: [await ctx.score(ctx.input.data)], exposed: new Map() },
      notes: [
        `${samples} masks of ${spec.n} x ${spec.n} cells kept with probability ${RISE_KEEP}, upsampled bilinearly and shifted at random; ${samples} forward passes, masked pixels blended with ${base.description}, seed ${seed}.`,
        'No layer records: black-box methods run the plain forward only.',
      ],
    };
  },
};

/** The masks, drawn in order from `rng`: per mask its grid's cells (row by row), then its shift in y and x. */
export function riseMasks(width: number, height: number, grid: number, count: number, rng: Rng): RiseMasks {
  if (!Number.isInteger(grid) || grid < 1 || grid > Math.min(width, height)) {
    throw new ExplainError('BAD_ARGUMENT', `${TITLE}: grid:N needs N from 1 to ${Math.min(width, height)} (got ${grid}).`);
  }
  const cellH = Math.ceil(height / grid);
  const cellW = Math.ceil(width / grid);
  const cells = new Uint8Array(count * grid * grid);
  const shifts = new Int32Array(count * 2);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < grid * grid; k++) cells[i * grid * grid + k] = rng.uniform() < RISE_KEEP ? 1 : 0;
    shifts[2 * i] = Math.floor(rng.uniform() * cellH);
    shifts[2 * i + 1] = Math.floor(rng.uniform() * cellW);
  }
  // Bilinear upsampling of the grid to (grid + 1) cells per side, pixel centres aligned (half-pixel), edges clamped.
  const upH = (grid + 1) * cellH;
  const upW = (grid + 1) * cellW;
  const axis = (up: number) => {
    const lo = new Int32Array(up);
    const t = new Float64Array(up);
    for (let u = 0; u < up; u++) {
      const s = Math.min(grid - 1, Math.max(0, ((u + 0.5) * grid) / up - 0.5));
      lo[u] = Math.min(grid - 2, Math.floor(s));
      if (grid === 1) lo[u] = 0;
      t[u] = grid === 1 ? 0 : s - lo[u];
    }
    return { lo, t };
  };
  const ys = axis(upH);
  const xs = axis(upW);
  return {
    grid,
    count,
    mask(i) {
      const c = cells.subarray(i * grid * grid, (i + 1) * grid * grid);
      const [dy, dx] = [shifts[2 * i], shifts[2 * i + 1]];
      // Separable: each grid row interpolated along x once, then every pixel row blends two of those.
      const rows = new Float32Array(grid * width);
      for (let r = 0; r < grid; r++) {
        for (let x = 0; x < width; x++) {
          const x0 = xs.lo[x + dx];
          const tx = xs.t[x + dx];
          rows[r * width + x] = c[r * grid + x0] * (1 - tx) + (tx > 0 ? c[r * grid + x0 + 1] * tx : 0);
        }
      }
      const out = new Float32Array(width * height);
      for (let y = 0; y < height; y++) {
        const y0 = ys.lo[y + dy];
        const ty = ys.t[y + dy];
        const top = y0 * width;
        const bottom = ty > 0 ? top + width : top;
        for (let x = 0; x < width; x++) out[y * width + x] = rows[top + x] * (1 - ty) + rows[bottom + x] * ty;
      }
      return out;
    },
  };
}
