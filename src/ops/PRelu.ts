/** Like LeakyRelu with a learned (broadcast) slope; the slope itself gets no signal. */
import { ExplainError } from '../errors';
import type { OpBackward } from './rule';

export const PRelu: OpBackward = {
  opType: 'PRelu',
  backward(node, g, ctx) {
    const [x, slope] = node.inputs;
    if (ctx.needsGrad(slope)) throw new ExplainError('UNSUPPORTED_OP', `PRelu ${node.name} computes its slope from the image.`);
    const positive = ctx.b.op('Greater', [x, ctx.b.scalar(0)]);
    return [ctx.b.op('Where', [positive, g, ctx.b.op('Mul', [g, slope])]), undefined];
  },
};
