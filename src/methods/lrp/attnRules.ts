/**
 * LRP for transformers after AttnLRP (Achtibat et al., ICML 2024) and its library LXT
 * (lxt/explicit/functional.py), with Zennit's stabilizer z + eps sign(z):
 *  - Softmax (Proposition 3.1, Deep Taylor at x with bias): R_in = x * (R - s * sum(R)) along its axis.
 *  - LayerNormalization (Proposition 3.4 and Eq. 9): 1/std held constant (identity on the normalization), so
 *    y = (x - mean(x)) w / std + b is linear in x and takes the epsilon rule: R_in = x * J^T (R / y).
 *  - A product of two activations, elementwise (SE gates, SiLU) or a MatMul (attention's QK^T and A V),
 *    split uniformly (Proposition 3.3): the elementwise product gives R/2 to each factor; the MatMul runs the
 *    epsilon rule on 2 * out, R_a = a * ((R / 2z) b^T), R_b = b * (a^T (R / 2z)).
 *  - CP-LRP (Ali et al. 2022): attention weights (a Softmax's output) held constant, so A V sends all of its
 *    relevance to V by the epsilon rule and none through the Softmax.
 *  - A gate computed from its own input by elementwise ops (GELU x * 0.5 (1 + erf(x / sqrt 2)), SiLU
 *    x * sigmoid(x)) is one elementwise nonlinearity: relevance passes through to x (what the uniform split
 *    with the identity on the gate's chain gives, without the chain's constant 1 taking a share as a bias).
 */
import { ExplainError } from '../../errors';
import { A } from '../../compile/builder';
import { type IRNode, attrInt } from '../../onnx/ir';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import { unbroadcast } from '../../ops/shared/unbroadcast';
import type { PathInfo } from '../../compile/compile';
import type { BiasMode } from '../../protocol';
import { clearNegligible, negligibleMask } from './negligible';
import { relevanceRatio, remainder } from './stabilize';

/** The stabilizer of the products and of LayerNorm (as the residual sums'). */
export const PRODUCT_EPSILON = 1e-6;

/**
 * With the bias redistributed, what the rule leaves unexplained along the axis (the softmax's bias term in
 * the Taylor expansion: sum(R) - sum(R_in), nearly all of R where the row's logits are small, as in MaxViT's
 * windowed attention) is spread evenly over that axis's inputs, each of which every output of the row reads.
 */
export function softmaxRule(bias: BiasMode): BackwardRule {
  return (node, r, ctx) => {
    const b = ctx.b;
    const x = node.inputs[0];
    const rank = ctx.shape(x).length;
    const axis = (attrInt(node, 'axis', -1) + rank) % rank;
    const along = (t: string) => b.op('ReduceSum', [t, b.int64s([axis])], { keepdims: A.int(1) });
    const sum = along(r);
    const rIn = b.op('Mul', [x, b.op('Sub', [r, b.op('Mul', [node.outputs[0], sum])])], {}, 'lrp_softmax');
    if (bias === 'absorb') return [rIn];
    const spread = b.op('Div', [b.op('Sub', [sum, along(rIn)]), b.scalar(ctx.shape(x)[axis])]);
    return [b.op('Add', [rIn, spread], {}, 'lrp_softmax')];
  };
}

/**
 * With the bias redistributed, what a normalized row's bias and stabilizer take (its R minus what reaches its
 * inputs) is spread evenly over the row's inputs, each of which every output of the row reads.
 */
export function layerNormRule(bias: BiasMode, epsilon = PRODUCT_EPSILON): BackwardRule {
  return (node, r, ctx) => {
    const b = ctx.b;
    const [x, w] = node.inputs;
    if (ctx.needsGrad(w) || (node.inputs[2] && ctx.needsGrad(node.inputs[2]))) {
      throw new ExplainError('UNSUPPORTED_OP', `LRP needs LayerNormalization ${node.name}'s scale and bias constant.`);
    }
    const rank = ctx.shape(x).length;
    const first = attrInt(node, 'axis', -1);
    const from = first < 0 ? first + rank : first;
    // Opset 17: ReduceMean's axes are an attribute (an input from 18).
    const axes = A.ints(Array.from({ length: rank - from }, (_, i) => from + i));
    const mean = (t: string) => b.op('ReduceMean', [t], { axes, keepdims: A.int(1) });
    // 1/std from the input, as the forward computes it, then held constant.
    const centered = b.op('Sub', [x, mean(x)]);
    const variance = mean(b.op('Mul', [centered, centered]));
    const inv = b.op('Reciprocal', [b.op('Sqrt', [b.op('Add', [variance, b.scalar(node.attrs.epsilon?.type === 'float' ? node.attrs.epsilon.value : 1e-5)])])]);
    const s = relevanceRatio(b, r, node.outputs[0], epsilon);
    // J^T s for J = diag(w / std) (I - 1/N): g - mean(g), g = w s / std.
    const g = b.op('Mul', [b.op('Mul', [s, w]), inv]);
    const rIn = b.op('Mul', [x, b.op('Sub', [g, mean(g)])], {}, 'lrp_layernorm');
    if (bias === 'absorb') return [rIn];
    return [b.op('Add', [rIn, b.op('Sub', [mean(r), mean(rIn)])], {}, 'lrp_layernorm')];
  };
}

/** Elementwise ops a gate's chain may use: unary nonlinearities, and arithmetic with a constant. */
const CHAIN_UNARY = new Set(['Erf', 'Sigmoid', 'Tanh', 'HardSigmoid', 'Softplus', 'Relu', 'Clip']);
const CHAIN_ARITH = new Set(['Add', 'Sub', 'Mul', 'Div']);

/**
 * Whether `gate` is computed from `x` alone by elementwise ops (GELU's 0.5 (1 + erf(x / sqrt 2)), SiLU's
 * sigmoid(x)): then x * gate is an elementwise nonlinearity of x.
 */
export function isGateOf(path: PathInfo, ctx: BackwardContext, gate: string, x: string): boolean {
  const producer = new Map(path.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  let t = gate;
  for (let steps = 0; steps < 8; steps++) {
    if (t === x) return true;
    const n = producer.get(t);
    if (!n || n.domain !== '') return false;
    if (CHAIN_UNARY.has(n.opType)) t = n.inputs[0];
    else if (CHAIN_ARITH.has(n.opType)) {
      const live = n.inputs.filter((i) => !ctx.constant(i));
      if (live.length !== 1 || (n.opType === 'Div' && live[0] !== n.inputs[0])) return false;
      t = live[0];
    } else return false;
  }
  return false;
}

/** Whether t is attention weights: a Softmax's output, through reshapes and transposes. */
function isAttention(path: PathInfo, t: string): boolean {
  const producer = new Map(path.nodes.flatMap((n) => n.outputs.map((o) => [o, n] as const)));
  for (let n = producer.get(t); n; n = producer.get(n.inputs[0])) {
    if (n.opType === 'Softmax') return true;
    if (!['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Identity'].includes(n.opType)) return false;
  }
  return false;
}

/**
 * Elementwise Mul of two image-dependent tensors: the gate case passes R to x; otherwise R/2 to each factor
 * (summed over where it was broadcast, as an SE gate's [N, C, 1, 1]).
 */
export function productRule(path: PathInfo): BackwardRule {
  return (node, r, ctx) => {
    const [a, c] = node.inputs;
    const gs = ctx.shape(node.outputs[0]);
    if (isGateOf(path, ctx, c, a)) return [unbroadcast(ctx, r, gs, a), undefined];
    if (isGateOf(path, ctx, a, c)) return [undefined, unbroadcast(ctx, r, gs, c)];
    const half = ctx.b.op('Mul', [r, ctx.b.scalar(0.5)], {}, 'lrp_half');
    return [unbroadcast(ctx, half, gs, a), unbroadcast(ctx, half, gs, c)];
  };
}

/**
 * MatMul of two image-dependent tensors: uniform split of the epsilon rule, or CP-LRP's constant attention.
 * With the bias redistributed, an output whose z is negligible against |a| |c| (negligible.ts) sends nothing
 * by the ratio, and what the ratio does not send (all of R there, the stabilizer's share elsewhere) is spread
 * evenly over the 2K factors it reads (K over the live operand's with CP-LRP).
 */
export function matmulRule(path: PathInfo, cpLrp: boolean, bias: BiasMode = 'absorb', epsilon = PRODUCT_EPSILON): BackwardRule {
  return (node, r, ctx) => {
    const b = ctx.b;
    const [a, c] = node.inputs;
    const out = node.outputs[0];
    const gs = ctx.shape(out);
    const swap = (t: string) => {
      const rank = ctx.shape(t).length;
      const perm = Array.from({ length: rank }, (_, i) => i);
      [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
      return b.op('Transpose', [t], { perm: A.ints(perm) });
    };
    if (ctx.shape(a).length < 2 || ctx.shape(c).length < 2) throw new ExplainError('UNSUPPORTED_OP', `LRP: MatMul ${node.name} of vectors.`);
    const fixedA = cpLrp && isAttention(path, a);
    const fixedC = cpLrp && isAttention(path, c);
    const z = fixedA || fixedC ? out : b.op('Mul', [out, b.scalar(2)]);
    let s = relevanceRatio(b, r, z, epsilon);
    let spread: ((axis: number) => string) | undefined;
    if (bias === 'redistribute') {
      s = clearNegligible(b, s, negligibleMask(b, out, b.op('MatMul', [b.op('Abs', [a]), b.op('Abs', [c])])));
      const rest = remainder(b, r, s, z);
      const factors = ctx.shape(a).at(-1)! * (fixedA || fixedC ? 1 : 2);
      // Each a[i, k] gets sum_j rest[i, j] / factors, each c[k, j] sum_i rest[i, j] / factors.
      spread = (axis) => b.op('Div', [b.op('ReduceSum', [rest, b.int64s([axis])], { keepdims: A.int(1) }), b.scalar(factors)]);
    }
    const shape = (t: string) => [...gs.slice(0, -2), ...ctx.shape(t).slice(-2)];
    const share = (t: string, part: string, axis: number) => {
      const full = spread ? b.op('Add', [part, spread(axis)]) : part;
      return unbroadcast(ctx, full, shape(t), t);
    };
    const toA = () => share(a, b.op('Mul', [a, b.op('MatMul', [s, swap(c)])]), gs.length - 1);
    const toC = () => share(c, b.op('Mul', [c, b.op('MatMul', [swap(a), s])]), gs.length - 2);
    return [fixedA ? undefined : toA(), fixedC ? undefined : toC()];
  };
}

export const isTwoActivations = (node: IRNode, ctx: BackwardContext) => node.inputs.length >= 2 && ctx.needsGrad(node.inputs[0]) && ctx.needsGrad(node.inputs[1]);
