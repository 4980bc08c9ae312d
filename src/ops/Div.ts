/** Y = A / B: dA = G / B, dB = -G Y / B. */
import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Div: OpBackward = {
  opType: 'Div',
  backward(node, g, ctx) {
    const gs = ctx.shape(node.outputs[0]);
    const [a, b] = node.inputs;
    const gOverB = ctx.b.op('Div', [g, b]);
    return [
      ctx.needsGrad(a) ? unbroadcast(ctx, gOverB, gs, a) : undefined,
      ctx.needsGrad(b) ? unbroadcast(ctx, ctx.b.op('Neg', [ctx.b.op('Mul', [gOverB, node.outputs[0]])]), gs, b) : undefined,
    ];
  },
};
