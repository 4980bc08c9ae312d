/** Add passes the signal to both summands (a residual Add included), summed over broadcast axes. */
import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Add: OpBackward = {
  opType: 'Add',
  backward(node, g, ctx) {
    const gs = ctx.shape(node.outputs[0]);
    return node.inputs.map((x) => (ctx.needsGrad(x) ? unbroadcast(ctx, g, gs, x) : undefined));
  },
};
