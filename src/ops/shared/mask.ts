/**
 * Keeps the signal where a boolean mask holds. Mul by the mask cast to float measured about twice as fast
 * in onnxruntime as Where with a broadcast zero, and ReLU-family backwards run on every feature map.
 */
import { A } from '../../compile/builder';
import type { BackwardContext } from '../rule';

const FLOAT = 1;

export function keepWhere(ctx: BackwardContext, mask: string, signal: string): string {
  return ctx.b.op('Mul', [signal, ctx.b.op('Cast', [mask], { to: A.int(FLOAT) })]);
}
