/** The one axis Softmax and LogSoftmax normalize over (opset 13: default -1), as a ReduceSum axes input. */
import { ExplainError } from '../../errors';
import { type IRNode, attrInt } from '../../onnx/ir';
import type { BackwardContext } from '../rule';
import { batchAxis } from './reduction';

export function softmaxAxis(node: IRNode, ctx: BackwardContext): string {
  const rank = ctx.shape(node.inputs[0]).length;
  const axis = attrInt(node, 'axis', -1);
  const a = axis < 0 ? axis + rank : axis;
  if (a === batchAxis(ctx, node.inputs[0])) throw new ExplainError('UNSUPPORTED_OP', `${node.opType} ${node.name} normalizes over the batch axis, which mixes the images of a batch.`);
  return ctx.b.int64s([a]);
}
