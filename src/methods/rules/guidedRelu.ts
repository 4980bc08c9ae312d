/**
 * Guided backpropagation (Springenberg et al. 2015): at a ReLU only positive signal passes, and only where
 * the unit was active. Other nonlinearities (Clip, Sigmoid, Tanh) and MaxPool keep their gradient, as in
 * Captum and Zennit.
 */
import type { BackwardRule } from '../../ops/rule';
import { keepWhere } from '../../ops/shared/mask';

export const guidedRelu: BackwardRule = (node, g, ctx) => {
  const active = ctx.b.op('Greater', [node.outputs[0], ctx.b.scalar(0)]);
  return [keepWhere(ctx, active, ctx.b.op('Relu', [g]))];
};
