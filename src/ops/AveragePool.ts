/**
 * Each output is a window mean: the signal is divided by the window's divisor (which varies at the border
 * with count_include_pad=0 and with ceil_mode) and spread over the window by a depthwise ConvTranspose.
 */
import { ExplainError } from '../errors';
import { attrInt, attrInts, floatTensor } from '../onnx/ir';
import type { OpBackward } from './rule';
import { windowGeometry, type WindowGeometry } from './shared/geometry';
import { convTransposeTo } from './shared/convTranspose';

/** Divisor of every output position along one axis. */
function divisors1d(n: number, out: number, k: number, s: number, padBegin: number, padEnd: number, includePad: boolean): number[] {
  return Array.from({ length: out }, (_, o) => {
    const start = o * s - padBegin;
    const end = start + k;
    const lo = includePad ? Math.max(start, -padBegin) : Math.max(start, 0);
    const hi = includePad ? Math.min(end, n + padEnd) : Math.min(end, n);
    return Math.max(1, hi - lo);
  });
}

export function poolDivisors(geom: WindowGeometry, inSpatial: number[], outSpatial: number[], includePad: boolean): Float32Array {
  const d = inSpatial.length;
  const per = inSpatial.map((n, i) => divisors1d(n, outSpatial[i], geom.kernel[i], geom.strides[i], geom.pads[i], geom.pads[i + d], includePad));
  const total = outSpatial.reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  for (let flat = 0; flat < total; flat++) {
    let rest = flat;
    let v = 1;
    for (let i = d - 1; i >= 0; i--) {
      v *= per[i][rest % outSpatial[i]];
      rest = Math.floor(rest / outSpatial[i]);
    }
    out[flat] = 1 / v;
  }
  return out;
}

export const AveragePool: OpBackward = {
  opType: 'AveragePool',
  backward(node, g, ctx) {
    const xs = ctx.shape(node.inputs[0]);
    const ys = ctx.shape(node.outputs[0]);
    const kernel = attrInts(node, 'kernel_shape');
    if (!kernel) throw new ExplainError('UNSUPPORTED_OP', `AveragePool ${node.name} has no kernel_shape.`);
    const geom = windowGeometry(node, xs.slice(2), kernel);
    if (geom.dilations.some((d) => d !== 1)) throw new ExplainError('UNSUPPORTED_OP', `AveragePool ${node.name} with dilations is not supported.`);
    const inv = poolDivisors(geom, xs.slice(2), ys.slice(2), attrInt(node, 'count_include_pad', 0) === 1);
    const scaled = ctx.b.op('Mul', [g, ctx.b.floats(inv, [1, 1, ...ys.slice(2)])]);
    const C = xs[1];
    const ones = ctx.b.constant(floatTensor(new Float32Array(C * kernel.reduce((a, b) => a * b, 1)).fill(1), [C, 1, ...kernel]), 'pool_ones');
    return [convTransposeTo(ctx, scaled, ones, geom, C, xs.slice(2), ys.slice(2))];
  },
};
