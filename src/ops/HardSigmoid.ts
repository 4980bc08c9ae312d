/** y = clip(alpha x + beta, 0, 1): slope alpha where the output is strictly inside (0, 1), as torch's backward. */
import { attrFloat } from '../onnx/ir';
import type { OpBackward } from './rule';
import { keepWhere } from './shared/mask';

export const HardSigmoid: OpBackward = {
  opType: 'HardSigmoid',
  backward(node, g, ctx) {
    const y = node.outputs[0];
    const inside = ctx.b.op('And', [ctx.b.op('Greater', [y, ctx.b.scalar(0)]), ctx.b.op('Less', [y, ctx.b.scalar(1)])]);
    return [keepWhere(ctx, inside, ctx.b.op('Mul', [g, ctx.b.scalar(attrFloat(node, 'alpha', 0.2))]))];
  },
};
