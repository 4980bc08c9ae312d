/**
 * Rewritten in the compiled graph as a MaxPool whose window is the whole map, so it yields argmax indices
 * and shares MaxPool's backward.
 */
import { A } from '../compile/builder';
import type { OpBackward } from './rule';
import { scatterToArgmax } from './shared/scatterToArgmax';

export const GlobalMaxPool: OpBackward = {
  opType: 'GlobalMaxPool',
  backward(node, g, ctx) {
    node.opType = 'MaxPool';
    node.attrs = { kernel_shape: A.ints(ctx.shape(node.inputs[0]).slice(2)) };
    return [scatterToArgmax(ctx, g, ctx.forwardOutput(node, 1), node.inputs[0])];
  },
};
