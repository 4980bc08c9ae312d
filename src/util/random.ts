/**
 * A small seeded generator, so that SmoothGrad noise and noise baselines are reproducible across runs and
 * platforms (Math.random cannot be seeded).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
}

/** mulberry32 (32-bit state, good enough statistics for noise); the seed is taken modulo 2^32. */
export function createRng(seed: number): Rng {
  let state = Math.trunc(seed) >>> 0;
  let spareNormal: number | undefined;

  function uniform(): number {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // Box-Muller yields two independent normals per pair of uniforms; keep the second for the next call.
  function normal(): number {
    if (spareNormal !== undefined) {
      const value = spareNormal;
      spareNormal = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - uniform())); // 1 - u is in (0, 1], so the log is finite
    const angle = 2 * Math.PI * uniform();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  return { uniform, normal };
}
