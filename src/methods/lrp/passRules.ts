/**
 * LRP through the layers that are not weighted sums: activations pass relevance unchanged; sums split it
 * in proportion to their summands; pooling averages are linear layers of their own.
 */
import { ExplainError } from '../../errors';
import { BACKWARD } from '../../ops';
import type { BackwardRule } from '../../ops/rule';
import { unbroadcast } from '../../ops/shared/unbroadcast';
import type { BiasMode } from '../../protocol';
import { relevanceRatio } from './stabilize';

/** Relevance passes an elementwise activation unchanged (ReLU, Clip, Sigmoid, Tanh...). */
export const passThrough: BackwardRule = (node, r) => [r, ...node.inputs.slice(1).map(() => undefined)];

/** The residual sum's epsilon: small enough to split by proportion, large enough never to divide by 0. */
const SUM_EPSILON = 1e-6;

/**
 * x1 + x2 (a residual Add) or x1 - x2: R_i = x_i / (z + 1e-6 sign z) * R (the z-rule). A constant
 * summand is a bias: it absorbs its share, or with bias redistribution leaves all relevance to x.
 */
export function sumRule(bias: BiasMode): BackwardRule {
  return (node, r, ctx) => {
    const [a, c] = node.inputs;
    const gs = ctx.shape(node.outputs[0]);
    const onPath = [ctx.needsGrad(a), ctx.needsGrad(c)];
    if (bias === 'redistribute' && onPath[0] !== onPath[1]) {
      const x = onPath[0] ? a : c;
      return node.inputs.map((i) => (i === x ? unbroadcast(ctx, r, gs, x) : undefined));
    }
    const s = relevanceRatio(ctx.b, r, node.outputs[0], SUM_EPSILON);
    const share = (x: string, sign: number) => {
      const part = ctx.b.op('Mul', [s, x]);
      return unbroadcast(ctx, sign < 0 ? ctx.b.op('Neg', [part]) : part, gs, x);
    };
    return [onPath[0] ? share(a, 1) : undefined, onPath[1] ? share(c, node.opType === 'Sub' ? -1 : 1) : undefined];
  };
}

/** Scaling by a constant (a BatchNormalization left as Mul) moves no relevance between units. */
export const scaleRule: BackwardRule = (node, r, ctx) => {
  const [a, c] = node.inputs;
  if (ctx.needsGrad(a) && ctx.needsGrad(c)) {
    throw new ExplainError('UNSUPPORTED_OP', `LRP has no rule for ${node.opType} ${node.name} of two image-dependent tensors.`);
  }
  const x = ctx.needsGrad(a) ? a : c;
  const gs = ctx.shape(node.outputs[0]);
  return node.inputs.map((i) => (i === x ? unbroadcast(ctx, r, gs, x) : undefined));
};

/** Average pooling as a linear layer with positive weights: the epsilon rule (Zennit's Norm). */
export function poolRule(epsilon: number): BackwardRule {
  return (node, r, ctx) => {
    const s = relevanceRatio(ctx.b, r, node.outputs[0], epsilon);
    const back = BACKWARD.get(node.opType)!(node, s, ctx)[0]!;
    return [ctx.b.op('Mul', [node.inputs[0], back]), ...node.inputs.slice(1).map(() => undefined)];
  };
}
