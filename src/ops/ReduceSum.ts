/** Every element that was summed receives the sum's signal. */
import type { OpBackward } from './rule';
import { reducedAxes, spreadOverAxes } from './shared/reduction';

export const ReduceSum: OpBackward = {
  opType: 'ReduceSum',
  backward(node, g, ctx) {
    const axes = reducedAxes(node, ctx);
    return [axes.length ? spreadOverAxes(ctx, node, g, axes) : g, undefined];
  },
};
