/**
 * The adjoint of a strided 1x1 convolution (ResNet's downsample shortcuts): the transposed 1x1 convolution at
 * the output's resolution, its values placed every s-th row and column and zeros between. The polyphase form
 * would run a convolution with s*s times the channels, all but one phase of them zero, for the same result.
 */
import { A } from '../../compile/builder';
import type { ConstTensor } from '../../onnx/ir';
import type { BackwardContext } from '../rule';
import type { WindowGeometry } from './geometry';
import { flipKernel } from '../Conv';

export function stridedPointwiseApplies(geom: WindowGeometry, group: number): boolean {
  return (
    geom.kernel.length === 2 &&
    geom.kernel.every((k) => k === 1) &&
    group === 1 &&
    geom.pads.every((p) => p === 0) &&
    geom.strides.some((s) => s > 1)
  );
}

export function stridedPointwiseInputGrad(ctx: BackwardContext, grad: string, w: ConstTensor, geom: WindowGeometry, inSpatial: number[], outSpatial: number[]): string {
  const b = ctx.b;
  const [sy, sx] = geom.strides;
  const [oh, ow] = outSpatial;
  const C = w.dims[1];
  const back = b.op('Conv', [grad, b.constant(flipKernel(w, 1), 'flipped_kernel')], { kernel_shape: A.ints([1, 1]) });
  // [N, C, oh, 1, ow, 1] padded to [N, C, oh, sy, ow, sx]: each value followed by s - 1 zeros along each axis.
  const spread = b.op('Pad', [b.op('Reshape', [back, b.int64s([0, C, oh, 1, ow, 1])]), b.int64s([0, 0, 0, 0, 0, 0, 0, 0, 0, sy - 1, 0, sx - 1])]);
  const full = b.op('Reshape', [spread, b.int64s([0, C, oh * sy, ow * sx])]);
  if (oh * sy === inSpatial[0] && ow * sx === inSpatial[1]) return full;
  return b.op('Slice', [full, b.int64s([0, 0]), b.int64s(inSpatial), b.int64s([2, 3])]);
}
