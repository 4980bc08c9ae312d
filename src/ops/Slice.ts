/**
 * Slice (ShuffleNet's channel split, Swin's roll and strided patch merging, ViT's qkv pieces): the signal of the
 * kept elements goes back to their places, zero elsewhere, axis by axis. Any axes and steps (negative ones
 * reverse the signal first), with starts, ends, axes and steps constant (shape arithmetic is folded to
 * constants before compiling). The batch axis may only be kept whole.
 */
import { ExplainError } from '../errors';
import type { OpBackward } from './rule';
import { batchAxis, constantInts, placeEvenly } from './shared/place';

/** Beyond any axis: "to the end" in torch's exports (INT64_MAX), clamped by Slice. */
const TO_THE_END = 2 ** 31;

export const Slice: OpBackward = {
  opType: 'Slice',
  backward(node, g, ctx) {
    const [x] = node.inputs;
    const xs = ctx.shape(x);
    const rank = xs.length;
    const starts = constantInts(ctx, node, 1, 'starts')!;
    const ends = constantInts(ctx, node, 2, 'ends')!;
    const axes = (constantInts(ctx, node, 3, 'axes') ?? starts.map((_, i) => i)).map((a) => (a < 0 ? a + rank : a));
    const steps = constantInts(ctx, node, 4, 'steps') ?? starts.map(() => 1);
    const ys = ctx.shape(node.outputs[0]);
    const free = ctx.freeShape(node.outputs[0]);
    const batch = batchAxis(ctx, x);
    let signal = g;
    axes.forEach((axis, i) => {
      const [dim, step] = [xs[axis], steps[i]];
      if (axis === batch) {
        if (starts[i] === 0 && ends[i] >= TO_THE_END && step === 1) return;
        throw new ExplainError('UNSUPPORTED_OP', `Slice ${node.name} cuts the batch axis, which is not supported.`);
      }
      const norm = (v: number) => (v < 0 ? v + dim : v);
      const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
      const start = step > 0 ? clamp(norm(starts[i]), 0, dim) : clamp(norm(starts[i]), 0, dim - 1);
      const end = step > 0 ? clamp(norm(ends[i]), 0, dim) : clamp(norm(ends[i]), -1, dim - 1);
      const count = Math.max(0, Math.ceil((end - start) / step));
      if (count !== ys[axis]) throw new ExplainError('INTERNAL', `Slice ${node.name}: axis ${axis} keeps ${count} elements by the ONNX rules, ${ys[axis]} by onnxruntime.`);
      if (count === 0) throw new ExplainError('UNSUPPORTED_OP', `Slice ${node.name} keeps nothing of axis ${axis}.`);
      if (step < 0) {
        // Reversed, the kept elements run upwards from the lowest one with stride -step.
        signal = ctx.b.op('Slice', [signal, ctx.b.int64s([-1]), ctx.b.int64s([-(2 ** 53)]), ctx.b.int64s([axis]), ctx.b.int64s([-1])]);
        signal = placeEvenly(ctx, signal, free, axis, start + (count - 1) * step, -step, count, dim);
      } else {
        signal = placeEvenly(ctx, signal, free, axis, start, step, count, dim);
      }
    });
    return [signal, ...node.inputs.slice(1).map(() => undefined)];
  },
};
