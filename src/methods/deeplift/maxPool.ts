/**
 * MaxPool (and GlobalMaxPool, rewritten as a MaxPool over the whole map for its argmax indices).
 *
 * 'delta' (the default) makes summation-to-delta exact, overlapping windows included. For one window with
 * y = max(x), y0 = max(x0) and output multiplier m, the difference y - y0 is split as
 *
 *   y - y0 = (max(y, y0) - y0)  +  (y - max(y, y0))
 *             to argmax(x)          to argmax(x0)
 *
 * (at most one part is nonzero). Each window's m * part is scatter-ADDED onto the element it goes to
 * (ScatterElements, reduction=add: overlapping windows add up instead of overwriting, which is where
 * Captum 0.7's max_unpool loses 21-30 of SqueezeNet's scores), and the input's multiplier is that relevance
 * divided by the input's difference D; where |D| < 1e-10 (nothing to divide) it is the gradient, m routed to
 * argmax(x). A part never exceeds the difference of the element it lands on: at e = argmax(x) with y > y0,
 * 0 < y - y0 <= x_e - x0_e (as y = x_e and y0 >= x0_e); at e = argmax(x0) with y < y0, D_e <= y - y0 < 0.
 * So the quotient stays bounded, and sum m_in D = sum m (y - y0) exactly.
 *
 * 'gradient' is the original DeepLIFT's MaxPoolDeepLiftMode.gradient: m routed to argmax(x) only; it does not
 * sum to the difference.
 *
 * Ties: argmax is onnxruntime's, the first maximum of the window in row-major order (as PyTorch's). With a
 * zero reference the reference's maps are flat inside many windows, so the element that takes the reference's
 * part is a tie-break; onnxruntime computes those maps as exact ties (first element), which agrees with the
 * reference README's tie-tolerant rule (first element within 1e-6 * max(1, |max|)) on vgg_mini, while
 * PyTorch's float32 rounding noise picks other elements. The sum does not depend on it.
 */
import { ExplainError } from '../../errors';
import { A } from '../../compile/builder';
import { attrInt, int64Tensor } from '../../onnx/ir';
import type { BackwardContext, BackwardRule } from '../../ops/rule';
import { diff, rows } from './pairs';

export type MaxPoolMode = 'delta' | 'gradient';

/** Below this |D| the input's multiplier is the gradient (Captum's eps). */
const NEAR_ZERO = 1e-10;

export function maxPool(mode: MaxPoolMode): BackwardRule {
  return (node, m, ctx) => {
    const b = ctx.b;
    if (node.opType === 'GlobalMaxPool') {
      node.opType = 'MaxPool';
      node.attrs = { kernel_shape: A.ints(ctx.shape(node.inputs[0]).slice(2)) };
    } else if (attrInt(node, 'storage_order', 0) !== 0) {
      throw new ExplainError('UNSUPPORTED_OP', `MaxPool ${node.name} uses column-major storage_order, which is not supported.`);
    }
    const x = node.inputs[0];
    const y = node.outputs[0];
    const xs = ctx.shape(x);
    const ys = ctx.shape(y);
    // onnxruntime's indices are flat over the whole paired batch: made local to each row.
    const perRow = xs.slice(1).reduce((p, q) => p * q, 1);
    const local = b.op('Mod', [ctx.forwardOutput(node, 1), b.constant(int64Tensor([perRow], []), 'row_size')]);
    const [atX, atRef] = rows(ctx, local, ys);
    const d = diff(ctx, x, xs);
    const gradient = scatterAdd(ctx, d, xs, ys, [m], [atX]);
    if (mode === 'gradient') return [gradient];
    const [ya, y0] = rows(ctx, y, ys);
    const top = b.op('Max', [ya, y0]);
    const toX = b.op('Mul', [m, b.op('Sub', [top, y0])]);
    const toRef = b.op('Mul', [m, b.op('Sub', [ya, top])]);
    const relevance = scatterAdd(ctx, d, xs, ys, [toX, toRef], [atX, atRef]);
    const small = b.op('Less', [b.op('Abs', [d]), b.scalar(NEAR_ZERO)]);
    const quotient = b.op('Div', [relevance, b.op('Add', [d, b.op('Cast', [small], { to: A.int(1) })])]); // never divides by 0
    return [b.op('Where', [small, gradient, quotient], {}, 'dl_maxpool')];
  };
}

/**
 * Halves shaped like the pool's output, each added at its row-local indices into zeros shaped like the
 * pool's input (one row per pair): ScatterElements with reduction="add" along the flattened row.
 */
function scatterAdd(ctx: BackwardContext, like: string, xs: number[], ys: number[], values: string[], indices: string[]): string {
  const b = ctx.b;
  const flat = (t: string, shape: number[]) => b.op('Reshape', [t, b.int64s([-1, shape.slice(1).reduce((p, q) => p * q, 1)])]);
  const cat = (ts: string[]) => (ts.length === 1 ? ts[0] : b.op('Concat', ts, { axis: A.int(1) }));
  const zeros = b.op('ConstantOfShape', [b.op('Shape', [flat(like, xs)])], { value: A.tensor({ type: 'float32', dims: [1], data: Float32Array.of(0) }) });
  const summed = b.op(
    'ScatterElements',
    [zeros, cat(indices.map((t) => flat(t, ys))), cat(values.map((t) => flat(t, ys)))],
    { axis: A.int(1), reduction: A.str('add') },
  );
  return b.op('Reshape', [summed, b.int64s([-1, ...xs.slice(1)])]);
}
