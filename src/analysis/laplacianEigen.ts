/**
 * The smallest eigenvalues and eigenvectors of a graph's symmetric normalized Laplacian
 * L = I - D^-1/2 W D^-1/2. Small graphs: the dense solver (exact, every multiplicity). Larger ones: block
 * subspace iteration with Rayleigh-Ritz on the sparse B = I - L/2 (eigenvalues in [0, 1], L's smallest are
 * B's largest), whose block, wider than any multiplicity asked for, finds repeated eigenvalues too; the dense
 * solver is O(n^3) (3 s of CPU at n = 1000), this about n * neighbours * block per step.
 */
import { createRng } from '../util/random';
import type { SparseGraph } from './knnGraph';
import { symmetricEigen } from './symmetricEigen';

export interface LaplacianEigen {
  /** Ascending, the first `want`. */
  values: number[];
  /** vectors[k]: the unit eigenvector of values[k], length n. */
  vectors: Float64Array[];
}

/** Up to this many nodes the dense solver is used: ~0.1 s. */
export const DENSE_MAX = 400;
/** Residual ||B x - theta x|| at which a Ritz pair counts as converged. */
const TOLERANCE = 1e-9;
const MAX_STEPS = 3000;
const RITZ_EVERY = 5;

export function laplacianEigen(g: SparseGraph, want: number, opts: { seed?: number; dense?: boolean } = {}): LaplacianEigen {
  const n = g.n;
  const k = Math.min(want, n);
  const scale = Float64Array.from({ length: n }, (_, i) => 1 / Math.sqrt(Math.max(g.offsets[i + 1] - g.offsets[i], 1)));
  if (opts.dense ?? n <= DENSE_MAX) return dense(g, scale, k);
  return subspace(g, scale, k, opts.seed ?? 0);
}

function dense(g: SparseGraph, scale: Float64Array, k: number): LaplacianEigen {
  const n = g.n;
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    L[i * n + i] = g.offsets[i + 1] > g.offsets[i] ? 1 : 0;
    for (let p = g.offsets[i]; p < g.offsets[i + 1]; p++) L[i * n + g.neighbours[p]] -= scale[i] * scale[g.neighbours[p]];
  }
  const { values, vectors } = symmetricEigen(L, n);
  return { values: Array.from(values.subarray(0, k)), vectors: Array.from({ length: k }, (_, j) => vectors.slice(j * n, (j + 1) * n)) };
}

/** y = B x = (x + D^-1/2 W D^-1/2 x) / 2. */
function applyB(g: SparseGraph, scale: Float64Array, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < g.n; i++) {
    let s = 0;
    for (let p = g.offsets[i]; p < g.offsets[i + 1]; p++) {
      const j = g.neighbours[p];
      s += scale[j] * x[j];
    }
    y[i] = 0.5 * (x[i] + scale[i] * s);
  }
}

function subspace(g: SparseGraph, scale: Float64Array, k: number, seed: number): LaplacianEigen {
  const n = g.n;
  const b = Math.min(n, 2 * k + 8);
  const rng = createRng(seed);
  let X: Float64Array[] = Array.from({ length: b }, () => Float64Array.from({ length: n }, () => rng.normal()));
  orthonormalize(X);
  let Y: Float64Array[] = X.map(() => new Float64Array(n));
  let theta = new Float64Array(b);
  for (let step = 1; step <= MAX_STEPS; step++) {
    for (let j = 0; j < b; j++) applyB(g, scale, X[j], Y[j]);
    if (step % RITZ_EVERY !== 0) {
      [X, Y] = [Y, X];
      orthonormalize(X);
      continue;
    }
    // Rayleigh-Ritz: the best approximations within span(X) of B's largest eigenpairs.
    const H = new Float64Array(b * b);
    for (let r = 0; r < b; r++) for (let c = 0; c <= r; c++) H[r * b + c] = H[c * b + r] = dot(X[r], Y[c]);
    const small = symmetricEigen(H, b);
    const order = Array.from({ length: b }, (_, i) => b - 1 - i);
    theta = Float64Array.from(order, (i) => small.values[i]);
    const rotate = (V: Float64Array[]) => order.map((i) => combine(V, small.vectors.subarray(i * b, (i + 1) * b)));
    const ritz = rotate(X);
    const images = rotate(Y);
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let r = 0;
      for (let t = 0; t < n; t++) r += (images[j][t] - theta[j] * ritz[j][t]) ** 2;
      worst = Math.max(worst, Math.sqrt(r));
    }
    X = ritz;
    if (worst < TOLERANCE) break;
    // Continue from the Ritz vectors' images: one more multiplication by B, kept orthonormal.
    X = images;
    orthonormalize(X);
    Y = X.map(() => new Float64Array(n));
  }
  return { values: Array.from(theta.subarray(0, k), (t) => Math.max(0, 2 - 2 * t)), vectors: X.slice(0, k) };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function combine(V: Float64Array[], w: ArrayLike<number>): Float64Array {
  const out = new Float64Array(V[0].length);
  V.forEach((v, j) => {
    const c = w[j];
    for (let i = 0; i < out.length; i++) out[i] += c * v[i];
  });
  return out;
}

/** Modified Gram-Schmidt, twice (once loses orthogonality when the block's vectors grow nearly parallel). */
function orthonormalize(V: Float64Array[]): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < V.length; j++) {
      for (let i = 0; i < j; i++) {
        const c = dot(V[i], V[j]);
        for (let t = 0; t < V[j].length; t++) V[j][t] -= c * V[i][t];
      }
      const norm = Math.sqrt(dot(V[j], V[j]));
      for (let t = 0; t < V[j].length; t++) V[j][t] /= norm || 1;
    }
  }
}
