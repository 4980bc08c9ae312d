/**
 * The backward of a broadcasting elementwise op sums the signal over the axes that were broadcast, so it
 * lands with the operand's own shape.
 */
import type { BackwardContext } from '../rule';
import { A } from '../../compile/builder';

export function unbroadcast(ctx: BackwardContext, grad: string, gradShape: number[], target: string): string {
  const targetShape = ctx.shape(target);
  const lead = gradShape.length - targetShape.length;
  const axes: number[] = [];
  for (let i = 0; i < gradShape.length; i++) {
    const t = i < lead ? 1 : targetShape[i - lead];
    if (i < lead || (t === 1 && gradShape[i] !== 1)) axes.push(i);
  }
  if (axes.length === 0) return grad;
  const summed = ctx.b.op('ReduceSum', [grad, ctx.b.int64s(axes)], { keepdims: A.int(1) });
  return lead > 0 ? ctx.b.op('Reshape', [summed, ctx.b.int64s(ctx.freeShape(target))]) : summed;
}

/** A Reshape target with the batch axis left to onnxruntime, so one compiled graph serves every batch. */
export function batchFree(shape: number[]): number[] {
  return shape.length ? [-1, ...shape.slice(1)] : [];
}

export function reshapeLike(ctx: BackwardContext, grad: string, target: string): string {
  return ctx.b.op('Reshape', [grad, ctx.b.int64s(ctx.freeShape(target))]);
}
