/** Constant padding: the signal of the original elements is the slice that leaves the padding out. */
import { ExplainError } from '../errors';
import { attrString, tensorToNumbers } from '../onnx/ir';
import type { OpBackward } from './rule';

export const Pad: OpBackward = {
  opType: 'Pad',
  backward(node, g, ctx) {
    const mode = attrString(node, 'mode', 'constant');
    const padsT = ctx.constant(node.inputs[1]);
    if (mode !== 'constant' || !padsT || (node.inputs[3] && node.inputs[3] !== '')) {
      throw new ExplainError('UNSUPPORTED_OP', `Pad ${node.name} (mode ${mode}${padsT ? '' : ', pads from the image'}) is not supported; only constant padding with fixed pads is.`);
    }
    // The fill value is a scalar: computed from the image it would mix the batch's images, and its signal
    // (the sum over the padding) would otherwise be dropped silently.
    if (node.inputs[2] && ctx.needsGrad(node.inputs[2])) {
      throw new ExplainError('UNSUPPORTED_OP', `Pad ${node.name} computes its fill value from the image; only a constant value is supported.`);
    }
    const xs = ctx.shape(node.inputs[0]);
    const pads = tensorToNumbers(padsT);
    const r = xs.length;
    if (pads.some((p) => p < 0) || pads[0] !== 0 || pads[r] !== 0) {
      throw new ExplainError('UNSUPPORTED_OP', `Pad ${node.name} crops or pads the batch axis, which is not supported.`);
    }
    const starts = pads.slice(0, r);
    const ends = starts.map((s, i) => (i === 0 ? Number.MAX_SAFE_INTEGER : s + xs[i]));
    return [ctx.b.op('Slice', [g, ctx.b.int64s(starts), ctx.b.int64s(ends)])];
  },
};
