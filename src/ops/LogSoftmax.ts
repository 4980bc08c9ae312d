/** Y = X - log sum exp X along one axis: dX = G - softmax(X) sum(G), softmax(X) = exp(Y). */
import { A } from '../compile/builder';
import type { OpBackward } from './rule';
import { softmaxAxis } from './shared/softmaxAxis';

export const LogSoftmax: OpBackward = {
  opType: 'LogSoftmax',
  backward(node, g, ctx) {
    const b = ctx.b;
    const total = b.op('ReduceSum', [g, softmaxAxis(node, ctx)], { keepdims: A.int(1) });
    return [b.op('Sub', [g, b.op('Mul', [b.op('Exp', [node.outputs[0]]), total])])];
  },
};
