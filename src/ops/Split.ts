/**
 * Split (ShuffleNet's channel split, chunk): the pieces' signals concatenated back along the axis, zeros for
 * a piece no signal reaches. The piece sizes are read from the forward's outputs, so the split input (opset
 * 13), the num_outputs attribute (opset 18) and the even default all come to the same.
 */
import { A } from '../compile/builder';
import { attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';
import { zerosLike } from './shared/zerosLike';

export const Split: OpBackward = {
  opType: 'Split',
  backward(node, g, ctx, gradOuts = [g]) {
    const rank = ctx.shape(node.inputs[0]).length;
    const axis = (attrInt(node, 'axis', 0) + rank) % rank;
    const k = gradOuts.findIndex((s) => s !== undefined);
    const beside = k < 0 ? { of: node.outputs[0], signal: g } : { of: node.outputs[k], signal: gradOuts[k]! };
    const pieces = node.outputs.map((o, i) => gradOuts[i] ?? (i === 0 ? g : zerosLike(ctx, o, beside)));
    return [pieces.length === 1 ? pieces[0] : ctx.b.op('Concat', pieces, { axis: A.int(axis) }), undefined];
  },
};
