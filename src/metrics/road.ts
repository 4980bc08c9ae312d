/**
 * ROAD's noisy linear imputation (Rong et al., ICML 2022): every removed pixel becomes the weighted mean of its
 * eight neighbours inside the image (1/6 the direct ones, 1/12 the diagonal ones), removed neighbours included,
 * which is one sparse linear system per channel; then a little Gaussian noise. Filling from the neighbours hides
 * the removal's shape, which plain filling leaks to the model (the "class information leakage" ROAD removes).
 *
 * The system is symmetric positive definite wherever a removed region touches a kept pixel; a tiny pull towards
 * the channel's mean makes it so everywhere (an image removed entirely becomes its mean) and changes the
 * solution elsewhere by about that weight. Solved by conjugate gradients started from the mean (or from a
 * previous step's imputation).
 */
import type { ImageLayout } from '../util/imageLayout';
import type { Rng } from '../util/random';

const NEIGHBOURS: readonly [number, number, number][] = [
  [-1, -1, 1 / 12], [-1, 0, 1 / 6], [-1, 1, 1 / 12],
  [0, -1, 1 / 6], [0, 1, 1 / 6],
  [1, -1, 1 / 12], [1, 0, 1 / 6], [1, 1, 1 / 12],
];
const PULL = 1e-6;
const TOLERANCE = 1e-6;
const MAX_ITERATIONS = 5000;

export interface RoadOptions {
  /** Standard deviation of the noise added to each imputed value, as a share of the channel's std over the image. */
  noise: number;
  rng?: Rng;
}

/** A previous imputation of an image and its mask. */
export interface Imputed {
  image: Float32Array;
  removed: Uint8Array;
}

/**
 * `input` with the pixels where `removed` is 1 imputed, channel by channel, then noise. `removed` is
 * [height * width]. The noise: ROAD adds N(0, 0.01) on normalized inputs; relative to the channel's spread it
 * means the same for an input in any range.
 */
export function roadImpute(input: Float32Array, g: ImageLayout, removed: Uint8Array, opts: RoadOptions): Float32Array {
  return addImputationNoise(linearImpute(input, g, removed), input, g, removed, opts);
}

/** Noise of `opts.noise` times each channel's spread, on the imputed pixels of `imputed` (changed in place). */
export function addImputationNoise(imputed: Float32Array, input: Float32Array, g: ImageLayout, removed: Uint8Array, opts: RoadOptions): Float32Array {
  if (!(opts.noise > 0) || !opts.rng) return imputed;
  for (let c = 0; c < g.channels; c++) {
    const spread = opts.noise * channelStats(input, g, c).std;
    for (let p = 0; p < removed.length; p++) if (removed[p]) imputed[c * g.channelStride + p * g.pixelStride] += spread * opts.rng.normal();
  }
  return imputed;
}

/**
 * The noise-free imputation. `previous`: an earlier one of the same image; where it imputed too, its values start
 * the solve (a removal curve imputes a growing region step by step, so few iterations remain): only the speed changes.
 */
export function linearImpute(input: Float32Array, g: ImageLayout, removed: Uint8Array, previous?: Imputed): Float32Array {
  const out = Float32Array.from(input);
  const unknown: number[] = [];
  const slot = new Int32Array(g.width * g.height).fill(-1);
  for (let p = 0; p < removed.length; p++) if (removed[p]) slot[p] = unknown.push(p) - 1;
  const n = unknown.length;
  if (n === 0) return out;

  // Per unknown: its in-image neighbours (pixel index and weight) and the sum of their weights.
  const nbStart = new Int32Array(n + 1);
  const nbPixel: number[] = [];
  const nbWeight: number[] = [];
  const diagonal = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const y = Math.floor(unknown[k] / g.width);
    const x = unknown[k] % g.width;
    for (const [dy, dx, w] of NEIGHBOURS) {
      const yy = y + dy;
      const xx = x + dx;
      if (yy < 0 || xx < 0 || yy >= g.height || xx >= g.width) continue;
      nbPixel.push(yy * g.width + xx);
      nbWeight.push(w);
      diagonal[k] += w;
    }
    nbStart[k + 1] = nbPixel.length;
  }

  const at = (c: number, p: number) => c * g.channelStride + p * g.pixelStride;
  for (let c = 0; c < g.channels; c++) {
    const { mean } = channelStats(input, g, c);
    // b = (weights of known neighbours) . (their values) + PULL * mean; A x = diag(s + PULL) x - W_unknown x.
    const b = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let sum = PULL * mean;
      for (let j = nbStart[k]; j < nbStart[k + 1]; j++) if (slot[nbPixel[j]] < 0) sum += nbWeight[j] * input[at(c, nbPixel[j])];
      b[k] = sum;
    }
    const apply = (v: Float64Array, into: Float64Array) => {
      for (let k = 0; k < n; k++) {
        let sum = (diagonal[k] + PULL) * v[k];
        for (let j = nbStart[k]; j < nbStart[k + 1]; j++) {
          const s = slot[nbPixel[j]];
          if (s >= 0) sum -= nbWeight[j] * v[s];
        }
        into[k] = sum;
      }
    };
    const start = new Float64Array(n).fill(mean);
    // Nothing kept: the solution is the mean itself (and a start elsewhere would crawl to it at the pull's rate).
    if (n === removed.length) {
      for (let k = 0; k < n; k++) out[at(c, unknown[k])] = mean;
      continue;
    }
    if (previous) for (let k = 0; k < n; k++) if (previous.removed[unknown[k]]) start[k] = previous.image[at(c, unknown[k])];
    const x = conjugateGradient(apply, b, start);
    for (let k = 0; k < n; k++) out[at(c, unknown[k])] = x[k];
  }
  return out;
}

function channelStats(input: Float32Array, g: ImageLayout, c: number): { mean: number; std: number } {
  const count = g.width * g.height;
  let sum = 0;
  let squares = 0;
  for (let p = 0; p < count; p++) {
    const v = input[c * g.channelStride + p * g.pixelStride];
    sum += v;
    squares += v * v;
  }
  const mean = sum / count;
  return { mean, std: Math.sqrt(Math.max(0, squares / count - mean * mean)) };
}

/** Solves A x = b for a symmetric positive definite A given as a product, from `x`, to a relative residual of 1e-6. */
export function conjugateGradient(apply: (v: Float64Array, into: Float64Array) => void, b: Float64Array, x: Float64Array): Float64Array {
  const n = b.length;
  const r = new Float64Array(n);
  const ap = new Float64Array(n);
  apply(x, ap);
  let bNorm = 0;
  for (let i = 0; i < n; i++) {
    r[i] = b[i] - ap[i];
    bNorm += b[i] * b[i];
  }
  const p = Float64Array.from(r);
  let rr = dot(r, r);
  const stop = TOLERANCE * TOLERANCE * Math.max(bNorm, 1e-30);
  for (let it = 0; it < MAX_ITERATIONS && rr > stop; it++) {
    apply(p, ap);
    const alpha = rr / dot(p, ap);
    for (let i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * ap[i];
    }
    const next = dot(r, r);
    const beta = next / rr;
    rr = next;
    for (let i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
  }
  return x;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
