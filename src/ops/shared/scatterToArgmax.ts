/**
 * Routes a pooled signal back to the element each window picked, adding where windows overlap
 * (ScatterElements with reduction="add", opset 16): overlapping 3x3/2 pools stay exact.
 * onnxruntime's MaxPool indices are flat over N*C*H*W.
 */
import { A } from '../../compile/builder';
import type { BackwardContext } from '../rule';

export function scatterToArgmax(ctx: BackwardContext, grad: string, indices: string, input: string): string {
  const flat = ctx.b.int64s([-1]);
  const shape = ctx.b.op('Shape', [input]);
  const zeros = ctx.b.op('ConstantOfShape', [ctx.b.op('ReduceProd', [shape], { keepdims: A.int(1) })], {
    value: A.tensor({ type: 'float32', dims: [1], data: Float32Array.of(0) }),
  });
  const scattered = ctx.b.op(
    'ScatterElements',
    [zeros, ctx.b.op('Reshape', [indices, flat]), ctx.b.op('Reshape', [grad, flat])],
    { axis: A.int(0), reduction: A.str('add') },
  );
  return ctx.b.op('Reshape', [scattered, shape]);
}
