/**
 * The adjoint of a strided 1x1 convolution (ResNet's downsample shortcuts): the transposed 1x1 convolution at
 * the output's resolution, its values placed every s-th row and column and zeros between. The polyphase form
 * would run a convolution with s*s times the channels, all but one phase of them zero, for the same result.
 * Equal strides only (DepthToSpace has one block size); others take the polyphase or ConvTranspose path.
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
    geom.strides[0] === geom.strides[1] &&
    geom.strides[0] > 1
  );
}

export function stridedPointwiseInputGrad(ctx: BackwardContext, grad: string, w: ConstTensor, geom: WindowGeometry, inSpatial: number[], outSpatial: number[]): string {
  const b = ctx.b;
  const s = geom.strides[0];
  const C = w.dims[1];
  const back = b.op('Conv', [grad, b.constant(flipKernel(w, 1), 'flipped_kernel')], { kernel_shape: A.ints([1, 1]) });
  // The values as the first of s*s phases and zero channels for the others, interleaved by DepthToSpace: both
  // contiguous copies (a Pad spreading them along the spatial axes was 3x slower).
  const phases = b.op('Pad', [back, b.int64s([0, 0, 0, 0, 0, (s * s - 1) * C, 0, 0])]);
  const full = b.op('DepthToSpace', [phases], { blocksize: A.int(s), mode: A.str('DCR') });
  if (outSpatial[0] * s === inSpatial[0] && outSpatial[1] * s === inSpatial[1]) return full;
  return b.op('Slice', [full, b.int64s([0, 0]), b.int64s(inSpatial), b.int64s([2, 3])]);
}
