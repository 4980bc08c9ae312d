/**
 * Compiles an LRP rule (rules.ts) for one linear layer (Conv, Gemm, MatMul with constant weights) into
 * graph nodes: modified forward passes for each group's denominator, and the layer's own backward rule
 * (from the op table) run with modified weights for the redistribution.
 */
import { ExplainError } from '../../errors';
import { type ConstTensor, type IRNode, attrInt, floatTensor } from '../../onnx/ir';
import { A } from '../../compile/builder';
import { BACKWARD } from '../../ops';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import type { BiasMode } from '../../protocol';
import { type Group, type InputModifier, type LinearRule, ONE, type ValueModifier, applyModifier, isIdentityGroup, modifierSign } from './rules';
import { type AllOnesLayer, allOnesLayer, onesLike, perRowConstant, spreadEvenly } from './allOnes';
import { clearNegligible, negligibleMask } from './negligible';
import { blockWeights } from './stackedWeights';
import { type KnownSign, relevanceRatio, remainder } from './stabilize';

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

const mapValues = (t: ConstTensor, f: ValueModifier): ConstTensor => floatTensor(applyModifier(t.data as Float32Array, f), [...t.dims]);

function scaled(t: ConstTensor, coef: number): ConstTensor {
  const src = t.data as Float32Array;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = coef * src[i];
  return floatTensor(out, [...t.dims]);
}

/** 1: every value >= 0; -1: every value <= 0; 0: either sign. */
type Sign = 1 | -1 | 0;

/** The sign of all values. */
function signOf(values: ArrayLike<number>): Sign {
  let nonNegative = true;
  let nonPositive = true;
  for (let i = 0; i < values.length && (nonNegative || nonPositive); i++) {
    const v = values[i];
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
    // Each modifier's weights computed once per layer (a ResNet-18 layer has up to 2.4M of them): the sign
    // test, the stacked and the block weights all read these.
    const modifiedValues = new Map<ValueModifier, ConstTensor>();
    const modified = (f: ValueModifier): ConstTensor => modifiedValues.get(f) ?? modifiedValues.set(f, mapValues(w, f)).get(f)!;
    // The modified weights as a graph constant, one per modifier and coefficient, made when first used.
    const constants = new Map<ValueModifier, Map<number, string>>();
    const weightFor = (f: ValueModifier, coef = 1): string => {
      let byCoef = constants.get(f);
      if (!byCoef) constants.set(f, (byCoef = new Map()));
      let name = byCoef.get(coef);
      if (!name) byCoef.set(coef, (name = b.constant(coef === 1 ? modified(f) : scaled(modified(f), coef), 'lrp_weight')));
      return name;
    };
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
      // Known for the sign parts without reading millions of weights (which signOf must, to the last, for them).
      if (sg === undefined) signs.set(f, (sg = modifierSign(f) ?? signOf(modified(f).data as Float32Array)));
      return sg;
    };
    // Whether every part (input x weights) and the bias of a group have sign `s` whatever the image.
    const groupHasSign = (g: Group, s: 1 | -1): boolean =>
      g.parts.every((p) => inputSign(p.input) * weightSign(p.weight) === s) && (!g.bias || !bias || (mapValues(bias, g.bias).data as Float32Array).every((v) => v * s >= 0));
    // The identity group divides by the layer's output, or by the ReLU after it (then known >= 0); a modified
    // group's sign follows from its parts; a complement (alpha-beta's z-) is known <= 0 only where it is
    // clamped against rounding (`clamped`: bias absorbed).
    const knownSign = (g: Group, identity: boolean, z: string, clamped: boolean): KnownSign => {
      if (identity) return opts.nonNegativeInput?.(z, ctx) ? 'nonNegative' : undefined;
      if (g.complement) return clamped ? 'nonPositive' : undefined;
      return groupHasSign(g, 1) ? 'nonNegative' : undefined;
    };
    // sum |in_p| * |W_p| + |b| of a group, one forward pass per part on absolute values.
    const absOf = new Map<ValueModifier, ValueModifier>();
    const abs = (f: ValueModifier) => absOf.get(f) ?? absOf.set(f, (v) => Math.abs(f(v))).get(f)!;
    const absInput = (m: InputModifier) => {
      const sign = inputSign(m);
      return sign === 1 ? input(m) : sign === -1 ? b.op('Neg', [input(m)]) : b.op('Abs', [input(m)]);
    };
    const magnitude = (g: Group): string => {
      const inConv = g.bias && node.opType === 'Conv' ? biasConst(abs(g.bias), 'vector') : undefined;
      const terms = g.parts.map((p, k) => forward(absInput(p.input), weightFor(abs(p.weight)), k === 0 ? inConv : undefined));
      const m = terms.reduce((acc, t) => b.op('Add', [acc, t]));
      const rest = g.bias && node.opType !== 'Conv' ? biasConst(abs(g.bias), 'broadcast') : undefined;
      return rest ? b.op('Add', [m, rest]) : m;
    };
    let evenly: ((share: string) => string) | undefined;
    let allOnes: AllOnesLayer | undefined;
    const onesLayer = () => (allOnes ??= allOnesLayer(ctx, node, x, w, forward, backward));
    const narrow = new Set<string>();
    const narrowed = (t: string) => (onesLayer().channels === 1 ? (narrow.add(t), t) : t);
    // The flat rule's part: ones through all-ones weights.
    const isFlat = (p: { input: InputModifier; weight: ValueModifier }) => p.input === 'ones' && p.weight === ONE;
    // Backward signals gathered per input they multiply, so x * (a + b) costs one product, not two; a group's
    // coefficient rides in its backward weights instead of a pass over the result.
    const byInput = new Map<InputModifier, string[]>();
    const unmultiplied: string[] = [];
    const groups = opts.nonNegativeInput?.(x, ctx) ? forNonNegativeInput(rule.groups) : rule.groups;
    const denominators: string[] = [];
    let redistributions: Redistribution[] = [];
    // Stacking needs the weights' input channels to be the layer's input channels: a plain (one-group) 2-D Conv.
    const stacks = node.opType === 'Conv' && attrInt(node, 'group', 1) === 1 && w.dims.length === 4;
    for (const g of groups) {
      if (!g.parts.length) continue;
      const biasT = g.bias && (node.opType !== 'Conv' || opts.bias === 'redistribute') ? biasConst(g.bias, 'broadcast') : undefined;
      const identity = isIdentityGroup(g);
      // Known <= 0 (alpha-beta's z- on a non-negative input) but for the rounding of z - z+, which Min
      // removes, so it is stabilized in one pass and never reaches 0. With the bias redistributed, units with z
      // exactly 0 are treated apart, and the rounding must not add any: there z- is its own forward pass (z - z+
      // leaves rounding noise where z- is 0, which the stabilizer's share would then misread: 2e-3 of the
      // score lost on MobileNet-mini's alpha2-beta1).
      const clamped = !!g.complement && opts.bias === 'absorb' && groupHasSign(g, -1);
      let z: string;
      if (identity) z = opts.denominatorOf?.(node.outputs[0]) ?? node.outputs[0];
      else if (g.complement && denominators.length && opts.bias === 'absorb') {
        z = b.op('Sub', [node.outputs[0], denominators.reduce((acc, t) => b.op('Add', [acc, t]))]);
        if (clamped) z = b.op('Min', [z, b.scalar(0)]);
      }
      else {
        const inConv = g.bias && node.opType === 'Conv' ? biasConst(g.bias, 'vector') : undefined;
        // Parts on the image-dependent inputs (x+ and x- of a signed input) run as one convolution over the
        // inputs stacked along channels; parts on constants (ones, bounds) stay apart, so onnxruntime folds them.
        const live = g.parts.flatMap((p, i) => (CONSTANT_INPUTS.has(p.input) ? [] : [i]));
        const terms =
          stacks && live.length > 1
            ? [forward(b.op('Concat', live.map((i) => input(g.parts[i].input)), { axis: A.int(1) }), b.constant(blockWeights(1, live.length, live.map((i, col) => ({ row: 0, col, values: modified(g.parts[i].weight), coef: 1 }))), 'lrp_weight'), inConv)]
            : live.map((i, k) => forward(input(g.parts[i].input), weightFor(g.parts[i].weight), k === 0 ? inConv : undefined));
        g.parts.forEach((p) => {
          if (!CONSTANT_INPUTS.has(p.input)) return;
          if (isFlat(p) && !(terms.length === 0 && inConv)) terms.push(onesLayer().onOnes);
          else terms.push(forward(input(p.input), weightFor(p.weight), terms.length === 0 ? inConv : undefined));
        });
        z = terms.reduce((acc, t) => b.op('Add', [acc, t]));
        if (biasT && node.opType !== 'Conv') z = b.op('Add', [z, biasT]);
      }
      denominators.push(z);
      let s = relevanceRatio(b, relevance, z, rule.epsilon, knownSign(g, identity, z, clamped));
      let atZero: string | undefined;
      if (opts.bias === 'redistribute') {
        // A group of one sign (z+, alpha-beta's parts) has |z| = sum |terms|: only a z near the stabilizer is
        // too small, and what the stabilizer takes there, R - z R / (z + eps), is spread (all of R at z = 0).
        // A signed one (epsilon, gamma, zB) is tested against its terms' magnitude (negligible.ts).
        if (!groupHasSign(g, 1) && !groupHasSign(g, -1)) s = clearNegligible(b, s, negligibleMask(b, z, magnitude(g)));
        // What reaches the inputs is s z: the rest, the stabilizer's share R eps / (z + eps) included (1e-5
        // of the score per layer where z ~ 0.1: EfficientNet lost 2.2e-4 over its 50 layers), is spread.
        atZero = remainder(b, relevance, s, z);
      }
      const signal = s;
      g.parts.forEach((p) => redistributions.push({ signal, input: p.input, weight: p.weight, coef: g.coef }));
      if (atZero) {
        // The bias's share, and the relevance of units whose denominator is 0 or negligible (which the ratio
        // would lose or blow up), spread evenly over the inputs.
        const spread = biasT ? b.op('Add', [b.op('Mul', [s, biasT]), atZero]) : atZero;
        const even = narrowed((evenly ??= spreadEvenly(ctx, onesLayer()))(spread));
        unmultiplied.push(g.coef === 1 ? even : narrowed(b.op('Mul', [even, b.scalar(g.coef)])));
      }
    }
    const gather = (m: InputModifier, back: string) => {
      // Times ones is the signal itself.
      if (m === 'ones') unmultiplied.push(back);
      else byInput.set(m, [...(byInput.get(m) ?? []), back]);
    };
    const flat = redistributions.filter(isFlat);
    for (const r of flat) gather(r.input, narrowed(onesLayer().adjoint(r.coef === 1 ? r.signal : b.op('Mul', [r.signal, b.scalar(r.coef)]))));
    redistributions = redistributions.filter((r) => !isFlat(r));
    if (stacks && redistributions.length > 1) {
      // All of the layer's redistributions as ONE adjoint convolution: the groups' signals stacked along
      // channels in, every input modifier's share stacked along channels out. The same products as one pass
      // per part, in one larger convolution (a strided layer's phases interleaved once, not once per part).
      const signals = [...new Set(redistributions.map((r) => r.signal))];
      const mods = [...new Set(redistributions.map((r) => r.input))];
      const blocks = redistributions.map((r) => ({ row: signals.indexOf(r.signal), col: mods.indexOf(r.input), values: modified(r.weight), coef: r.coef }));
      const big = blockWeights(signals.length, mods.length, blocks);
      const back = backward(signals.length > 1 ? b.op('Concat', signals, { axis: A.int(1) }) : signals[0], b.constant(big, 'lrp_weight'));
      const shares = mods.length > 1 ? b.opN('Split', [back, b.int64s(mods.map(() => w.dims[1]))], mods.length, { axis: A.int(1) }) : [back];
      mods.forEach((m, i) => gather(m, shares[i]));
    } else {
      for (const r of redistributions) gather(r.input, backward(r.signal, weightFor(r.weight, r.coef)));
    }
    const sum = (ts: string[]) => ts.reduce((acc, t) => b.op('Add', [acc, t]));
    let total = sum([...[...byInput].map(([m, signals]) => b.op('Mul', [input(m), sum(signals)])), ...unmultiplied]);
    // Only one-channel shares of the all-ones layer (flat, no bias spread through a full layer): broadcast them.
    if (!byInput.size && allOnes?.channels === 1 && unmultiplied.every((t) => narrow.has(t))) total = b.op('Expand', [total, b.int64s(ctx.shape(x).map((d, i) => (i === 1 ? d : 1)))]);
    return [total, ...node.inputs.slice(1).map(() => undefined)];
  };
}

/** One part's redistribution: its group's signal R / z, sent back through coef * (modified weights) to its input. */
interface Redistribution {
  signal: string;
  input: InputModifier;
  weight: ValueModifier;
  coef: number;
}

/** Inputs that are the same for every image: a layer run on them alone is folded by onnxruntime. */
const CONSTANT_INPUTS = new Set<InputModifier>(['ones', 'low', 'high']);

function modifiedInput(ctx: BackwardContext, node: IRNode, x: string, m: InputModifier, bounds?: InputBounds): string {
  const b = ctx.b;
  switch (m) {
    case 'x':
      return x;
    case 'x+':
      return b.op('Relu', [x]);
    case 'x-':
      return b.op('Min', [x, b.scalar(0)]);
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
