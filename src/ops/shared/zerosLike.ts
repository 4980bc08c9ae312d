/**
 * A zero signal shaped like a forward tensor: the part of a multi-output node's signal for an output no signal
 * reaches (Split's unused piece). Its batch is taken from a signal that does arrive (`beside`, the signal of
 * the node's output `of`), not from the forward tensor: DeepLIFT's signals have one row per pair of rows.
 */
import { A } from '../../compile/builder';
import { floatTensor, sizeOf } from '../../onnx/ir';
import type { BackwardContext } from '../rule';

export function zerosLike(ctx: BackwardContext, t: string, beside: { of: string; signal: string }): string {
  const b = ctx.b;
  const free = ctx.freeShape(t);
  const axis = free.indexOf(-1);
  const one = free.map((d) => (d === -1 ? 1 : d));
  const zeros = b.constant(floatTensor(new Float32Array(sizeOf(one)), one), 'zeros');
  if (axis < 0) return zeros;
  // [1, .., N, .., 1] with N the arriving signal's batch, which Expand broadcasts the one-row zeros to.
  const from = ctx.freeShape(beside.of).indexOf(-1);
  const rows = b.op('Slice', [b.op('Shape', [beside.signal]), b.int64s([from]), b.int64s([from + 1])]);
  const ones = (n: number) => (n ? [b.int64s(Array(n).fill(1))] : []);
  const target = b.op('Concat', [...ones(axis), rows, ...ones(free.length - axis - 1)], { axis: A.int(0) });
  return b.op('Expand', [zeros, target], {}, 'zeros');
}
