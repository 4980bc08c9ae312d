/** Index of the largest of `length` scores from `offset` (a row of a batch's [n, K] output). */
export function argmax(v: ArrayLike<number>, offset = 0, length = v.length - offset): number {
  let best = 0;
  for (let i = 1; i < length; i++) if (v[offset + i] > v[offset + best]) best = i;
  return best;
}

/** The softmax probability of class `k` in the row of `length` scores from `offset`, computed stably. */
export function softmaxAt(v: ArrayLike<number>, k: number, offset = 0, length = v.length - offset): number {
  let max = -Infinity;
  for (let i = 0; i < length; i++) max = Math.max(max, v[offset + i]);
  let z = 0;
  for (let i = 0; i < length; i++) z += Math.exp(v[offset + i] - max);
  return Math.exp(v[offset + k] - max) / z;
}
