/**
 * Shapley value sampling (Strumbelj and Kononenko 2014; Captum's ShapleyValueSampling): `samples` random
 * orders of the features; along each, start from the baseline (every feature filled) and add the features one
 * by one: a feature's value is its mean score gain on being added. Each order telescopes to f(x) -
 * f(baseline), so the values always sum to it. 1 + samples (M - 1) forward passes for M features (the last
 * step of every order is the input itself); when that would pay for all 2^M coalitions, every coalition is
 * scored instead and the exact Shapley values are returned.
 */
import { coalitionScores, enumerates, shapleyFromCoalitions } from './blackbox/coalitions';
import { featureMethod, featureOutput, maskedScores } from './blackbox/featureRun';
import { shuffled } from '../util/random';

export const shapleySampling = featureMethod(
  {
    name: 'shapley-sampling',
    title: 'Shapley value sampling',
    description: 'Each feature\'s mean score gain when added to the baseline in random orders (forward passes only, any model).',
    features: 'grid:6',
    samples: 10,
  },
  async (ctx, run) => {
    const m = run.masker.count;
    const sampled = 1 + run.samples * (m - 1);
    if (enumerates(m, sampled)) {
      const f = await coalitionScores(ctx, run);
      const phi = shapleyFromCoalitions(f, m);
      return featureOutput(run, phi, 2 ** m - 1, [`Exact Shapley values: all ${2 ** m} coalitions scored (${run.samples} orders would have cost as much).`, sumNote(phi, run.fx, f[0])]);
    }
    const orders = Array.from({ length: run.samples }, () => shuffled(m, run.rng));
    // Input 0 is the baseline; then order p's first j + 1 features kept, j = 0..M-2.
    const scores = await maskedScores(ctx, run, sampled, (i) => {
      const kept = new Uint8Array(m);
      if (i === 0) return kept;
      const p = Math.floor((i - 1) / (m - 1));
      const j = (i - 1) % (m - 1);
      for (let k = 0; k <= j; k++) kept[orders[p][k]] = 1;
      return kept;
    });
    const phi = new Float64Array(m);
    for (let p = 0; p < orders.length; p++) {
      let before = scores[0];
      for (let j = 0; j < m; j++) {
        const after = j === m - 1 ? run.fx : scores[1 + p * (m - 1) + j];
        phi[orders[p][j]] += (after - before) / orders.length;
        before = after;
      }
    }
    return featureOutput(run, phi, sampled, [`${run.samples} random orders of the ${m} features.`, sumNote(phi, run.fx, scores[0])]);
  },
);

/** Efficiency, stated: the values' sum against f(x) - f(baseline). */
export function sumNote(phi: ArrayLike<number>, fx: number, f0: number): string {
  return `The feature values sum to ${sumOf(phi).toPrecision(6)}; f(x) - f(baseline) = ${(fx - f0).toPrecision(6)}.`;
}

function sumOf(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}
