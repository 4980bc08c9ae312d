/**
 * The adjoint of a strided 2-D convolution as ONE stride-1 Conv plus DepthToSpace (the polyphase
 * decomposition): input row y receives kernel taps ky = (y + pad) mod s + s*t only, so each of the s*s
 * output phases is a stride-1 correlation of the signal with a sub-kernel of the flipped weights. Stacking
 * the phases as output channels lets onnxruntime use its fast NCHWc convolution; ConvTranspose has no fast
 * path and cost ResNet-18's 7x7/2 stem alone about 1.5 forward passes.
 * Where each phase has channels enough to fill the blocked layout's 16-channel blocks, every phase runs as its
 * own convolution with its own sub-kernel: a 3x3/2 kernel's phases have 2x2, 2x1, 1x2 and 1x1 taps, which
 * one stacked convolution pads to 2x2 each (16 taps for 9: ResNet-18's strided adjoints 1.8x their work).
 * A few channels (the image's three) stay stacked: an NCHWc convolution pads its outputs to a block.
 */
import { A } from '../../compile/builder';
import { type ConstTensor, floatTensor } from '../../onnx/ir';
import type { BackwardContext } from '../rule';
import type { WindowGeometry } from './geometry';

/** Phase (ry, rx)'s sub-kernel of the flipped weights, [C, M, ny, nx]: K[c, m, a, b] = W[m, c, ry + s*(ny-1-a), rx + s*(nx-1-b)]. */
export function phaseKernel(w: ConstTensor, s: number, ry: number, rx: number): ConstTensor {
  const [M, C, kh, kw] = w.dims;
  const [ny, nx] = [Math.max(0, Math.ceil((kh - ry) / s)), Math.max(0, Math.ceil((kw - rx) / s))];
  const src = w.data as Float32Array;
  const out = new Float32Array(C * M * ny * nx);
  for (let c = 0; c < C; c++)
    for (let m = 0; m < M; m++)
      for (let a = 0; a < ny; a++)
        for (let b = 0; b < nx; b++) out[((c * M + m) * ny + a) * nx + b] = src[((m * C + c) * kh + ry + s * (ny - 1 - a)) * kw + rx + s * (nx - 1 - b)];
  return floatTensor(out, [C, M, ny, nx]);
}

/**
 * The first `phases` phases' sub-kernels stacked as output channels (all s*s by default), each padded at its
 * start to the largest one's T x T taps: W'[(ry*s + rx)*C + c, m, a, b], zero where the phase has no tap.
 */
export function phaseKernels(w: ConstTensor, s: number, phases = s * s): ConstTensor {
  const [M, C] = w.dims;
  const [Ty, Tx] = [Math.ceil(w.dims[2] / s), Math.ceil(w.dims[3] / s)];
  const out = new Float32Array(phases * C * M * Ty * Tx);
  for (let p = 0; p < phases; p++) {
    const k = phaseKernel(w, s, Math.floor(p / s), p % s);
    const [ny, nx] = [k.dims[2], k.dims[3]];
    const src = k.data as Float32Array;
    const base = p * C * M;
    for (let cm = 0; cm < C * M; cm++)
      for (let a = 0; a < ny; a++)
        for (let b = 0; b < nx; b++) out[((base + cm) * Ty + Ty - ny + a) * Tx + Tx - nx + b] = src[(cm * ny + a) * nx + b];
  }
  return floatTensor(out, [phases * C, M, Ty, Tx]);
}

/** Whether the polyphase form applies: 2-D, one group, no dilation, equal strides (DepthToSpace's block). */
export function polyphaseApplies(geom: WindowGeometry, group: number): boolean {
  return geom.kernel.length === 2 && group === 1 && geom.dilations.every((d) => d === 1) && geom.strides[0] === geom.strides[1] && geom.strides[0] > 1;
}

export function polyphaseInputGrad(ctx: BackwardContext, grad: string, w: ConstTensor, geom: WindowGeometry, inSpatial: number[], outSpatial: number[]): string {
  const b = ctx.b;
  const s = geom.strides[0];
  // Phase q covers input rows s*q - pad .. s*q - pad + s - 1; enough phases to reach the last input row.
  const Q = inSpatial.map((n, i) => Math.ceil((n + geom.pads[i]) / s));
  const padEnd = Q.map((q, i) => Math.max(0, q - outSpatial[i]));
  const C = w.dims[1];
  // Apart only where the phases' taps differ (a kernel side not a multiple of the stride) and none is empty.
  const [kh, kw] = [w.dims[2], w.dims[3]];
  const apart = C % NCHWC_BLOCK === 0 && kh >= s && kw >= s && (kh % s !== 0 || kw % s !== 0);
  const phases = apart ? phasesApart(ctx, grad, w, s, padEnd) : phasesStacked(ctx, grad, w, s, padEnd);
  const full = b.op('DepthToSpace', [phases], { blocksize: A.int(s), mode: A.str('DCR') });
  // The interleaved phases span s * (out + padEnd) rows from row -pad: cropped to the input unless exactly it.
  if (geom.pads[0] === 0 && geom.pads[1] === 0 && outSpatial.every((o, i) => (o + padEnd[i]) * s === inSpatial[i])) return full;
  const starts = [0, 0, geom.pads[0], geom.pads[1]];
  const ends = [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, geom.pads[0] + inSpatial[0], geom.pads[1] + inSpatial[1]];
  return b.op('Slice', [full, b.int64s(starts), b.int64s(ends)]);
}

/** onnxruntime's blocked convolutions work on blocks of 16 channels (AVX-512; 8 on AVX2). */
const NCHWC_BLOCK = 16;

/** One convolution per phase with its exact sub-kernel, the results concatenated in phase order. */
function phasesApart(ctx: BackwardContext, grad: string, w: ConstTensor, s: number, padEnd: number[]): string {
  const convs: string[] = [];
  for (let ry = 0; ry < s; ry++)
    for (let rx = 0; rx < s; rx++) {
      const k = phaseKernel(w, s, ry, rx);
      const [ny, nx] = [k.dims[2], k.dims[3]];
      // Its ny x nx taps are the last of the stacked form's T x T, so ny - 1 rows of start padding (not T - 1)
      // give the same output rows.
      convs.push(ctx.b.op('Conv', [grad, ctx.b.constant(k, 'phase_kernel')], { kernel_shape: A.ints([ny, nx]), pads: A.ints([ny - 1, nx - 1, ...padEnd]) }));
    }
  return ctx.b.op('Concat', convs, { axis: A.int(1) });
}

/** All phases as one convolution (phaseKernels), phases past the kernel's taps appended as zero channels. */
function phasesStacked(ctx: BackwardContext, grad: string, w: ConstTensor, s: number, padEnd: number[]): string {
  const b = ctx.b;
  const [kh, kw] = [w.dims[2], w.dims[3]];
  const T = [Math.ceil(kh / s), Math.ceil(kw / s)];
  // Phase (ry, rx) has taps only where ry < kh and rx < kw: a strided 1x1 kernel, as in ResNet's shortcuts,
  // reaches only the first of s*s. The trailing phases without taps are not convolved but appended as zero channels.
  let live = s * s;
  while (live > 1 && (Math.floor((live - 1) / s) >= kh || (live - 1) % s >= kw)) live--;
  const C = w.dims[1];
  const conv = b.op('Conv', [grad, b.constant(ctx.derived(w.data, `phases/${s}/${live}/${w.dims}`, () => phaseKernels(w, s, live)), 'phase_kernels')], {
    kernel_shape: A.ints(T),
    pads: A.ints([T[0] - 1, T[1] - 1, ...padEnd]),
  });
  return live < s * s ? b.op('Pad', [conv, b.int64s([0, 0, 0, 0, 0, (s * s - live) * C, 0, 0])]) : conv;
}
