/**
 * What a reduction (ReduceSum, ReduceMean) reduced: its axes from the attribute (ReduceMean before opset 18)
 * or the constant second input (ReduceSum from 13, every Reduce* from 18), and noop_with_empty_axes; and the
 * way back, the signal laid out with the reduced axes kept and broadcast over them.
 */
import { ExplainError } from '../../errors';
import { type IRNode, attrInt, attrInts, tensorToNumbers } from '../../onnx/ir';
import type { BackwardContext } from '../rule';

/** The reduced axes, non-negative and sorted; [] when the node reduces nothing (noop_with_empty_axes). */
export function reducedAxes(node: IRNode, ctx: BackwardContext): number[] {
  const rank = ctx.shape(node.inputs[0]).length;
  const axesInput = node.inputs[1];
  if (axesInput && ctx.needsGrad(axesInput)) throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} computes its axes from the image.`);
  const constant = axesInput ? ctx.constant(axesInput) : undefined;
  if (axesInput && !constant) throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} takes its axes from a tensor that is not a constant.`);
  const given = constant ? tensorToNumbers(constant) : attrInts(node, 'axes');
  const none = !given || given.length === 0;
  if (none && attrInt(node, 'noop_with_empty_axes', 0) === 1) return [];
  const axes = none ? Array.from({ length: rank }, (_, i) => i) : [...new Set(given.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (axes.includes(batchAxis(ctx, node.inputs[0]))) {
    throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} reduces over the batch axis, which mixes the images of a batch; only per-image reductions can be explained.`);
  }
  return axes;
}

/** The number of elements each output element reduces (batch 1). */
export function reducedCount(ctx: BackwardContext, node: IRNode, axes: number[]): number {
  const shape = ctx.shape(node.inputs[0]);
  return axes.reduce((n, a) => n * shape[a], 1);
}

/**
 * The output's signal broadcast back over the reduced axes to the input's shape. The batch is the signal's
 * own (1 in the target): a signal need not have its forward tensor's rows (DeepLIFT's pairs: one per pair).
 */
export function spreadOverAxes(ctx: BackwardContext, node: IRNode, g: string, axes: number[]): string {
  const free = ctx.freeShape(node.inputs[0]);
  const kept = free.map((d, i) => (axes.includes(i) ? 1 : d));
  const keepdims = attrInt(node, 'keepdims', 1) === 1;
  const shaped = keepdims ? g : ctx.b.op('Reshape', [g, ctx.b.int64s(kept)]);
  return ctx.b.op('Expand', [shaped, ctx.b.int64s(free.map((d) => (d === -1 ? 1 : d)))]);
}

/** The axis a tensor's batch runs along (usually 0; attention layouts move it), -1 if it has none. */
export function batchAxis(ctx: BackwardContext, t: string): number {
  return ctx.freeShape(t).indexOf(-1);
}
