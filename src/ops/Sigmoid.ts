/** dy/dx = y (1 - y), from the output. */
import type { OpBackward } from './rule';

export const Sigmoid: OpBackward = {
  opType: 'Sigmoid',
  backward(node, g, ctx) {
    const y = node.outputs[0];
    const slope = ctx.b.op('Mul', [y, ctx.b.op('Sub', [ctx.b.scalar(1), y])]);
    return [ctx.b.op('Mul', [g, slope])];
  },
};
