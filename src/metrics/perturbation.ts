/**
 * Region perturbation curves (Samek et al. 2017, "Evaluating the visualization of what a deep neural network has
 * learned"): patches removed in a given order, a few more at each step, and the target's score after each.
 * AOPC is the mean drop from the input's score; the area under a curve is taken over the share removed
 * (trapezoids), so curves of different step counts compare.
 */
import type { PerturbationCurve } from '../protocol';
import { forEachPixel, type PatchGrid } from './patches';

/** How many patches are gone at each point: 0, then `steps` even steps to `until` of them, then all. */
export function removalCounts(count: number, steps: number, until: number): number[] {
  const counts = [0];
  for (let k = 1; k <= steps; k++) counts.push(Math.round((k / steps) * until * count));
  if (counts[counts.length - 1] < count) counts.push(count);
  // Fewer patches than steps would repeat a point: each count once, in order.
  return counts.filter((c, i) => i === 0 || c > counts[i - 1]);
}

/** The removal mask (1 = removed, [height * width]) after the first `n` patches of `order`. */
export function maskAfter(g: PatchGrid, order: readonly number[], n: number): Uint8Array {
  const mask = new Uint8Array(g.width * g.height);
  for (let k = 0; k < n; k++) forEachPixel(g, order[k], (i) => (mask[i] = 1));
  return mask;
}

export function area(curve: PerturbationCurve): number {
  let a = 0;
  for (let i = 1; i < curve.fractions.length; i++) a += ((curve.scores[i] + curve.scores[i - 1]) / 2) * (curve.fractions[i] - curve.fractions[i - 1]);
  return a;
}

/** Area between the LeRF and the MoRF curve: how much faster the "relevant" patches take the score away. */
export function abpc(morf: PerturbationCurve, lerf: PerturbationCurve): number {
  return area(lerf) - area(morf);
}

/** Mean of f(x) - f(x_k) over the curve's points, the input's own (a drop of 0) included, as Samek et al. */
export function aopc(curve: PerturbationCurve): number {
  const s0 = curve.scores[0];
  return curve.scores.reduce((sum, s) => sum + (s0 - s), 0) / curve.scores.length;
}
