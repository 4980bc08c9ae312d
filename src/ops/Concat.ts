/** The signal is split back along the concatenation axis, each input taking its own slice. */
import { attrInt } from '../onnx/ir';
import { A } from '../compile/builder';
import type { OpBackward } from './rule';

export const Concat: OpBackward = {
  opType: 'Concat',
  backward(node, g, ctx) {
    const rank = ctx.shape(node.outputs[0]).length;
    const axis = (attrInt(node, 'axis', 1) + rank) % rank;
    const sizes = node.inputs.map((x) => (ctx.constant(x)?.dims ?? ctx.shape(x))[axis]);
    const parts = ctx.b.opN('Split', [g, ctx.b.int64s(sizes)], node.inputs.length, { axis: A.int(axis) });
    return node.inputs.map((x, i) => (ctx.needsGrad(x) ? parts[i] : undefined));
  },
};
