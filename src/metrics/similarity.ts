/**
 * How alike two maps are, as the randomization test compares them (Adebayo et al. 2018): the Spearman rank
 * correlation of |R|, and SSIM of |R| scaled to [0, 1], as scikit-image computes it by default (7x7 uniform
 * windows, sample covariances, K1 0.01, K2 0.03, the mean over windows that fit inside the image).
 */
import type { ScalarMap } from '../render/colormap';

/** Ranks 1..n, ties given their mean rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = rank;
    i = j + 1;
  }
  return out;
}

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) [ma, mb] = [ma + a[i] / n, mb + b[i] / n];
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  // A constant map carries no order: no correlation with anything.
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

function abs(m: ScalarMap): Float64Array {
  // A loop, not Float64Array.from with a mapping function: that took 24 ms a 224x224 map.
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(m.data[i]);
  return out;
}

export function spearmanAbs(a: ScalarMap, b: ScalarMap): number {
  return pearson(ranks(abs(a)), ranks(abs(b)));
}

function scaled(m: ScalarMap): Float64Array {
  const v = abs(m);
  const max = v.reduce((x, y) => Math.max(x, y), 0);
  return max > 0 ? v.map((x) => x / max) : v;
}

const WINDOW = 7;
const C1 = (0.01 * 1) ** 2;
const C2 = (0.03 * 1) ** 2;

/** Mean SSIM of |a| and |b|, each divided by its maximum (data range 1). */
export function ssimAbs(a: ScalarMap, b: ScalarMap): number {
  const { width: W, height: H } = a;
  if (W < WINDOW || H < WINDOW) return a.data.every((v, i) => Math.abs(v) === Math.abs(b.data[i])) ? 1 : pearson(abs(a), abs(b));
  const x = scaled(a);
  const y = scaled(b);
  // Summed-area tables of x, y, x^2, y^2 and xy: every window's moments in O(1).
  const table = (f: (i: number) => number) => {
    const t = new Float64Array((W + 1) * (H + 1));
    for (let r = 0; r < H; r++) {
      let row = 0;
      for (let c = 0; c < W; c++) {
        row += f(r * W + c);
        t[(r + 1) * (W + 1) + c + 1] = t[r * (W + 1) + c + 1] + row;
      }
    }
    return t;
  };
  const [sx, sy, sxx, syy, sxy] = [table((i) => x[i]), table((i) => y[i]), table((i) => x[i] * x[i]), table((i) => y[i] * y[i]), table((i) => x[i] * y[i])];
  const box = (t: Float64Array, r: number, c: number) => t[(r + WINDOW) * (W + 1) + c + WINDOW] - t[r * (W + 1) + c + WINDOW] - t[(r + WINDOW) * (W + 1) + c] + t[r * (W + 1) + c];
  const n = WINDOW * WINDOW;
  const norm = n / (n - 1);
  let sum = 0;
  let count = 0;
  for (let r = 0; r + WINDOW <= H; r++) {
    for (let c = 0; c + WINDOW <= W; c++) {
      const mx = box(sx, r, c) / n;
      const my = box(sy, r, c) / n;
      const vx = norm * (box(sxx, r, c) / n - mx * mx);
      const vy = norm * (box(syy, r, c) / n - my * my);
      const cxy = norm * (box(sxy, r, c) / n - mx * my);
      sum += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      count++;
    }
  }
  return sum / count;
}
