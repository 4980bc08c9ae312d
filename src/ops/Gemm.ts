/** Y = alpha * op(A) op(B) + beta * C. The signal to A, and to B and C when they depend on the image. */
import { attrFloat, attrInt } from '../onnx/ir';
import { A } from '../compile/builder';
import type { OpBackward } from './rule';
import { unbroadcast } from './shared/unbroadcast';

export const Gemm: OpBackward = {
  opType: 'Gemm',
  backward(node, g, ctx) {
    const [a, b, c] = node.inputs;
    const alpha = attrFloat(node, 'alpha', 1);
    const beta = attrFloat(node, 'beta', 1);
    const transA = attrInt(node, 'transA', 0);
    const transB = attrInt(node, 'transB', 0);
    const gemm = (x: string, y: string, tx: number, ty: number) =>
      ctx.b.op('Gemm', [x, y], { alpha: A.float(alpha), transA: A.int(tx), transB: A.int(ty) });
    // dA = alpha G op(B)^T (transposed back when A is stored transposed); dB likewise.
    const dA = ctx.needsGrad(a) ? (transA ? gemm(b, g, transB, 1) : gemm(g, b, 0, 1 - transB)) : undefined;
    const dB = ctx.needsGrad(b) ? (transB ? gemm(g, a, 1, transA) : gemm(a, g, 1 - transA, 0)) : undefined;
    // C can come from the image too (torch.addmm(x, ...) exports C = x): dC = beta G, summed over the
    // axes C is broadcast along. Leaving it out would silently drop that branch's signal.
    const dC = c && ctx.needsGrad(c) ? unbroadcast(ctx, beta === 1 ? g : ctx.b.op('Mul', [g, ctx.b.scalar(beta)]), ctx.shape(node.outputs[0]), c) : undefined;
    return [dA, dB, dC];
  },
};
