import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Sub: OpBackward = {
  opType: 'Sub',
  backward(node, g, ctx) {
    const gs = ctx.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    return [
      ctx.needsGrad(a) ? unbroadcast(ctx, g, gs, a) : undefined,
      ctx.needsGrad(b) ? unbroadcast(ctx, ctx.b.op('Neg', [g]), gs, b) : undefined,
    ];
  },
};
