/** k-means (Lloyd) from seeded k-means++ starts, the best of several restarts: reproducible for a seed. */
import { createRng } from '../util/random';

const RESTARTS = 10;
const MAX_ITERATIONS = 100;

/** `points`: rows of equal length. The cluster of each point, numbered by first appearance (so equal partitions get equal numbers). */
export function kmeans(points: Float64Array[], k: number, seed = 0): number[] {
  const n = points.length;
  if (k <= 1 || n <= k) return points.map((_, i) => (k <= 1 ? 0 : i));
  const rng = createRng(seed);
  let best: { assignment: number[]; inertia: number } | undefined;
  for (let r = 0; r < RESTARTS; r++) {
    const run = lloyd(points, plusPlus(points, k, rng.uniform), k);
    if (!best || run.inertia < best.inertia - 1e-12) best = run;
  }
  return renumber(best!.assignment);
}

function dist2(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
}

/** Arthur and Vassilvitskii's seeding: each next centre drawn with probability proportional to the squared distance to the nearest chosen. */
function plusPlus(points: Float64Array[], k: number, uniform: () => number): Float64Array[] {
  const centres = [Float64Array.from(points[Math.floor(uniform() * points.length)])];
  const near = points.map((p) => dist2(p, centres[0]));
  while (centres.length < k) {
    const total = near.reduce((a, b) => a + b, 0);
    let pick = 0;
    if (total > 0) {
      let u = uniform() * total;
      while (pick < points.length - 1 && (u -= near[pick]) > 0) pick++;
    } else {
      pick = Math.floor(uniform() * points.length);
    }
    centres.push(Float64Array.from(points[pick]));
    points.forEach((p, i) => (near[i] = Math.min(near[i], dist2(p, centres[centres.length - 1]))));
  }
  return centres;
}

function lloyd(points: Float64Array[], centres: Float64Array[], k: number): { assignment: number[]; inertia: number } {
  const dim = points[0].length;
  const assignment = new Array<number>(points.length).fill(-1);
  for (let it = 0; it < MAX_ITERATIONS; it++) {
    let changed = false;
    points.forEach((p, i) => {
      let c = 0;
      for (let j = 1; j < k; j++) if (dist2(p, centres[j]) < dist2(p, centres[c])) c = j;
      if (c !== assignment[i]) {
        assignment[i] = c;
        changed = true;
      }
    });
    if (!changed) break;
    const sums = Array.from({ length: k }, () => new Float64Array(dim));
    const counts = new Array<number>(k).fill(0);
    points.forEach((p, i) => {
      counts[assignment[i]]++;
      for (let t = 0; t < dim; t++) sums[assignment[i]][t] += p[t];
    });
    // An emptied cluster keeps its centre (it may win points back next round).
    for (let j = 0; j < k; j++) if (counts[j]) centres[j] = sums[j].map((s) => s / counts[j]);
  }
  const inertia = points.reduce((a, p, i) => a + dist2(p, centres[assignment[i]]), 0);
  return { assignment, inertia };
}

function renumber(assignment: number[]): number[] {
  const ids = new Map<number, number>();
  return assignment.map((c) => {
    if (!ids.has(c)) ids.set(c, ids.size);
    return ids.get(c)!;
  });
}
