/**
 * Exact Shapley values from the scores of every coalition: phi_i = sum over S without i of
 * |S|! (M - |S| - 1)! / M! (f(S + i) - f(S)), with f(S) the score with the features of S kept and the rest
 * filled with the baseline. 2^M forward passes, so only for a few features.
 */
import type { ForwardContext } from '../method';
import { type FeatureRun, maskedScores } from './featureRun';

/** Enumerating needs 2^M - 1 forwards (the full coalition's score is f(x)): at most this many features. */
export const MAX_ENUMERATED = 24;

/** Whether `forwards` passes would pay for every coalition of `m` features. */
export function enumerates(m: number, forwards: number): boolean {
  return m <= MAX_ENUMERATED && forwards >= 2 ** m - 1;
}

/** The coalition of bitmask `s` as a mask (bit k set: feature k kept). */
export function coalitionMask(s: number, m: number): Uint8Array {
  return Uint8Array.from({ length: m }, (_, k) => (s >> k) & 1);
}

/** f(S) for every coalition S by bitmask; the full one is f(x). */
export async function coalitionScores(ctx: ForwardContext, run: FeatureRun): Promise<Float64Array> {
  const m = run.masker.count;
  const full = 2 ** m - 1;
  const scores = await maskedScores(ctx, run, full, (s) => coalitionMask(s, m));
  const out = new Float64Array(full + 1);
  out.set(scores);
  out[full] = run.fx;
  return out;
}

export function shapleyFromCoalitions(f: Float64Array, m: number): Float64Array {
  // weight(s) = s! (m - s - 1)! / m! = 1 / (m * C(m - 1, s)).
  const weight = new Float64Array(m);
  let choose = 1;
  for (let s = 0; s < m; s++) {
    weight[s] = 1 / (m * choose);
    choose = (choose * (m - 1 - s)) / (s + 1);
  }
  const phi = new Float64Array(m);
  for (let s = 0; s < f.length; s++) {
    const size = popcount(s);
    for (let i = 0; i < m; i++) if (!((s >> i) & 1)) phi[i] += weight[size] * (f[s | (1 << i)] - f[s]);
  }
  return phi;
}

export function popcount(s: number): number {
  let n = 0;
  for (let v = s; v; v &= v - 1) n++;
  return n;
}
