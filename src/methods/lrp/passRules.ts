/**
 * LRP through the layers that are not weighted sums: activations pass relevance unchanged; sums split it
 * in proportion to their summands; pooling averages are linear layers of their own.
 */
import { ExplainError } from '../../errors';
import { noRelevanceRule } from '../noRelevanceRule';
import { BACKWARD } from '../../ops';
import type { BackwardRule } from '../../ops/rule';
import { unbroadcast } from '../../ops/shared/unbroadcast';
import type { BiasMode } from '../../protocol';
import { clearNegligible, negligibleMask } from './negligible';
import { A } from '../../compile/builder';
import { attrInt } from '../../onnx/ir';
import { relevanceRatio, remainder } from './stabilize';
import { onesLike } from './allOnes';
import { padMask } from './padMask';
import type { PathInfo } from '../../compile/compile';

/**
 * Relevance passes an elementwise activation unchanged (ReLU, Clip, Sigmoid, Tanh... and every other unary
 * elementwise op: AttnLRP's identity rule). Its other inputs (Clip's bounds, PRelu's slopes, Pow's exponent)
 * must be constants: computed from the image they would be a second factor, a product.
 */
export const passThrough: BackwardRule = (node, r, ctx) => {
  if (node.inputs.slice(1).some((i) => i && ctx.needsGrad(i))) throw noRelevanceRule('LRP', node, 'no rule for an operand computed from the image');
  return [r, ...node.inputs.slice(1).map(() => undefined)];
};

/**
 * Ops whose gradient is already the LRP rule: every output element is a copy of one input element (reshapes,
 * transposes, slices, gathers, padding, concatenation and splits, nearest upsampling, max-pooling's winner),
 * or broadcasts copies (Expand, Tile: the gradient sums the copies' relevance back). Relevance moves and is
 * neither scaled nor lost.
 */
export const ROUTING = new Set([
  'Identity', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Transpose', 'Concat', 'Split', 'Slice', 'Gather', 'Pad',
  'Expand', 'Tile', 'DepthToSpace', 'SpaceToDepth', 'MaxPool', 'GlobalMaxPool',
]);

/** The residual sum's epsilon: small enough to split by proportion, large enough never to divide by 0. */
export const SUM_EPSILON = 1e-6;

/**
 * x1 + x2 (a residual Add) or x1 - x2: R_i = x_i / (z + eps sign z) * R (the z-rule, eps 1e-6 by default).
 * A constant summand is a bias: it absorbs its share, or with bias redistribution leaves all relevance to
 * x. With redistribution, what the ratio does not send (the stabilizer's share, and all of R where z is
negligible against |x1| + |x2|) goes half to each image-dependent summand, so the sum conserves exactly. `denominatorOf` gives the
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
      // Summands that (nearly) cancel (negligible.ts) send nothing by the ratio; what the ratio does not
      // send (all of R there, the stabilizer's share elsewhere) is split in halves.
      const b = ctx.b;
      const magnitude = b.op('Add', [b.op('Abs', [a]), b.op('Abs', [c])]);
      s = clearNegligible(b, s, negligibleMask(b, node.outputs[0], magnitude));
      half = b.op('Mul', [remainder(b, r, s, node.outputs[0]), b.scalar(0.5)]);
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
 * Average pooling (and other means) as a linear layer with positive weights: the epsilon rule (Zennit's
 * Norm). With bias redistribution, a window whose mean is negligible against the mean of |x| (signed inputs
 * that cancel: an SE block's pool after SiLU) sends nothing by the ratio, and what the ratio does not send
 * (all of R there, the stabilizer's share elsewhere) is spread evenly over the window's cells that carry the
 * image: the pool's own backward of rest / pool(mask), times the mask (ones, or a Pad's interior: padMask.ts),
 * gives each such cell rest / their count, whatever the pool's divisor at the border.
 */
export function poolRule(epsilon: number, bias: BiasMode = 'absorb', path?: PathInfo): BackwardRule {
  return (node, r, ctx) => {
    const b = ctx.b;
    const [x] = node.inputs;
    const z = node.outputs[0];
    const adjoint = (signal: string) => BACKWARD.get(node.opType)!(node, signal, ctx)[0]!;
    const forward = (input: string) => {
      const out = b.fresh(`${node.name}_lrp`);
      b.nodes.push({ ...node, name: b.fresh(`${node.name}_lrp`), inputs: [input, ...node.inputs.slice(1)], outputs: [out], attrs: { ...node.attrs } });
      return out;
    };
    let s = relevanceRatio(b, r, z, epsilon);
    if (bias === 'absorb') return [b.op('Mul', [x, adjoint(s)]), ...node.inputs.slice(1).map(() => undefined)];
    s = clearNegligible(b, s, negligibleMask(b, z, forward(b.op('Abs', [x]))));
    const padded = path && padMask(path, ctx, x);
    const mask = padded ?? onesLike(ctx, x);
    // A window of padding only (never in practice) has no cell to take its share: kept finite, dropped.
    const cells = b.op('Max', [forward(mask), b.scalar(1e-30)]);
    let spread = adjoint(b.op('Div', [remainder(b, r, s, z), cells]));
    if (padded) spread = b.op('Mul', [spread, padded]);
    return [b.op('Add', [b.op('Mul', [x, adjoint(s)]), spread]), ...node.inputs.slice(1).map(() => undefined)];
  };
}

/**
 * Concatenation routes each input its slice. A constant input (ViT's class token, concatenated before the
 * first block) is a bias of the sequence: what reaches its slice is absorbed, or with the bias redistributed
 * spread evenly along the axis over the slices of the image-dependent inputs (the same share at every
 * position, per remaining coordinate), so the layer conserves (ViT: 61% of the score sat on the token).
 */
export function concatRule(bias: BiasMode): BackwardRule {
  return (node, r, ctx) => {
    const routed = BACKWARD.get('Concat')!(node, r, ctx);
    const live = node.inputs.map((i) => ctx.needsGrad(i));
    if (bias === 'absorb' || live.every((l) => l)) return routed;
    const b = ctx.b;
    const rank = ctx.shape(node.outputs[0]).length;
    const axis = (attrInt(node, 'axis', 1) + rank) % rank;
    const sizes = node.inputs.map((x) => (ctx.constant(x)?.dims ?? ctx.shape(x))[axis]);
    const parts = b.opN('Split', [r, b.int64s(sizes)], node.inputs.length, { axis: A.int(axis) });
    const along = (t: string) => b.op('ReduceSum', [t, b.int64s([axis])], { keepdims: A.int(1) });
    const held = parts.filter((_, i) => !live[i]).map(along).reduce((acc, t) => b.op('Add', [acc, t]));
    const share = b.op('Div', [held, b.scalar(sizes.filter((_, i) => live[i]).reduce((p, v) => p + v, 0))]);
    return routed.map((g, i) => (g && live[i] ? b.op('Add', [g, share], {}, 'lrp_concat') : g));
  };
}
