/**
 * The backward of a normalization over some axes, y = (x - mean) / sqrt(var + eps) (LayerNormalization,
 * InstanceNormalization, GroupNormalization): with x^ the normalized input, gy the signal already times the
 * scale, and means over the normalized axes,
 *   dx = rstd (gy - mean(gy) - x^ mean(gy x^)).
 * The statistics are recomputed from x rather than taken from the forward op, whose optional outputs differ
 * between ops; reductions are ReduceSum, whose axes are an input at opsets 17 and 18 alike.
 */
import { A } from '../../compile/builder';
import type { BackwardContext } from '../rule';

/** `n`: the number of elements each statistic is taken over. */
export function normalizedBackward(ctx: BackwardContext, gy: string, x: string, axes: number[], n: number, eps: number): string {
  const b = ctx.b;
  const axesIn = b.int64s(axes);
  const mean = (t: string) => b.op('Mul', [b.op('ReduceSum', [t, axesIn], { keepdims: A.int(1) }), b.scalar(1 / n)]);
  const d = b.op('Sub', [x, mean(x)]);
  const rstd = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [mean(b.op('Mul', [d, d])), b.scalar(eps)])])]);
  const xhat = b.op('Mul', [d, rstd]);
  const centered = b.op('Sub', [gy, mean(gy)]);
  return b.op('Mul', [rstd, b.op('Sub', [centered, b.op('Mul', [xhat, mean(b.op('Mul', [gy, xhat]))])])]);
}


/** The number of elements of `x` along `axes` (batch 1). */
export function countAlong(ctx: BackwardContext, x: string, axes: number[]): number {
  const shape = ctx.shape(x);
  return axes.reduce((k, a) => k * shape[a], 1);
}
