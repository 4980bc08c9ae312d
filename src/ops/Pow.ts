/**
 * Y = X^E: dX = G E X^(E-1) (LayerNorm's squared deviation as torch exports it, E = 2); an exponent on the
 * path (a constant base) gets dE = G Y ln X. Both broadcast, so both are summed back to their operand's shape.
 */
import { A } from '../compile/builder';
import { tensorToNumbers } from '../onnx/ir';
import type { BackwardContext, OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Pow: OpBackward = {
  opType: 'Pow',
  backward(node, g, ctx) {
    const b = ctx.b;
    const gs = ctx.shape(node.outputs[0]);
    const [x, e] = node.inputs;
    const y = node.outputs[0];
    return [
      ctx.needsGrad(x) ? unbroadcast(ctx, b.op('Mul', [g, baseSlope(ctx, x, e)]), gs, x) : undefined,
      ctx.needsGrad(e) ? unbroadcast(ctx, b.op('Mul', [g, b.op('Mul', [y, b.op('Log', [x])])]), gs, e) : undefined,
    ];
  },
};

/** E X^(E-1); a constant E (an integer one included) as float constants, and E = 2 as 2X without a Pow. */
function baseSlope(ctx: BackwardContext, x: string, e: string): string {
  const b = ctx.b;
  const known = ctx.constant(e);
  if (!known) {
    const ef = b.op('Cast', [e], { to: A.int(1) });
    return b.op('Mul', [ef, b.op('Pow', [x, b.op('Sub', [ef, b.scalar(1)])])]);
  }
  const exps = tensorToNumbers(known);
  if (exps.every((v) => v === 2)) return b.op('Mul', [x, b.scalar(2)]);
  if (exps.every((v) => v === 1)) return b.scalar(1);
  return b.op('Mul', [b.floats(exps, known.dims), b.op('Pow', [x, b.floats(exps.map((v) => v - 1), known.dims)])]);
}
