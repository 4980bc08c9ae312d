/**
 * The one relative-difference measure of the tests, exported as `relDiff` by ./models and as `relativeMaxError`
 * by ./referencePairs. It has no dependencies, so importing it loads no model runtime.
 */

/**
 * max |a - b| / max |b|: the largest difference relative to the reference's scale. Arrays of different lengths
 * throw. An all-zero reference has no scale: the result is NaN (a equal to it) or Infinity (a not), so no
 * tolerance check passes on it.
 */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}
