/**
 * The adjoint of a strided 2-D convolution as ONE stride-1 Conv plus DepthToSpace (the polyphase
 * decomposition): input row y receives kernel taps ky = (y + pad) mod s + s*t only, so each of the s*s
 * output phases is a stride-1 correlation of the signal with a sub-kernel of the flipped weights. Stacking
 * the phases as output channels lets onnxruntime use its fast NCHWc convolution; ConvTranspose has no fast
 * path and cost ResNet-18's 7x7/2 stem alone about 1.5 forward passes.
 */
import { A } from '../../compile/builder';
import { type ConstTensor, floatTensor } from '../../onnx/ir';
import type { BackwardContext } from '../rule';
import type { WindowGeometry } from './geometry';

/** W'[(ry*s + rx)*C + c, m, a, b] = W[m, c, ry + s*(T-1-a), rx + s*(T-1-b)], zero past the kernel. */
export function phaseKernels(w: ConstTensor, strides: number[]): ConstTensor {
  const [M, C, kh, kw] = w.dims;
  const [sy, sx] = strides;
  const [Ty, Tx] = [Math.ceil(kh / sy), Math.ceil(kw / sx)];
  const src = w.data as Float32Array;
  const out = new Float32Array(sy * sx * C * M * Ty * Tx);
  for (let ry = 0; ry < sy; ry++)
    for (let rx = 0; rx < sx; rx++)
      for (let c = 0; c < C; c++)
        for (let m = 0; m < M; m++)
          for (let a = 0; a < Ty; a++) {
            const ky = ry + sy * (Ty - 1 - a);
            if (ky >= kh) continue;
            for (let b = 0; b < Tx; b++) {
              const kx = rx + sx * (Tx - 1 - b);
              if (kx >= kw) continue;
              out[((((ry * sx + rx) * C + c) * M + m) * Ty + a) * Tx + b] = src[((m * C + c) * kh + ky) * kw + kx];
            }
          }
  return floatTensor(out, [sy * sx * C, M, Ty, Tx]);
}

/** Whether the polyphase form applies: 2-D, one group, no dilation, equal strides (DepthToSpace's block). */
export function polyphaseApplies(geom: WindowGeometry, group: number): boolean {
  return geom.kernel.length === 2 && group === 1 && geom.dilations.every((d) => d === 1) && geom.strides[0] === geom.strides[1] && geom.strides[0] > 1;
}

export function polyphaseInputGrad(ctx: BackwardContext, grad: string, w: ConstTensor, geom: WindowGeometry, inSpatial: number[], outSpatial: number[]): string {
  const b = ctx.b;
  const s = geom.strides[0];
  const T = [Math.ceil(w.dims[2] / s), Math.ceil(w.dims[3] / s)];
  // Phase q covers input rows s*q - pad .. s*q - pad + s - 1; enough phases to reach the last input row.
  const Q = inSpatial.map((n, i) => Math.ceil((n + geom.pads[i]) / s));
  const padEnd = Q.map((q, i) => Math.max(0, q - outSpatial[i]));
  // Phases past the kernel's taps (a strided 1x1 kernel, as in ResNet's shortcuts, reaches only the first of
  // s*s) are all zero: the trailing ones are not convolved but appended as zero channels.
  const kernels = phaseKernels(w, geom.strides);
  const C = w.dims[1];
  const live = livePhases(kernels, s * s, C);
  const conv = b.op('Conv', [grad, b.constant(live < s * s ? firstChannels(kernels, live * C) : kernels, 'phase_kernels')], {
    kernel_shape: A.ints(T),
    pads: A.ints([T[0] - 1, T[1] - 1, ...padEnd]),
  });
  const phases = live < s * s ? b.op('Pad', [conv, b.int64s([0, 0, 0, 0, 0, (s * s - live) * C, 0, 0])]) : conv;
  const full = b.op('DepthToSpace', [phases], { blocksize: A.int(s), mode: A.str('DCR') });
  // The interleaved phases span s * (out + padEnd) rows from row -pad: cropped to the input unless exactly it.
  if (geom.pads[0] === 0 && geom.pads[1] === 0 && outSpatial.every((o, i) => (o + padEnd[i]) * s === inSpatial[i])) return full;
  const starts = [0, 0, geom.pads[0], geom.pads[1]];
  const ends = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, geom.pads[0] + inSpatial[0], geom.pads[1] + inSpatial[1]];
  return b.op('Slice', [full, b.int64s(starts), b.int64s(ends)]);
}

/** How many leading phases (blocks of C output channels) hold a nonzero tap; the rest are zero. */
function livePhases(kernels: ConstTensor, phases: number, C: number): number {
  const data = kernels.data as Float32Array;
  const per = data.length / phases;
  let live = phases;
  while (live > 1 && data.subarray((live - 1) * per, live * per).every((v) => v === 0)) live--;
  return live;
}

/** The first `n` output channels of conv weights. */
function firstChannels(t: ConstTensor, n: number): ConstTensor {
  const per = t.data.length / t.dims[0];
  return floatTensor((t.data as Float32Array).slice(0, n * per), [n, ...t.dims.slice(1)]);
}
