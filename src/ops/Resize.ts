/**
 * Resize (and Upsample / Resize-10, raised to it on loading): nearest (every nearest_mode) and linear, with
 * scales or sizes, over the last two axes (NCHW's H and W, or a 3-D [N, C, L]'s L). Resize is linear in its
 * input and separable, y = A_h x A_w^T per channel, so the signal goes back as A_h^T g A_w: two MatMuls with
 * the constant matrices of resizeMatrix, which follow onnxruntime's coordinates exactly. Scales and sizes must
 * be constant (shape arithmetic is folded to constants before compiling).
 */
import { ExplainError } from '../errors';
import { attrInt, attrString, floatTensor } from '../onnx/ir';
import type { OpBackward } from './rule';
import { constantInts } from './shared/place';
import { COORDINATE_MODES, type CoordinateMode, NEAREST_MODES, type NearestMode, type ResizeMode, isIdentity, resizeMatrix } from './shared/resizeMatrix';

export const Resize: OpBackward = {
  opType: 'Resize',
  backward(node, g, ctx) {
    const refuse = (why: string) => new ExplainError('UNSUPPORTED_OP', `Resize ${node.name} ${why}; supported: nearest and linear over the last two axes, with constant scales or sizes.`);
    const mode = attrString(node, 'mode', 'nearest');
    if (mode !== 'nearest' && mode !== 'linear') throw refuse(`has mode "${mode}"`);
    const coordinates = attrString(node, 'coordinate_transformation_mode', 'half_pixel');
    if (!COORDINATE_MODES.includes(coordinates)) throw refuse(`has coordinate_transformation_mode "${coordinates}"`);
    const nearest = attrString(node, 'nearest_mode', 'round_prefer_floor');
    if (!NEAREST_MODES.includes(nearest)) throw refuse(`has nearest_mode "${nearest}"`);
    if (attrInt(node, 'antialias', 0) !== 0) throw refuse('antialiases');
    if (node.attrs.axes) throw refuse('names its axes');
    const [x, , scalesInput, sizesInput] = node.inputs;
    for (const t of [scalesInput, sizesInput]) if (t && ctx.needsGrad(t)) throw refuse('computes its scales or sizes from the image');
    const xs = ctx.shape(x);
    const ys = ctx.shape(node.outputs[0]);
    const given = scalesInput ? constantInts(ctx, node, 2, 'scales') : undefined;
    const scales = given && given.length ? given : undefined;
    if (!scales && !sizesInput) throw refuse('has neither scales nor sizes');
    const rank = xs.length;
    const opts = { mode: mode as ResizeMode, coordinates: coordinates as CoordinateMode, nearest: nearest as NearestMode };
    let signal = g;
    for (const axis of [rank - 2, rank - 1]) {
      if (axis < 1) continue;
      const scale = scales ? scales[axis] : Math.fround(ys[axis] / xs[axis]);
      const a = resizeMatrix(opts, xs[axis], ys[axis], scale);
      if (isIdentity(a, xs[axis])) continue;
      if (axis === rank - 2) {
        // [in, out] x [.., out, W]: A^T applied to the rows.
        const at = new Float32Array(a.length);
        for (let i = 0; i < ys[axis]; i++) for (let j = 0; j < xs[axis]; j++) at[j * ys[axis] + i] = a[i * xs[axis] + j];
        signal = ctx.b.op('MatMul', [ctx.b.constant(floatTensor(at, [xs[axis], ys[axis]]), 'resize_rows'), signal]);
      } else {
        signal = ctx.b.op('MatMul', [signal, ctx.b.constant(floatTensor(a, [ys[axis], xs[axis]]), 'resize_cols')]);
      }
    }
    for (let axis = 0; axis < rank - 2; axis++) if (xs[axis] !== ys[axis]) throw refuse(`resizes axis ${axis}`);
    return [signal, ...node.inputs.slice(1).map(() => undefined)];
  },
};
