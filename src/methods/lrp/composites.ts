/**
 * Which rule each layer gets: a user map (node name, output tensor name or op type) wins, then a preset
 * composite (Zennit's: a rule for the first layer, for convolutions and for dense layers), then the single
 * rule for every linear layer.
 */
import { ExplainError } from '../../errors';
import type { IRNode } from '../../onnx/ir';
import type { BackwardRule } from '../../ops/rule';
import type { PathInfo } from '../../compile/compile';
import type { CompositeName, LrpRuleName, MethodParams } from '../../protocol';
import { type InputBounds, LINEAR_OPS, linearLrp } from './linearLrp';
import { passThrough, poolRule, scaleRule, sumRule } from './passRules';
import { STABILIZER, linearRule } from './rules';

interface Preset {
  first?: LrpRuleName;
  conv: LrpRuleName;
  dense: LrpRuleName;
}

export const COMPOSITES: Record<CompositeName, Preset> = {
  'epsilon-plus': { conv: 'zplus', dense: 'epsilon' },
  'epsilon-plus-flat': { first: 'flat', conv: 'zplus', dense: 'epsilon' },
  'epsilon-alpha2-beta1': { conv: 'alpha-beta', dense: 'epsilon' },
  'epsilon-gamma-box': { first: 'zbox', conv: 'gamma', dense: 'epsilon' },
};

const ACTIVATIONS = new Set(['Relu', 'LeakyRelu', 'PRelu', 'Clip', 'Sigmoid', 'Tanh']);
const POOLS = new Set(['GlobalAveragePool', 'AveragePool']);

/** The rule name each linear layer on the path gets (for reports and for the compiler). */
export function assignRules(path: PathInfo, params: MethodParams): Map<IRNode, LrpRuleName> {
  const preset = params.composite ? COMPOSITES[params.composite] : undefined;
  if (params.composite && !preset) {
    throw new ExplainError('BAD_ARGUMENT', `Unknown composite "${params.composite}"; use ${Object.keys(COMPOSITES).join(', ')}.`);
  }
  const linear = path.nodes.filter((n) => LINEAR_OPS.has(n.opType));
  const out = new Map<IRNode, LrpRuleName>();
  for (const n of linear) {
    const user = params.rules?.[n.name] ?? params.rules?.[n.outputs[0]] ?? params.rules?.[n.opType];
    let rule: LrpRuleName = params.rule ?? 'epsilon';
    if (preset) rule = n === linear[0] && preset.first ? preset.first : n.opType === 'Conv' ? preset.conv : preset.dense;
    out.set(n, user ?? rule);
  }
  return out;
}

export function lrpOverride(params: MethodParams, bounds: InputBounds): (node: IRNode, path: PathInfo) => BackwardRule | undefined {
  let assigned: Map<IRNode, LrpRuleName> | undefined;
  const bias = params.bias ?? 'absorb';
  const epsilon = params.epsilon ?? 1e-6;
  return (node, path) => {
    assigned ??= assignRules(path, params);
    const name = assigned.get(node);
    if (name) {
      const first = node === path.nodes.find((n) => LINEAR_OPS.has(n.opType));
      return linearLrp(linearRule(name, params), { bias, bounds: first ? bounds : undefined });
    }
    if (ACTIVATIONS.has(node.opType)) return passThrough;
    if (POOLS.has(node.opType)) return poolRule(!params.composite && (params.rule ?? 'epsilon') === 'epsilon' ? epsilon : STABILIZER);
    if (node.opType === 'Add' || node.opType === 'Sub') return sumRule(bias);
    if (node.opType === 'Mul' || node.opType === 'Div') return scaleRule;
    return undefined;
  };
}
