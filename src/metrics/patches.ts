/**
 * The image cut into square patches, and orders of them: by a relevance map (most relevant first, or least) or
 * seeded at random. Patches at the right and bottom edges are cut short when the size does not divide evenly.
 */
import type { ScalarMap } from '../render/colormap';
import { createRng } from '../util/random';

export interface PatchGrid {
  width: number;
  height: number;
  patch: number;
  cols: number;
  rows: number;
  count: number;
}

export function patchGrid(width: number, height: number, patch: number): PatchGrid {
  const cols = Math.ceil(width / patch);
  const rows = Math.ceil(height / patch);
  return { width, height, patch, cols, rows, count: cols * rows };
}

/** Calls `visit` with the flat pixel index (y * width + x) of every pixel of patch `p`. */
export function forEachPixel(g: PatchGrid, p: number, visit: (pixel: number) => void): void {
  const x0 = (p % g.cols) * g.patch;
  const y0 = Math.floor(p / g.cols) * g.patch;
  for (let y = y0; y < Math.min(y0 + g.patch, g.height); y++) {
    for (let x = x0; x < Math.min(x0 + g.patch, g.width); x++) visit(y * g.width + x);
  }
}

/** The relevance of each patch: the sum over its pixels (so a cut-short edge patch is not favoured). */
export function patchRelevance(g: PatchGrid, map: ScalarMap): Float64Array {
  const out = new Float64Array(g.count);
  for (let p = 0; p < g.count; p++) forEachPixel(g, p, (i) => (out[p] += map.data[i]));
  return out;
}

/** Patch indices, most relevant first; ties in index order, so an order never depends on the sort's whims. */
export function mostRelevantFirst(relevance: Float64Array): number[] {
  return Array.from(relevance.keys()).sort((a, b) => relevance[b] - relevance[a] || a - b);
}

/** A seeded uniform permutation (Fisher-Yates). */
export function randomOrder(count: number, seed: number): number[] {
  const rng = createRng(seed);
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
