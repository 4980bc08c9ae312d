/** Y = alpha * op(A) op(B) + beta * C. The signal to A (and to B when it depends on the image). */
import { attrFloat, attrInt } from '../onnx/ir';
import { A } from '../compile/builder';
import type { OpBackward } from './rule';

export const Gemm: OpBackward = {
  opType: 'Gemm',
  backward(node, g, ctx) {
    const [a, b] = node.inputs;
    const alpha = attrFloat(node, 'alpha', 1);
    const transA = attrInt(node, 'transA', 0);
    const transB = attrInt(node, 'transB', 0);
    const gemm = (x: string, y: string, tx: number, ty: number) =>
      ctx.b.op('Gemm', [x, y], { alpha: A.float(alpha), transA: A.int(tx), transB: A.int(ty) });
    // dA = alpha G op(B)^T (transposed back when A is stored transposed); dB likewise.
    const dA = ctx.needsGrad(a) ? (transA ? gemm(b, g, transB, 1) : gemm(g, b, 0, 1 - transB)) : undefined;
    const dB = ctx.needsGrad(b) ? (transB ? gemm(g, a, 1, transA) : gemm(a, g, 1 - transA, 0)) : undefined;
    return [dA, dB];
  },
};
