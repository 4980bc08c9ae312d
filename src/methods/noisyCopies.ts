/**
 * SmoothGrad's noisy copies of the input (Smilkov et al. 2017), shared by SmoothGrad, VarGrad and SquareGrad:
 * Gaussian noise whose standard deviation is `sigma` times the input's value range, drawn in order up front
 * so that a given seed gives the same noise whatever the chunk size.
 */
import { ExplainError } from '../errors';
import { createRng } from '../util/random';

export interface NoisyCopies {
  samples: Float32Array[];
  /** The noise, said once for the result's notes. */
  note: string;
}

export function checkNoise(n: number, sigma: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ExplainError('BAD_ARGUMENT', `samples must be a positive integer (got ${n}).`);
  if (!(sigma >= 0)) throw new ExplainError('BAD_ARGUMENT', `sigma must be >= 0 (got ${sigma}).`);
}

export function noisyCopies(x: Float32Array, n: number, sigma: number, seed: number): NoisyCopies {
  checkNoise(n, sigma);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const std = sigma * (hi - lo);
  const rng = createRng(seed);
  const samples = Array.from({ length: n }, () => {
    const sample = new Float32Array(x.length);
    rng.noisy(sample, x, std);
    return sample;
  });
  return { samples, note: `Noise: N(0, ${std.toPrecision(3)}) (sigma ${sigma} of the input range ${(hi - lo).toPrecision(4)}), ${n} samples.` };
}
