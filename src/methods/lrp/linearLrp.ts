/**
 * Compiles an LRP rule (rules.ts) for one linear layer (Conv, Gemm, MatMul with constant weights) into
 * graph nodes: modified forward passes for each group's denominator, and the layer's own backward rule
 * (from the op table) run with modified weights for the redistribution.
 */
import { ExplainError } from '../../errors';
import { type ConstTensor, type IRNode, attrInt, floatTensor } from '../../onnx/ir';
import { BACKWARD } from '../../ops';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import type { BiasMode } from '../../protocol';
import { type Group, type InputModifier, type LinearRule, type ValueModifier, isIdentityGroup } from './rules';
import { relevanceAtZero } from './passRules';
import { relevanceRatio } from './stabilize';

export const LINEAR_OPS = new Set(['Conv', 'Gemm', 'MatMul']);

export interface InputBounds {
  /** Per input channel, the lowest and highest value the preprocessing can produce. */
  low: number[];
  high: number[];
}

export interface LinearLrpOptions {
  bias: BiasMode;
  /** Needed by the zB rule on the first layer. */
  bounds?: InputBounds;
  /**
   * Whether the layer's input is never negative (it comes from a ReLU, a pool of one...). Then x+ is x and
   * x- is 0: the parts on x- are dropped, which halves z+ and alpha-beta on hidden layers and changes no
   * value (those parts add exact zeros).
   */
  nonNegativeInput?: (x: string, ctx: BackwardContext) => boolean;
  /**
   * A tensor equal to the layer's output wherever the relevance is not 0, to divide by instead of it (the
   * ReLU after it: reluDenominator.ts), so the layer's output keeps a single consumer.
   */
  denominatorOf?: (z: string) => string | undefined;
}

/** The rule's groups for an input known to be >= 0: parts on x- removed, x+ read as x. */
function forNonNegativeInput(groups: Group[]): Group[] {
  return groups.map((g) => ({
    ...g,
    parts: g.parts.filter((p) => p.input !== 'x-').map((p) => (p.input === 'x+' ? { ...p, input: 'x' as const } : p)),
  }));
}

const mapValues = (t: ConstTensor, f: ValueModifier): ConstTensor => floatTensor((t.data as Float32Array).map(f), [...t.dims]);

/** 1: every value >= 0; -1: every value <= 0; 0: either sign. */
type Sign = 1 | -1 | 0;

/** The sign of f(v) over all values v (f: a rule's modifier; no copy of a layer's weights is made). */
function signOf(values: ArrayLike<number>, f: ValueModifier = (v) => v): Sign {
  let nonNegative = true;
  let nonPositive = true;
  for (let i = 0; i < values.length && (nonNegative || nonPositive); i++) {
    const v = f(values[i]);
    if (v < 0) nonNegative = false;
    if (v > 0) nonPositive = false;
  }
  return nonNegative ? 1 : nonPositive ? -1 : 0;
}

export function linearLrp(rule: LinearRule, opts: LinearLrpOptions): BackwardRule {
  return (node, relevance, ctx) => {
    const [x, wName, bName] = node.inputs;
    const w = ctx.constant(wName);
    if (!w || w.type !== 'float32' || ctx.needsGrad(wName)) {
      throw new ExplainError('UNSUPPORTED_OP', `LRP needs constant weights: ${node.opType} ${node.name} computes its weights from the image.`);
    }
    if (node.opType === 'Gemm' && attrInt(node, 'transA', 0) !== 0) {
      throw new ExplainError('UNSUPPORTED_OP', `LRP does not handle Gemm ${node.name} with transA=1.`);
    }
    const bias = bName ? ctx.constant(bName) : undefined;
    const b = ctx.b;
    const inputs = new Map<InputModifier, string>();
    const input = (m: InputModifier): string => {
      let t = inputs.get(m);
      if (!t) {
        t = modifiedInput(ctx, node, x, m, opts.bounds);
        inputs.set(m, t);
      }
      return t;
    };
    const weightFor = (f: ValueModifier) => b.constant(mapValues(w, f), 'lrp_weight');
    // A modified bias, undefined when it is all 0: as a vector (a Conv's own bias input, a Gemm's), or shaped to
    // broadcast over a Conv's output ([C, 1, 1]) where it is added or multiplied by other nodes.
    const biasConst = (f: ValueModifier, form: 'vector' | 'broadcast'): string | undefined => {
      if (!bias) return undefined;
      const v = mapValues(bias, f).data as Float32Array;
      if (v.every((e) => e === 0)) return undefined;
      const dims = form === 'broadcast' && node.opType === 'Conv' ? [v.length, ...Array(ctx.shape(x).length - 2).fill(1)] : [v.length];
      return b.constant(floatTensor(v, dims), 'lrp_bias');
    };
    // The layer with other inputs and weights: a clone of the node (same attributes), with a bias only where
    // it is given (a Conv adds it in the same pass).
    const forward = (inp: string, weight: string, convBias?: string) => {
      const out = b.fresh(`${node.name}_lrp_z`);
      const inputs = convBias ? [inp, weight, convBias] : [inp, weight];
      b.nodes.push({ ...node, name: b.fresh(`${node.name}_lrp`), inputs, outputs: [out], attrs: { ...node.attrs } });
      return out;
    };
    const backward = (signal: string, weight: string) => {
      const clone: IRNode = { ...node, inputs: [x, weight], attrs: { ...node.attrs } };
      return BACKWARD.get(node.opType)!(clone, signal, ctx)[0]!;
    };

    // Whether a group's denominator is >= 0 whatever the image (z+: positive parts of the weights on
    // non-negative inputs), read from the modified weights, bias and inputs themselves.
    const inputSign = (m: InputModifier): Sign => {
      if (m === 'x+' || m === 'ones') return 1;
      if (m === 'x-') return -1;
      if (m === 'x') return opts.nonNegativeInput?.(x, ctx) ? 1 : 0;
      return opts.bounds ? signOf(m === 'low' ? opts.bounds.low : opts.bounds.high) : 0;
    };
    const signs = new Map<ValueModifier, Sign>();
    const weightSign = (f: ValueModifier): Sign => {
      let sg = signs.get(f);
      if (sg === undefined) signs.set(f, (sg = signOf(w.data as Float32Array, f)));
      return sg;
    };
    const nonNegativeGroup = (g: Group): boolean =>
      g.parts.every((p) => inputSign(p.input) * weightSign(p.weight) === 1) && (!g.bias || !bias || signOf(bias.data as Float32Array, g.bias) === 1);
    let evenly: ((share: string) => string) | undefined;
    // Backward signals gathered per input they multiply, so x * (a + b) costs one product, not two; a group's
    // coefficient rides in its backward weights instead of a pass over the result.
    const byInput = new Map<InputModifier, string[]>();
    const unmultiplied: string[] = [];
    const groups = opts.nonNegativeInput?.(x, ctx) ? forNonNegativeInput(rule.groups) : rule.groups;
    const denominators: string[] = [];
    for (const g of groups) {
      if (!g.parts.length) continue;
      const weights = g.parts.map((p) => weightFor(p.weight));
      const biasT = g.bias && (node.opType !== 'Conv' || opts.bias === 'redistribute') ? biasConst(g.bias, 'broadcast') : undefined;
      const identity = isIdentityGroup(g);
      let z: string;
      if (identity) z = opts.denominatorOf?.(node.outputs[0]) ?? node.outputs[0];
      else if (g.complement && denominators.length) z = b.op('Sub', [node.outputs[0], denominators.reduce((acc, t) => b.op('Add', [acc, t]))]);
      else {
        const inConv = g.bias && node.opType === 'Conv' ? biasConst(g.bias, 'vector') : undefined;
        z = g.parts.map((p, i) => forward(input(p.input), weights[i], i === 0 ? inConv : undefined)).reduce((acc, t) => b.op('Add', [acc, t]));
        if (biasT && node.opType !== 'Conv') z = b.op('Add', [z, biasT]);
      }
      denominators.push(z);
      const s = relevanceRatio(b, relevance, z, rule.epsilon, identity ? !!opts.nonNegativeInput?.(z, ctx) : !g.complement && nonNegativeGroup(g));
      g.parts.forEach((p, i) => {
        const back = backward(s, g.coef === 1 ? weights[i] : weightFor((v) => g.coef * p.weight(v)));
        // Times ones is the signal itself.
        if (p.input === 'ones') unmultiplied.push(back);
        else byInput.set(p.input, [...(byInput.get(p.input) ?? []), back]);
      });
      if (opts.bias === 'redistribute') {
        // The bias's share, and the relevance of units whose denominator is exactly 0 (which the ratio
        // would lose), spread evenly over the inputs.
        const atZero = relevanceAtZero(b, relevance, z);
        const spread = biasT ? b.op('Add', [b.op('Mul', [s, biasT]), atZero]) : atZero;
        const even = (evenly ??= spreadEvenly(ctx, x, w, forward, backward))(spread);
        unmultiplied.push(g.coef === 1 ? even : b.op('Mul', [even, b.scalar(g.coef)]));
      }
    }
    const sum = (ts: string[]) => ts.reduce((acc, t) => b.op('Add', [acc, t]));
    const total = sum([...[...byInput].map(([m, signals]) => b.op('Mul', [input(m), sum(signals)])), ...unmultiplied]);
    return [total, ...node.inputs.slice(1).map(() => undefined)];
  };
}

/**
 * Spreads a quantity per output evenly over the inputs that output reads: used for the bias's share
 * R_j * b_j / z_j of each output (Bach et al. 2015), so the layer conserves relevance exactly. The fan-in
 * of each output (smaller at padded borders) comes from running the layer on ones with ones as weights.
 */
function spreadEvenly(
  ctx: BackwardContext,
  x: string,
  w: ConstTensor,
  forward: (inp: string, weight: string) => string,
  backward: (signal: string, weight: string) => string,
): (share: string) => string {
  const b = ctx.b;
  const ones = b.constant(floatTensor(new Float32Array(w.data.length).fill(1), [...w.dims]), 'lrp_ones_weight');
  const fanIn = forward(onesLike(ctx, x), ones);
  return (share) => backward(b.op('Div', [share, fanIn]), ones);
}

/**
 * A constant shaped like one row of x (batch 1; it broadcasts over the batch). A layer run on it with
 * constant weights (the flat rule's z, the fan-in of bias redistribution, zB's bounds) has only constant
 * inputs, so onnxruntime folds it once when the session is created instead of running it every time.
 */
function perRowConstant(ctx: BackwardContext, x: string, channelValues: (c: number) => number, hint: string): string {
  const [, C, ...spatial] = ctx.shape(x);
  const per = spatial.reduce((a, v) => a * v, 1);
  const data = new Float32Array(C * per);
  for (let c = 0; c < C; c++) data.fill(channelValues(c), c * per, (c + 1) * per);
  return ctx.b.constant(floatTensor(data, [1, C, ...spatial]), hint);
}

function onesLike(ctx: BackwardContext, x: string): string {
  return perRowConstant(ctx, x, () => 1, 'lrp_ones');
}

function modifiedInput(ctx: BackwardContext, node: IRNode, x: string, m: InputModifier, bounds?: InputBounds): string {
  const b = ctx.b;
  switch (m) {
    case 'x':
      return x;
    case 'x+':
      return b.op('Relu', [x]);
    case 'x-':
      return b.op('Neg', [b.op('Relu', [b.op('Neg', [x])])]);
    case 'ones':
      return onesLike(ctx, x);
    case 'low':
    case 'high': {
      if (!bounds) throw new ExplainError('BAD_ARGUMENT', `The zB rule on ${node.name} needs the input's bounds; it applies to the first layer only.`);
      const shape = ctx.shape(x);
      const values = m === 'low' ? bounds.low : bounds.high;
      if (values.length !== shape[1]) {
        throw new ExplainError('BAD_ARGUMENT', `The zB rule on ${node.name}: ${values.length} channel bounds for ${shape[1]} input channels; it applies to the image's first layer only.`);
      }
      return perRowConstant(ctx, x, (c) => values[c], `lrp_${m}`);
    }
  }
}
