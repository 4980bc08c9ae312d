/**
 * A small seeded generator, so that SmoothGrad noise and noise baselines are reproducible across runs and
 * platforms (Math.random cannot be seeded).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** out[i] = mean[i] + std * normal(), the same draws as calling normal() once per element, in order. */
  noisy(out: Float32Array, mean: ArrayLike<number>, std: number): void;
}

/** mulberry32 (32-bit state, good enough statistics for noise); the seed is taken modulo 2^32. */
export function createRng(seed: number): Rng {
  let state = Math.trunc(seed) >>> 0;
  // The second normal of the last pair, not yet handed out.
  let spare = 0;
  let hasSpare = false;

  function uniform(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // Marsaglia's polar method: two independent normals per point drawn uniformly in the unit disc, with one log
  // and one square root and no sine or cosine (SmoothGrad's noise drew 2.4M normals in 110 ms by Box-Muller,
  // 50 ms this way). The first normal is returned, the second kept in `spare`.
  function pair(): number {
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  function normal(): number {
    if (!hasSpare) return pair();
    hasSpare = false;
    return spare;
  }

  function noisy(out: Float32Array, mean: ArrayLike<number>, std: number): void {
    let i = 0;
    if (hasSpare && out.length > 0) out[i] = mean[i++] + std * normal();
    // Both normals of each pair written in one step.
    for (; i + 1 < out.length; i += 2) {
      out[i] = mean[i] + std * pair();
      out[i + 1] = mean[i + 1] + std * spare;
      hasSpare = false;
    }
    if (i < out.length) out[i] = mean[i] + std * normal();
  }

  return { uniform, normal, noisy };
}
