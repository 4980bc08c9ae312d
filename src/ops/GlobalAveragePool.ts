/** Every position of a channel receives 1/(H*W) of the channel's signal. */
import type { OpBackward } from './rule';

export const GlobalAveragePool: OpBackward = {
  opType: 'GlobalAveragePool',
  backward(node, g, ctx) {
    const spatial = ctx.shape(node.inputs[0]).slice(2);
    const n = spatial.reduce((a, b) => a * b, 1);
    return [ctx.b.op('Mul', [g, ctx.b.floats(new Float32Array(n).fill(1 / n), [1, 1, ...spatial])])];
  },
};
