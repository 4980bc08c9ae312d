import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Mul: OpBackward = {
  opType: 'Mul',
  backward(node, g, ctx) {
    const gs = ctx.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    return [
      ctx.needsGrad(a) ? unbroadcast(ctx, ctx.b.op('Mul', [g, b]), gs, a) : undefined,
      ctx.needsGrad(b) ? unbroadcast(ctx, ctx.b.op('Mul', [g, a]), gs, b) : undefined,
    ];
  },
};
