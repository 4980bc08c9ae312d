/** Every element that was averaged receives 1/n of the mean's signal. */
import type { OpBackward } from './rule';
import { reducedAxes, reducedCount, spreadOverAxes } from './shared/reduction';

export const ReduceMean: OpBackward = {
  opType: 'ReduceMean',
  backward(node, g, ctx) {
    const axes = reducedAxes(node, ctx);
    if (!axes.length) return [g, undefined];
    const scaled = ctx.b.op('Mul', [g, ctx.b.scalar(1 / reducedCount(ctx, node, axes))]);
    return [spreadOverAxes(ctx, node, scaled, axes), undefined];
  },
};
