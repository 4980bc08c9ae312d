/**
 * Kernel SHAP's coalitions for a budget below 2^M, as the SHAP package's KernelExplainer draws them: the sizes
 * k and M - k form one group, with the Shapley kernel's mass (M - 1) / (k (M - k)) for each; groups are taken
 * from the smallest k (the heaviest) while the budget's share of the remaining mass pays for all their
 * coalitions, which then enter with their exact weight; the rest of the budget is drawn at random from the
 * other groups (a size by its mass, then k features at random, with its complement), and those draws share
 * the mass left. Paired draws and complete small sizes cut the variance far below plain sampling.
 */
import { type Rng, shuffled } from '../../util/random';

export interface KernelSamples {
  coalitions: Uint8Array[];
  weights: Float64Array;
  /** Sizes k (with M - k) whose coalitions are all in. */
  completeSizes: number;
}

export function kernelSamples(m: number, budget: number, rng: Rng): KernelSamples {
  const groups = Math.ceil((m - 1) / 2);
  const paired = (k: number) => k <= Math.floor((m - 1) / 2);
  const mass = Array.from({ length: groups }, (_, i) => ((m - 1) / ((i + 1) * (m - i - 1))) * (paired(i + 1) ? 2 : 1));
  const total = mass.reduce((a, b) => a + b, 0);
  for (let i = 0; i < groups; i++) mass[i] /= total;
  const coalitions: Uint8Array[] = [];
  const weights: number[] = [];
  let left = budget;
  let share = 1;
  let complete = 0;
  for (let k = 1; k <= groups; k++) {
    const count = choose(m, k) * (paired(k) ? 2 : 1);
    if ((left * mass[k - 1]) / share / count < 1 - 1e-8) break;
    for (const z of subsets(m, k)) {
      coalitions.push(z);
      weights.push(mass[k - 1] / count);
      if (paired(k)) {
        coalitions.push(z.map((v) => 1 - v));
        weights.push(mass[k - 1] / count);
      }
    }
    left -= count;
    share -= mass[k - 1];
    complete = k;
  }
  const drawn = coalitions.length;
  if (complete < groups && left > 0) {
    // A draw of a paired size adds two coalitions: its mass per draw is half.
    const rest = mass.slice(complete).map((w, i) => (paired(complete + 1 + i) ? w / 2 : w));
    const restTotal = rest.reduce((a, b) => a + b, 0);
    while (left > 0) {
      let u = rng.uniform() * restTotal;
      let i = 0;
      while (i < rest.length - 1 && u >= rest[i]) u -= rest[i++];
      const k = complete + 1 + i;
      const z = randomSubset(m, k, rng);
      coalitions.push(z);
      left--;
      if (paired(k) && left > 0) {
        coalitions.push(z.map((v) => 1 - v));
        left--;
      }
    }
    const each = share / (coalitions.length - drawn);
    for (let r = drawn; r < coalitions.length; r++) weights.push(each);
  }
  return { coalitions, weights: Float64Array.from(weights), completeSizes: complete };
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return Math.round(c);
}

/** Every subset of k of m features as a mask, in lexicographic order of their indices. */
function* subsets(m: number, k: number): Generator<Uint8Array> {
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    const z = new Uint8Array(m);
    for (const i of idx) z[i] = 1;
    yield z;
    let j = k - 1;
    while (j >= 0 && idx[j] === m - k + j) j--;
    if (j < 0) return;
    idx[j]++;
    for (let t = j + 1; t < k; t++) idx[t] = idx[t - 1] + 1;
  }
}

/** k distinct features at random: the first k of a random order. */
function randomSubset(m: number, k: number, rng: Rng): Uint8Array {
  const z = new Uint8Array(m);
  const order = shuffled(m, rng);
  for (let i = 0; i < k; i++) z[order[i]] = 1;
  return z;
}
