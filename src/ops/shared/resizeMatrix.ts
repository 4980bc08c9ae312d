/**
 * Resize along one axis as a matrix A [out, in] (y = A x): where each output element samples the input, by
 * the ONNX Resize rules as onnxruntime computes them (float32 coordinates). Nearest picks one element, linear
 * two (the coordinate clamped to the axis first, as onnxruntime does). Resize is linear in its input, so
 * A^T carries the signal back exactly.
 */
import { ExplainError } from '../../errors';

export type ResizeMode = 'nearest' | 'linear';
export type CoordinateMode = 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_half_pixel_for_nn';
export type NearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';

export const COORDINATE_MODES: readonly string[] = ['half_pixel', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn'];
export const NEAREST_MODES: readonly string[] = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

const f = Math.fround;

/** The input coordinate an output index samples (ONNX's coordinate_transformation_mode), in float32. */
export function originalCoordinate(mode: CoordinateMode, i: number, scale: number, inLen: number, outLen: number): number {
  switch (mode) {
    case 'half_pixel':
      return f(f(f(i + 0.5) / scale) - 0.5);
    case 'pytorch_half_pixel':
      return outLen > 1 ? f(f(f(i + 0.5) / scale) - 0.5) : 0;
    case 'align_corners':
      return outLen === 1 ? 0 : f(f(i * f(inLen - 1)) / f(outLen - 1));
    case 'asymmetric':
      return f(i / scale);
    case 'tf_half_pixel_for_nn':
      return f(f(i + 0.5) / scale);
  }
}

function nearestIndex(mode: NearestMode, x: number): number {
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil':
      // Halves away from zero, as C's round.
      return Math.sign(x) * Math.round(Math.abs(x));
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
  }
}

/** A [outLen, inLen], row-major. `scale` is out/in as onnxruntime uses it (given, or sizes / input length). */
export function resizeMatrix(
  opts: { mode: ResizeMode; coordinates: CoordinateMode; nearest: NearestMode },
  inLen: number,
  outLen: number,
  scale: number,
): Float32Array {
  if (!(scale > 0)) throw new ExplainError('UNSUPPORTED_OP', `Resize scale ${scale} is not positive.`);
  const a = new Float32Array(outLen * inLen);
  const clampIndex = (k: number) => Math.min(inLen - 1, Math.max(0, k));
  for (let i = 0; i < outLen; i++) {
    const x = originalCoordinate(opts.coordinates, i, scale, inLen, outLen);
    if (opts.mode === 'nearest') {
      a[i * inLen + clampIndex(nearestIndex(opts.nearest, x))] = 1;
      continue;
    }
    const c = Math.min(inLen - 1, Math.max(0, x));
    const lo = Math.min(Math.trunc(c), inLen - 1);
    const hi = Math.min(lo + 1, inLen - 1);
    if (lo === hi) {
      a[i * inLen + lo] = 1;
      continue;
    }
    a[i * inLen + lo] += f(hi - c);
    a[i * inLen + hi] += f(c - lo);
  }
  return a;
}

export function isIdentity(a: Float32Array, n: number): boolean {
  return a.length === n * n && a.every((v, k) => v === (k % (n + 1) === 0 ? 1 : 0));
}
