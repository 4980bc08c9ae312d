/**
 * The positive and negative parts P, N of a tensor's difference from the reference (P + N = D), one row per
 * pair, as analysis.ts defines them. They are kept as D and the spread A = P - N (P = (D + A)/2,
 * N = (D - A)/2):
 *  - out of a linear layer y = W x + b with input difference Dx (the bias cancels), kundajelab's
 *      P = W+ Dx+ + W- Dx-,  N = W- Dx+ + W+ Dx-     =>     A = P - N = |W| |Dx|
 *    (W+ = max(W, 0), W- = min(W, 0), Dx+ = max(Dx, 0), Dx- = min(Dx, 0)): one run of the layer with |W| on
 *    |Dx|, while D itself is y(x) - y(x0) from the forward pass, so P + N is exactly the forward's difference;
 *  - out of a linear map of a derived split: the map applied to A (a constant shift leaves it alone);
 *  - otherwise the tensor's own sign split: A = |D|.
 */
import { ExplainError } from '../../errors';
import type { GraphBuilder } from '../../compile/builder';
import { type IRNode, floatTensor } from '../../onnx/ir';
import type { BackwardContext } from '../../ops/rule';
import type { Analysis } from './analysis';
import { diff } from './pairs';

const spreads = new WeakMap<GraphBuilder, Map<string, string>>();
const absWeights = new WeakMap<GraphBuilder, Map<string, string>>();

function memo(store: WeakMap<GraphBuilder, Map<string, string>>, b: GraphBuilder, key: string, make: () => string): string {
  let m = store.get(b);
  if (!m) store.set(b, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}

/** A = P - N of tensor t, one row per pair. */
export function spread(ctx: BackwardContext, t: string, a: Analysis): string {
  return memo(spreads, ctx.b, t, () => {
    const b = ctx.b;
    const p = a.producer(t);
    if (!p || !a.derived(t)) return b.op('Abs', [diff(ctx, t, ctx.shape(t))], {}, 'dl_spread');
    if (a.signAware(p)) {
      const x = p.inputs[0];
      return layerWith(ctx, p, b.op('Abs', [diff(ctx, x, ctx.shape(x))]), absWeight(ctx, p));
    }
    const input = a.linearMapInput(p)!;
    return mapHalf(ctx, p, input, spread(ctx, input, a), ctx.shape(t));
  });
}

/** P and N of tensor t. */
export function posNeg(ctx: BackwardContext, t: string, a: Analysis): [string, string] {
  const b = ctx.b;
  const d = diff(ctx, t, ctx.shape(t));
  const s = spread(ctx, t, a);
  const half = b.scalar(0.5);
  return [b.op('Mul', [b.op('Add', [d, s]), half], {}, 'dl_pos'), b.op('Mul', [b.op('Sub', [d, s]), half], {}, 'dl_neg')];
}

/** |W| of a linear layer's constant weight (input 1), as a constant. */
export function absWeight(ctx: BackwardContext, n: IRNode): string {
  const w = ctx.constant(n.inputs[1]);
  if (!w || w.type !== 'float32') {
    throw new ExplainError('UNSUPPORTED_OP', `RevealCancel needs constant float weights: ${n.opType} ${n.name} computes its weights.`);
  }
  return memo(absWeights, ctx.b, n.inputs[1], () => ctx.b.constant(floatTensor((w.data as Float32Array).map(Math.abs), [...w.dims]), 'dl_abs_weight'));
}

/** The layer (same attributes) on another input with another weight and no bias. */
function layerWith(ctx: BackwardContext, n: IRNode, input: string, weight: string): string {
  const out = ctx.b.fresh(`${n.name}_dl`);
  ctx.b.nodes.push({ ...n, name: ctx.b.fresh(`${n.name}_dl_node`), inputs: [input, weight], outputs: [out], attrs: { ...n.attrs } });
  return out;
}

/** A linear map applied to one half of its path input. */
function mapHalf(ctx: BackwardContext, n: IRNode, input: string, half: string, outShape: number[]): string {
  const b = ctx.b;
  const clone = (inputs: string[]) => {
    const out = b.fresh(`${n.name}_dl`);
    b.nodes.push({ ...n, name: b.fresh(`${n.name}_dl_node`), inputs, outputs: [out], attrs: { ...n.attrs } });
    return out;
  };
  switch (n.opType) {
    case 'Reshape':
    case 'Flatten':
    case 'Squeeze':
    case 'Unsqueeze':
      // Not a clone: a target shape computed from the paired batch would be twice too large.
      return b.op('Reshape', [half, b.int64s([-1, ...outShape.slice(1)])]);
    case 'Pad':
      // The padding's difference from the reference is zero: padded with zeros.
      return clone(n.inputs.map((x, i) => (i === 0 ? half : i === 2 ? '' : x)));
    case 'Add':
    case 'Sub': {
      // A constant shift cancels; c - x negates. Added to zeros of the constant's shape so that a broadcast
      // still widens the result.
      const other = n.inputs.find((x) => x !== input)!;
      const c = ctx.constant(other);
      const zeros = c ? b.constant(floatTensor(new Float32Array(c.data.length), [...c.dims]), 'zeros') : b.op('Mul', [other, b.scalar(0)]);
      return clone(n.inputs.map((x) => (x === input ? half : zeros)));
    }
    default:
      // Transpose, AveragePool, GlobalAveragePool, Mul and Div by a constant.
      return clone(n.inputs.map((x) => (x === input ? half : x)));
  }
}
