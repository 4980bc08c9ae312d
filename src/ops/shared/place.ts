/**
 * The adjoint of picking elements along one axis (Slice, Gather): the signal of the picked elements put back
 * at their places, zero elsewhere. Evenly spaced picks are placed with Pad (and, for strides, a zero-filled
 * Reshape), other index lists by a matrix product with their one-hot matrix, which also adds repeated picks.
 */
import { A } from '../../compile/builder';
import { ExplainError } from '../../errors';
import { floatTensor, type IRNode } from '../../onnx/ir';
import type { BackwardContext } from '../rule';

/** A constant input (integers, or Resize's float scales) as numbers; the op's rule refuses it when it is computed from the image. */
export function constantInts(ctx: BackwardContext, node: IRNode, input: number, what: string): number[] | undefined {
  const name = node.inputs[input];
  if (!name) return undefined;
  const t = ctx.constant(name);
  if (!t) throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} computes its ${what} at run time; only constant ${what} are supported.`);
  return Array.from(t.data as ArrayLike<number | bigint>, Number);
}

/** The batch axis of a tensor, or -1 when its shape does not depend on the batch. */
export function batchAxis(ctx: BackwardContext, t: string): number {
  return ctx.freeShape(t).indexOf(-1);
}

/**
 * `g`, whose Reshape target is `free` (its batch-1 shape, -1 at the batch axis), holds the elements
 * first, first + step, ... (count of them, step > 0) of an axis of length `dim`: returns it with that axis
 * `dim` long, zeros elsewhere. `free` is updated to the result's.
 */
export function placeEvenly(ctx: BackwardContext, g: string, free: number[], axis: number, first: number, step: number, count: number, dim: number): string {
  const b = ctx.b;
  const rank = free.length;
  let span = count;
  if (step > 1 && count > 1) {
    // Each element followed by step - 1 zeros: [.., count, 1, ..] padded to [.., count, step, ..], merged.
    const opened = b.op('Unsqueeze', [g, b.int64s([axis + 1])]);
    const padded = b.op('Pad', [opened, padsAt(ctx, rank + 1, axis + 1, 0, step - 1)]);
    span = count * step;
    g = b.op('Reshape', [padded, b.int64s(free.map((d, i) => (i === axis ? span : d)))]);
  }
  if (first + span > dim) {
    g = b.op('Slice', [g, b.int64s([0]), b.int64s([dim - first]), b.int64s([axis])]);
    span = dim - first;
  }
  free[axis] = dim;
  if (first === 0 && span === dim) return g;
  return b.op('Pad', [g, padsAt(ctx, rank, axis, first, dim - first - span)]);
}

/** Pad's pads input: `begin` and `end` on one axis of a rank-`rank` tensor. */
function padsAt(ctx: BackwardContext, rank: number, axis: number, begin: number, end: number): string {
  const p = Array(2 * rank).fill(0);
  p[axis] = begin;
  p[axis + rank] = end;
  return ctx.b.int64s(p);
}

/**
 * `g` holds, along `axis`, the elements at `indices` (flattened, any order, repeats allowed) of an axis of
 * length `dim`: returns the sum of each element's signals at its place, via a product with the [K, dim]
 * one-hot matrix on the last axis.
 */
export function placeIndices(ctx: BackwardContext, g: string, rank: number, axis: number, indices: number[], dim: number): string {
  const b = ctx.b;
  const oneHot = new Float32Array(indices.length * dim);
  indices.forEach((d, k) => (oneHot[k * dim + d] += 1));
  const perm = [...Array(rank).keys()].filter((i) => i !== axis).concat(axis);
  const last = axis === rank - 1;
  const moved = last ? g : b.op('Transpose', [g], { perm: A.ints(perm) });
  const placed = b.op('MatMul', [moved, b.constant(floatTensor(oneHot, [indices.length, dim]), 'one_hot')]);
  if (last) return placed;
  const inverse = Array<number>(rank);
  perm.forEach((p, i) => (inverse[p] = i));
  return b.op('Transpose', [placed], { perm: A.ints(inverse) });
}
