import { attrFloat } from '../onnx/ir';
import type { OpBackward } from './rule';

export const LeakyRelu: OpBackward = {
  opType: 'LeakyRelu',
  backward(node, g, ctx) {
    const alpha = attrFloat(node, 'alpha', 0.01);
    const positive = ctx.b.op('Greater', [node.inputs[0], ctx.b.scalar(0)]);
    return [ctx.b.op('Where', [positive, g, ctx.b.op('Mul', [g, ctx.b.scalar(alpha)])])];
  },
};
