/**
 * XRAI's region ranking (Kapishnikov et al. 2019, as the PAIR saliency library's _xrai): start from an empty
 * mask; repeatedly add the candidate region with the highest gain, the mean attribution over its pixels not yet
 * in the mask, dropping regions that add fewer than `minNewPixels`; each newly covered pixel takes the gain of
 * the region that covered it. Pixels no region covers take the mean attribution of all of them.
 */
export interface XraiRanking {
  /** Per pixel, the gain of the region that added it. */
  map: Float64Array;
  /** Per pixel, the step at which it was added (0 first); pixels left over are the last step. */
  step: Int32Array;
  steps: number;
}

export function rankRegions(attr: ArrayLike<number>, regions: Int32Array[], minNewPixels: number): XraiRanking {
  const n = attr.length;
  const covered = new Uint8Array(n);
  const map = new Float64Array(n);
  const step = new Int32Array(n).fill(-1);
  let remaining = regions.map((_, i) => i);
  let steps = 0;
  let coveredCount = 0;
  while (remaining.length && coveredCount < n) {
    let best = -1;
    let bestGain = -Infinity;
    const kept: number[] = [];
    for (const r of remaining) {
      let sum = 0;
      let fresh = 0;
      for (const p of regions[r]) {
        if (covered[p]) continue;
        sum += attr[p];
        fresh++;
      }
      if (fresh < minNewPixels) continue;
      kept.push(r);
      if (sum / fresh > bestGain) [best, bestGain] = [r, sum / fresh];
    }
    remaining = kept.filter((r) => r !== best);
    if (best < 0) break;
    for (const p of regions[best]) {
      if (covered[p]) continue;
      covered[p] = 1;
      map[p] = bestGain;
      step[p] = steps;
      coveredCount++;
    }
    steps++;
  }
  if (coveredCount < n) {
    let sum = 0;
    for (let p = 0; p < n; p++) if (!covered[p]) sum += attr[p];
    for (let p = 0; p < n; p++) {
      if (covered[p]) continue;
      map[p] = sum / (n - coveredCount);
      step[p] = steps;
    }
    steps++;
  }
  return { map, step, steps };
}
