/**
 * Tile repeats its input r times along each axis: every copy's signal is summed back, each repeated axis split
 * into [r, size] and the copies reduced. The batch axis may not be repeated.
 */
import { A } from '../compile/builder';
import { ExplainError } from '../errors';
import type { OpBackward } from './rule';
import { batchAxis, constantInts } from './shared/place';

export const Tile: OpBackward = {
  opType: 'Tile',
  backward(node, g, ctx) {
    const x = node.inputs[0];
    const repeats = constantInts(ctx, node, 1, 'repeats')!;
    const batch = batchAxis(ctx, x);
    if (batch >= 0 && repeats[batch] !== 1) throw new ExplainError('UNSUPPORTED_OP', `Tile ${node.name} repeats the batch axis, which is not supported.`);
    if (repeats.every((r) => r === 1)) return [g, undefined];
    const split: number[] = [];
    const copies: number[] = [];
    ctx.freeShape(x).forEach((d, i) => {
      if (repeats[i] !== 1) {
        copies.push(split.length);
        split.push(repeats[i]);
      }
      split.push(d);
    });
    const b = ctx.b;
    const parts = b.op('Reshape', [g, b.int64s(split)]);
    return [b.op('ReduceSum', [parts, b.int64s(copies)], { keepdims: A.int(0) }), undefined];
  },
};
