/**
 * The signal passes where the unit is active. The mask is read from the output (y > 0 exactly where
 * x > 0), so the Conv before it keeps a single consumer and onnxruntime can still fuse Conv+Relu.
 */
import type { OpBackward } from './rule';
import { keepWhere } from './shared/mask';

export const Relu: OpBackward = {
  opType: 'Relu',
  backward(node, g, ctx) {
    const active = ctx.b.op('Greater', [node.outputs[0], ctx.b.scalar(0)]);
    return [keepWhere(ctx, active, g)];
  },
};
