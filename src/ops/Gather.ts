/**
 * Gather with constant indices (ViT's class token x[:, 0], Swin's q, k, v = qkv[0], qkv[1], qkv[2]): each
 * gathered element's signal goes back to the index it was read from, summed where an index repeats. Scalar
 * and evenly spaced indices are placed with Pad; any other list through its one-hot matrix.
 */
import { ExplainError } from '../errors';
import { attrInt } from '../onnx/ir';
import type { OpBackward } from './rule';
import { batchAxis, constantInts, placeEvenly, placeIndices } from './shared/place';

export const Gather: OpBackward = {
  opType: 'Gather',
  backward(node, g, ctx) {
    const [x, idx] = node.inputs;
    if (ctx.needsGrad(idx)) throw new ExplainError('UNSUPPORTED_OP', `Gather ${node.name} takes its indices from the image.`);
    const xs = ctx.shape(x);
    const rank = xs.length;
    const axis = (attrInt(node, 'axis', 0) + rank) % rank;
    if (axis === batchAxis(ctx, x)) throw new ExplainError('UNSUPPORTED_OP', `Gather ${node.name} picks along the batch axis, which is not supported.`);
    const dim = xs[axis];
    const indices = constantInts(ctx, node, 1, 'indices')!.map((i) => (i < 0 ? i + dim : i));
    const idxRank = ctx.constant(idx)!.dims.length;
    const b = ctx.b;
    // The signal with the index axes as one axis of length K: [.., K, ..].
    const free = ctx.freeShape(node.outputs[0]);
    free.splice(axis, idxRank, indices.length);
    const g1 = idxRank === 1 ? g : idxRank === 0 ? b.op('Unsqueeze', [g, b.int64s([axis])]) : b.op('Reshape', [g, b.int64s(free)]);
    const step = indices.length > 1 ? indices[1] - indices[0] : 1;
    const even = step > 0 && indices.every((d, k) => d === indices[0] + k * step);
    const dx = even ? placeEvenly(ctx, g1, free, axis, indices[0], step, indices.length, dim) : placeIndices(ctx, g1, rank, axis, indices, dim);
    return [dx, undefined];
  },
};
