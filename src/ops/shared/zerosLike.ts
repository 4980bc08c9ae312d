/**
 * A zero signal shaped like a forward tensor at run time (whatever the batch): the part of a multi-output
 * node's signal for an output no signal reaches (Split's unused piece).
 */
import { A } from '../../compile/builder';
import type { BackwardContext } from '../rule';

export function zerosLike(ctx: BackwardContext, t: string): string {
  return ctx.b.op('ConstantOfShape', [ctx.b.op('Shape', [t])], { value: A.tensor({ type: 'float32', dims: [1], data: Float32Array.of(0) }) }, 'zeros');
}
