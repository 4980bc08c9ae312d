/** Softmax along one axis (opset 13's meaning; older models are converted by raiseOpset): dX = Y (G - sum(G Y)). */
import { A } from '../compile/builder';
import type { OpBackward } from './rule';
import { softmaxAxis } from './shared/softmaxAxis';

export const Softmax: OpBackward = {
  opType: 'Softmax',
  backward(node, g, ctx) {
    const b = ctx.b;
    const y = node.outputs[0];
    const gy = b.op('Mul', [g, y]);
    const total = b.op('ReduceSum', [gy, softmaxAxis(node, ctx)], { keepdims: A.int(1) });
    return [b.op('Sub', [gy, b.op('Mul', [y, total])])];
  },
};
