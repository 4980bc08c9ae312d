/**
 * LRP rules, each written as modifiers over the ordinary linear backward, in the manner of Zennit: a rule
 * is a list of groups; a group is a sum of parts (an input modifier and a weight modifier) plus a bias
 * modifier, forming the denominator z of that group; the relevance sent to the input is
 *   R_in = sum over groups of coef * sum over parts of  in_p * W_p^T (R / stabilize(z_group)).
 * A new rule is a few lines here; no rule re-implements a convolution.
 */
import { ExplainError } from '../../errors';
import type { LrpRuleName } from '../../protocol';

/** What a part feeds the layer: the input, its positive or negative part, ones, or the input domain's bounds. */
export type InputModifier = 'x' | 'x+' | 'x-' | 'ones' | 'low' | 'high';

export type ValueModifier = (v: number) => number;

export interface Part {
  input: InputModifier;
  weight: ValueModifier;
}

export interface Group {
  parts: Part[];
  /** The bias's share in the denominator; undefined leaves the bias out. */
  bias?: ValueModifier;
  coef: number;
  /**
   * The group's parts and bias are exactly what the groups before it leave of the plain layer (alpha-beta's
   * negative group: z- = z - z+), so its denominator is the layer's own output minus theirs: one modified
   * forward pass fewer per layer.
   */
  complement?: boolean;
}

export interface LinearRule {
  name: LrpRuleName;
  groups: Group[];
  epsilon: number;
}

const id: ValueModifier = (v) => v;
const pos: ValueModifier = (v) => Math.max(v, 0);
const neg: ValueModifier = (v) => Math.min(v, 0);
/** Every weight 1 (flat, and the fan-in of bias redistribution): the compiler recognizes it to avoid full ones weights. */
export const ONE: ValueModifier = () => 1;
const zero: ValueModifier = () => 0;

export interface RuleParams {
  epsilon?: number;
  alpha?: number;
  beta?: number;
  gamma?: number;
}

/** The stabilizer of rules without an epsilon of their own, as in Zennit. */
export const STABILIZER = 1e-6;

export function linearRule(name: LrpRuleName, p: RuleParams = {}): LinearRule {
  switch (name) {
    case 'zero':
      // LRP-0: epsilon only large enough to avoid dividing by zero.
      return { name, epsilon: 1e-12, groups: [{ parts: [{ input: 'x', weight: id }], bias: id, coef: 1 }] };
    case 'epsilon':
      return { name, epsilon: p.epsilon ?? 1e-6, groups: [{ parts: [{ input: 'x', weight: id }], bias: id, coef: 1 }] };
    case 'zplus':
      // Zennit's z+: inputs split by sign, so negative inputs (a normalized image) are handled too.
      return { name, epsilon: STABILIZER, groups: [{ parts: [{ input: 'x+', weight: pos }, { input: 'x-', weight: neg }], bias: pos, coef: 1 }] };
    case 'alpha-beta': {
      const alpha = p.alpha ?? 2;
      const beta = p.beta ?? 1;
      if (Math.abs(alpha - beta - 1) > 1e-9) throw new ExplainError('BAD_ARGUMENT', `alpha - beta must be 1 (got alpha ${alpha}, beta ${beta}).`);
      return {
        name,
        epsilon: STABILIZER,
        groups: [
          { parts: [{ input: 'x+', weight: pos }, { input: 'x-', weight: neg }], bias: pos, coef: alpha },
          { parts: [{ input: 'x+', weight: neg }, { input: 'x-', weight: pos }], bias: neg, coef: -beta, complement: true },
        ],
      };
    }
    case 'gamma': {
      const gamma = p.gamma ?? 0.25;
      const g: ValueModifier = (v) => v + gamma * Math.max(v, 0);
      return { name, epsilon: STABILIZER, groups: [{ parts: [{ input: 'x', weight: g }], bias: g, coef: 1 }] };
    }
    case 'flat':
      return { name, epsilon: STABILIZER, groups: [{ parts: [{ input: 'ones', weight: ONE }], bias: zero, coef: 1 }] };
    case 'wsquare':
      return { name, epsilon: STABILIZER, groups: [{ parts: [{ input: 'ones', weight: (v) => v * v }], bias: zero, coef: 1 }] };
    case 'zbox':
      // z^B (Montavon et al. 2017): inputs bounded by [low, high], from the preprocessing of pixels 0..255.
      return {
        name,
        epsilon: STABILIZER,
        groups: [{ parts: [{ input: 'x', weight: id }, { input: 'low', weight: (v) => -Math.max(v, 0) }, { input: 'high', weight: (v) => -Math.min(v, 0) }], bias: id, coef: 1 }],
      };
    default:
      throw new ExplainError('BAD_ARGUMENT', `Unknown LRP rule "${name}"; use epsilon, zplus, alpha-beta, gamma, flat, wsquare, zbox or zero.`);
  }
}

/**
 * f applied to every value. The rules' own modifiers run as plain loops: a ResNet-18 alpha-beta graph modifies
 * 50M weights, and a closure call per value (or TypedArray.map) took ~200 ms of its compile time. The positive
 * and negative parts clear a value by its sign bit: a compare and branch on weights of random sign mispredicts
 * half the time (6 ns a value against under 2).
 */
export function applyModifier(values: Float32Array, f: ValueModifier): Float32Array {
  const n = values.length;
  if (f === id) return values.slice();
  if (f === ONE) return new Float32Array(n).fill(1);
  if (f === zero) return new Float32Array(n);
  const out = new Float32Array(n);
  if (f === pos || f === neg) {
    const src = new Int32Array(values.buffer, values.byteOffset, n);
    const dst = new Int32Array(out.buffer);
    // b >> 31 is all ones for a negative value (sign bit set), all zeros otherwise.
    if (f === pos) for (let i = 0; i < n; i++) dst[i] = src[i] & ~(src[i] >> 31);
    else for (let i = 0; i < n; i++) dst[i] = src[i] & (src[i] >> 31);
  } else for (let i = 0; i < n; i++) out[i] = f(values[i]);
  return out;
}

/** The sign every value f returns has by construction (1: >= 0, -1: <= 0), or undefined when it depends on the value. */
export function modifierSign(f: ValueModifier): 1 | -1 | undefined {
  return f === pos || f === ONE || f === zero ? 1 : f === neg ? -1 : undefined;
}

/** True when a group computes exactly the layer's own forward output (its z can be reused). */
export function isIdentityGroup(g: Group): boolean {
  return g.parts.length === 1 && g.parts[0].input === 'x' && g.parts[0].weight === id && g.bias === id;
}
