/**
 * Which rule each layer gets: a user map (node name, output tensor name or op type) wins, then a preset
 * composite (Zennit's: a rule for the first layer, for convolutions and for dense layers), then the single
 * rule for every linear layer.
 */
import { ExplainError } from '../../errors';
import type { IRNode } from '../../onnx/ir';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import type { PathInfo } from '../../compile/compile';
import type { CompositeName, LrpRuleName, MethodParams } from '../../protocol';
import { type InputBounds, LINEAR_OPS, linearLrp } from './linearLrp';
import { ROUTING, SUM_EPSILON, concatRule, passThrough, poolRule, scaleRule, sumRule } from './passRules';
import { BACKWARD } from '../../ops';
import { attrString } from '../../onnx/ir';
import { noRelevanceRule } from '../noRelevanceRule';
import { isTwoActivations, layerNormRule, matmulRule, productRule, softmaxRule } from './attnRules';
import { reluDenominators } from './reluDenominator';
import { STABILIZER, linearRule } from './rules';

export interface Preset {
  first?: LrpRuleName;
  conv: LrpRuleName;
  dense: LrpRuleName;
}

export const COMPOSITES: Record<CompositeName, Preset> = {
  'epsilon-plus': { conv: 'zplus', dense: 'epsilon' },
  'epsilon-plus-flat': { first: 'flat', conv: 'zplus', dense: 'epsilon' },
  'epsilon-alpha2-beta1': { conv: 'alpha-beta', dense: 'epsilon' },
  'epsilon-gamma-box': { first: 'zbox', conv: 'gamma', dense: 'epsilon' },
  // AttnLRP's choice for vision transformers: gamma on every convolution and linear layer; the rules inside
  // attention (softmax, LayerNorm, products: attnRules.ts) are the same in every composite.
  vit: { conv: 'gamma', dense: 'gamma' },
};

/**
 * Deep Taylor decomposition (Montavon et al. 2017) of a ReLU network: zB at the input layer (its bounds
 * from the preprocessing), z+ on every other layer, convolutional or dense. Used by the deep-taylor method.
 */
export const DEEP_TAYLOR: Preset = { first: 'zbox', conv: 'zplus', dense: 'zplus' };

/** Elementwise nonlinearities: relevance passes through (the identity rule; AttnLRP's for GELU, SiLU, HardSwish, Erf chains). */
const ACTIVATIONS = new Set([
  'Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Sigmoid', 'Tanh', 'Erf', 'HardSwish', 'HardSigmoid', 'Softplus', 'Gelu', 'Elu', 'Selu', 'Mish',
  'Abs', 'Neg', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Pow', 'Round', 'Cast',
]);
/** Means and sums: linear layers with positive weights, the epsilon rule (poolRule). */
const POOLS = new Set(['GlobalAveragePool', 'AveragePool', 'ReduceMean', 'ReduceSum']);

/** The rule name each linear layer on the path gets (for reports and for the compiler). */
export function assignRules(path: PathInfo, params: MethodParams, fixed?: Preset): Map<IRNode, LrpRuleName> {
  const preset = fixed ?? (params.composite ? COMPOSITES[params.composite] : undefined);
  if (!fixed && params.composite && !preset) {
    throw new ExplainError('BAD_ARGUMENT', `Unknown composite "${params.composite}"; use ${Object.keys(COMPOSITES).join(', ')}.`);
  }
  // A MatMul of two activations (attention) is a product, not a layer with weights.
  const produced = new Set(path.nodes.flatMap((n) => n.outputs));
  const linear = path.nodes.filter((n) => LINEAR_OPS.has(n.opType) && !produced.has(n.inputs[1]) && n.inputs[1] !== path.input);
  const out = new Map<IRNode, LrpRuleName>();
  for (const n of linear) {
    const user = params.rules?.[n.name] ?? params.rules?.[n.outputs[0]] ?? params.rules?.[n.opType];
    let rule: LrpRuleName = params.rule ?? 'epsilon';
    if (preset) rule = n === linear[0] && preset.first ? preset.first : n.opType === 'Conv' ? preset.conv : preset.dense;
    out.set(n, user ?? rule);
  }
  return out;
}

/** `preset`: a composite given by the caller (Deep Taylor's) instead of `params.composite`. */
/** Ops whose output is >= 0 whatever their input. */
const NON_NEGATIVE_OUT = new Set(['Relu', 'Sigmoid', 'Softplus']);
/** Ops whose output is >= 0 when every image-dependent input is (pools, reshapes, concatenation). */
const KEEPS_SIGN = new Set(['MaxPool', 'AveragePool', 'GlobalAveragePool', 'GlobalMaxPool', 'Flatten', 'Reshape', 'Squeeze', 'Unsqueeze', 'Transpose', 'Concat']);

/**
 * Which tensors on the path are never negative: the image when the preprocessing maps every pixel to >= 0,
 * the outputs of ReLU, Sigmoid and of Clip with a lower bound >= 0, and pools, reshapes and concatenations of
 * such tensors (their constant inputs, if any, >= 0 too). Decided when the graph is compiled.
 */
function nonNegativeTensors(path: PathInfo, bounds: InputBounds): (t: string, ctx: BackwardContext) => boolean {
  const producer = new Map(path.nodes.flatMap((n) => n.outputs.filter((o) => o).map((o) => [o, n] as const)));
  const memo = new Map<string, boolean>();
  const check = (t: string, ctx: BackwardContext): boolean => {
    const known = memo.get(t);
    if (known !== undefined) return known;
    memo.set(t, false); // no cycles in a graph, but never loop
    let result = false;
    const c = ctx.constant(t);
    if (c) result = c.type === 'float32' && (c.data as Float32Array).every((v) => v >= 0);
    else if (t === path.input) result = bounds.low.every((v) => v >= 0);
    else {
      const n = producer.get(t);
      if (n && n.domain === '') {
        if (NON_NEGATIVE_OUT.has(n.opType)) result = true;
        else if (n.opType === 'Clip') {
          const low = n.inputs[1] ? ctx.constant(n.inputs[1]) : undefined;
          result = !!low && (low.data as Float32Array)[0] >= 0;
        } else if (KEEPS_SIGN.has(n.opType)) {
          // Reshape/Squeeze/Unsqueeze take int64 shapes or axes as second input: only the data input counts.
          const data = ['Reshape', 'Squeeze', 'Unsqueeze'].includes(n.opType) ? [n.inputs[0]] : n.inputs.filter((i) => i);
          result = data.every((i) => check(i, ctx));
        }
      }
    }
    memo.set(t, result);
    return result;
  };
  return check;
}

/** What an override works out once per compiled graph (its path's nodes are that graph's own). */
interface PathRules {
  assigned?: Map<IRNode, LrpRuleName>;
  nonNegative?: (t: string, ctx: BackwardContext) => boolean;
  denominatorOf?: (z: string) => string | undefined;
}

export function lrpOverride(params: MethodParams, bounds: InputBounds, preset?: Preset): (node: IRNode, path: PathInfo) => BackwardRule | undefined {
  // Per path: one variant's options compile several graphs of one structure (the randomization cascade's steps).
  const perPath = new WeakMap<PathInfo, PathRules>();
  const bias = params.bias ?? 'absorb';
  const epsilon = params.epsilon ?? 1e-6;
  return (node, path) => {
    let rules = perPath.get(path);
    if (!rules) perPath.set(path, (rules = {}));
    const assigned = (rules.assigned ??= assignRules(path, params, preset));
    const name = assigned.get(node);
    if (name) {
      const first = node === path.nodes.find((n) => LINEAR_OPS.has(n.opType));
      const nonNegative = (rules.nonNegative ??= nonNegativeTensors(path, bounds));
      const denominatorOf = (rules.denominatorOf ??= reluDenominators(path, assigned, bias));
      return linearLrp(linearRule(name, params), { bias, bounds: first ? bounds : undefined, nonNegativeInput: nonNegative, denominatorOf });
    }
    if (ACTIVATIONS.has(node.opType)) return passThrough;
    // One rule everywhere: the pools take its epsilon; LRP-0 keeps its vanishing one on the sums too, so
    // that it equals gradient x input on ReLU networks.
    const single = !preset && !params.composite ? (params.rule ?? 'epsilon') : undefined;
    if (POOLS.has(node.opType)) return poolRule(single === 'epsilon' ? epsilon : single === 'zero' ? linearRule('zero').epsilon : STABILIZER, bias, path);
    if (node.opType === 'Add' || node.opType === 'Sub') {
      return sumRule(bias, single === 'zero' ? linearRule('zero').epsilon : SUM_EPSILON, (rules.denominatorOf ??= reluDenominators(path, assigned, bias)));
    }
    if (node.opType === 'Softmax') return softmaxRule(bias);
    if (node.opType === 'LayerNormalization') return layerNormRule(bias);
    if (node.opType === 'Mul') return (n, r, ctx) => (isTwoActivations(n, ctx) ? productRule(path)(n, r, ctx) : scaleRule(n, r, ctx));
    if (node.opType === 'MatMul') return matmulRule(path, !!params.cpLrp, bias);
    if (node.opType === 'Div') return scaleRule;
    if (node.opType === 'Concat') return concatRule(bias);
    // Resize's weights are constants >= 0 whose rows sum to 1 (nearest: one 1 per row; linear: the interpolation
    // weights), so its gradient is the LRP rule with z_ij = w_ij, which conserves; cubic, with negative weights, is refused by the op itself.
    if (node.domain === '' && (ROUTING.has(node.opType) || (node.opType === 'Resize' && ['nearest', 'linear'].includes(attrString(node, 'mode', 'nearest'))))) return BACKWARD.get(node.opType);
    throw noRelevanceRule(preset === DEEP_TAYLOR ? 'Deep Taylor decomposition' : 'LRP', node);
  };
}
