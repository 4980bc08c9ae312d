/** dy/dx = 1 - y^2, from the output. */
import type { OpBackward } from './rule';

export const Tanh: OpBackward = {
  opType: 'Tanh',
  backward(node, g, ctx) {
    const y = node.outputs[0];
    const slope = ctx.b.op('Sub', [ctx.b.scalar(1), ctx.b.op('Mul', [y, y])]);
    return [ctx.b.op('Mul', [g, slope])];
  },
};
