/**
 * LRP through the layers that are not weighted sums: activations pass relevance unchanged; sums split it
 * in proportion to their summands; pooling averages are linear layers of their own.
 */
import { ExplainError } from '../../errors';
import { BACKWARD } from '../../ops';
import type { BackwardRule } from '../../ops/rule';
import { unbroadcast } from '../../ops/shared/unbroadcast';
import type { BiasMode } from '../../protocol';
import { A, type GraphBuilder } from '../../compile/builder';
import { negligibleMask, splitNegligible } from './negligible';
import { relevanceRatio } from './stabilize';

/** Relevance passes an elementwise activation unchanged (ReLU, Clip, Sigmoid, Tanh...). */
export const passThrough: BackwardRule = (node, r) => [r, ...node.inputs.slice(1).map(() => undefined)];

/** The residual sum's epsilon: small enough to split by proportion, large enough never to divide by 0. */
export const SUM_EPSILON = 1e-6;

/**
 * Relevance R at units whose denominator z is exactly 0, else 0. With bias redistribution (whose promise is
 * exact conservation) such relevance, which the ratio R / stabilize(z) would lose (all inputs are 0: the
 * bias share spread evenly over a layer's inputs reaches inactive units), is spread evenly over the unit's
 * inputs, as its bias would be. Absorbing mode keeps Zennit's rules unchanged.
 */
export function relevanceAtZero(b: GraphBuilder, relevance: string, z: string): string {
  return b.op('Mul', [relevance, b.op('Cast', [b.op('Equal', [z, b.scalar(0)])], { to: A.int(1) })]);
}

/**
 * x1 + x2 (a residual Add) or x1 - x2: R_i = x_i / (z + eps sign z) * R (the z-rule, eps 1e-6 by default).
 * A constant summand is a bias: it absorbs its share, or with bias redistribution leaves all relevance to
 * x; with redistribution, where z is 0 or negligible against |x1| + |x2| each image-dependent summand gets half of R. `denominatorOf` gives the
 * ReLU after the sum as its denominator where that is exact (reluDenominator.ts): the residual Add + ReLU of a
 * ResNet then needs no sign test, and onnxruntime can fuse the Add into the convolution before it.
 */
export function sumRule(bias: BiasMode, epsilon = SUM_EPSILON, denominatorOf?: (z: string) => string | undefined): BackwardRule {
  return (node, r, ctx) => {
    const [a, c] = node.inputs;
    const gs = ctx.shape(node.outputs[0]);
    const onPath = [ctx.needsGrad(a), ctx.needsGrad(c)];
    if (bias === 'redistribute' && onPath[0] !== onPath[1]) {
      const x = onPath[0] ? a : c;
      return node.inputs.map((i) => (i === x ? unbroadcast(ctx, r, gs, x) : undefined));
    }
    const y = denominatorOf?.(node.outputs[0]);
    let s = y ? relevanceRatio(ctx.b, r, y, epsilon, 'nonNegative') : relevanceRatio(ctx.b, r, node.outputs[0], epsilon);
    let half: string | undefined;
    if (bias === 'redistribute' && onPath[0] && onPath[1]) {
      // Summands that (nearly) cancel, |a + c| <= 1e-6 (|a| + |c|), split R in halves instead (negligible.ts).
      const b = ctx.b;
      const magnitude = b.op('Add', [b.op('Abs', [a]), b.op('Abs', [c])]);
      let atZero: string;
      [atZero, s] = splitNegligible(b, r, s, negligibleMask(b, node.outputs[0], magnitude));
      half = b.op('Mul', [atZero, b.scalar(0.5)]);
    }
    const share = (x: string, sign: number) => {
      const part = ctx.b.op('Mul', [s, x]);
      const signed = sign < 0 ? ctx.b.op('Neg', [part]) : part;
      return unbroadcast(ctx, half ? ctx.b.op('Add', [signed, half]) : signed, gs, x);
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

/**
 * Average pooling as a linear layer with positive weights: the epsilon rule (Zennit's Norm). With bias
 * redistribution, a window whose inputs are all 0 (z = 0) spreads its relevance evenly over them: the
 * pool's own backward of R does exactly that.
 */
export function poolRule(epsilon: number, bias: BiasMode = 'absorb'): BackwardRule {
  return (node, r, ctx) => {
    const s = relevanceRatio(ctx.b, r, node.outputs[0], epsilon);
    const back = BACKWARD.get(node.opType)!(node, s, ctx)[0]!;
    let out = ctx.b.op('Mul', [node.inputs[0], back]);
    if (bias === 'redistribute') out = ctx.b.op('Add', [out, BACKWARD.get(node.opType)!(node, relevanceAtZero(ctx.b, r, node.outputs[0]), ctx)[0]!]);
    return [out, ...node.inputs.slice(1).map(() => undefined)];
  };
}
