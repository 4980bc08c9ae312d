/**
 * Conv backward to its input. Stride 1 with constant weights: a Conv with the kernel flipped and its
 * in/out channels swapped per group (measured clearly faster in onnxruntime than ConvTranspose, which has
 * no NCHWc or depthwise fast path). Strided 2-D with constant weights: the polyphase form (one Conv and a
 * DepthToSpace). Otherwise: ConvTranspose sized to the input.
 */
import { ExplainError } from '../errors';
import { type ConstTensor, type IRNode, attrInt, floatTensor } from '../onnx/ir';
import { A } from '../compile/builder';
import type { BackwardContext, OpBackward } from './rule';
import { windowGeometry, type WindowGeometry } from './shared/geometry';
import { convTransposeTo } from './shared/convTranspose';
import { polyphaseApplies, polyphaseInputGrad } from './shared/polyphase';

export function convGeometry(node: IRNode, ctx: BackwardContext): { geom: WindowGeometry; group: number; inSpatial: number[]; outSpatial: number[] } {
  const xs = ctx.shape(node.inputs[0]);
  const ws = ctx.constant(node.inputs[1])?.dims ?? ctx.shape(node.inputs[1]);
  const inSpatial = xs.slice(2);
  return {
    geom: windowGeometry(node, inSpatial, ws.slice(2)),
    group: attrInt(node, 'group', 1),
    inSpatial,
    outSpatial: ctx.shape(node.outputs[0]).slice(2),
  };
}

/** W [M, C/g, k...] -> W' [C, M/g, flipped k...]: the kernel of the adjoint stride-1 convolution. */
export function flipKernel(w: ConstTensor, group: number): ConstTensor {
  const [M, Cg, ...k] = w.dims;
  const Mg = M / group;
  const K = k.reduce((a, b) => a * b, 1);
  const src = w.data as Float32Array;
  const out = new Float32Array(src.length);
  // Output-major: the writes run in order and the reads stride (writes far apart cost more: 5.7 -> 3.6 ns a value).
  for (let g = 0; g < group; g++)
    for (let c = 0; c < Cg; c++)
      for (let m = 0; m < Mg; m++) {
        const from = ((g * Mg + m) * Cg + c) * K;
        const to = ((g * Cg + c) * Mg + m) * K;
        for (let i = 0; i < K; i++) out[to + K - 1 - i] = src[from + i];
      }
  return floatTensor(out, [Cg * group, Mg, ...k]);
}

export function convInputGrad(node: IRNode, gradOut: string, ctx: BackwardContext, weight: string, weightValue?: ConstTensor): string {
  const { geom, group, inSpatial, outSpatial } = convGeometry(node, ctx);
  const d = inSpatial.length;
  const flippedPads = geom.pads.map((p, i) => geom.dilations[i % d] * (geom.kernel[i % d] - 1) - p);
  if (weightValue && geom.strides.every((s) => s === 1) && flippedPads.every((p) => p >= 0)) {
    return ctx.b.op('Conv', [gradOut, ctx.b.constant(ctx.derived(weightValue.data, `flipped/${group}/${weightValue.dims}`, () => flipKernel(weightValue, group)), 'flipped_kernel')], {
      kernel_shape: A.ints(geom.kernel),
      dilations: A.ints(geom.dilations),
      pads: A.ints(flippedPads),
      group: A.int(group),
    });
  }
  if (weightValue && polyphaseApplies(geom, group)) return polyphaseInputGrad(ctx, gradOut, weightValue, geom, inSpatial, outSpatial);
  return convTransposeTo(ctx, gradOut, weight, geom, group, inSpatial, outSpatial);
}

export const Conv: OpBackward = {
  opType: 'Conv',
  backward(node, gradOut, ctx) {
    if (ctx.needsGrad(node.inputs[1])) {
      throw new ExplainError('UNSUPPORTED_OP', `Conv ${node.name} computes its weights from the image; only constant weights are supported.`);
    }
    // A bias [M] computed from the image has no batch axis (it mixes the batch's images) and would
    // otherwise lose its signal silently: refused like image-dependent weights.
    if (node.inputs[2] && ctx.needsGrad(node.inputs[2])) {
      throw new ExplainError('UNSUPPORTED_OP', `Conv ${node.name} computes its bias from the image; only a constant bias is supported.`);
    }
    const w = ctx.constant(node.inputs[1]);
    return [ctx.needsGrad(node.inputs[0]) ? convInputGrad(node, gradOut, ctx, node.inputs[1], w) : undefined];
  },
};
