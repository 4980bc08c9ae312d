/**
 * Which compiled variants to release before another is compiled. Each onnxruntime session holds about 2.3x
 * its graph's weights (the initializers, their prepacked copies, the arena), and a compiled graph carries the
 * forward's weights and the backward's: a ResNet-18 variant (94 MB of weights) costs ~240 MB. Keeping two of
 * them put the gradient methods' peak at 1.10 GB and the relevance methods' at 1.42 GB (measured with the
 * weights collected before each session is made); one at a time, 0.80 and ~1.0 GB. Small models (SqueezeNet's
 * variants weigh ~10 MB) keep several, so switching methods in the view does not recompile.
 */

/** Most variants kept per model and input size, whatever their weight. */
export const MAX_VARIANTS = 4;
/** Most bytes of weights held by the kept variants together with the one about to be compiled. */
export const WEIGHT_BUDGET = 128 * 2 ** 20;

/**
 * Keys to release, least recently used first, so that at most `max - 1` remain and their weights plus
 * `incoming` fit the budget. `kept` is in recency order, oldest first.
 */
export function variantsToRelease(kept: { key: string; weightBytes: number }[], incoming: number, budget = WEIGHT_BUDGET, max = MAX_VARIANTS): string[] {
  let total = kept.reduce((a, v) => a + v.weightBytes, 0) + incoming;
  const out: string[] = [];
  for (const v of kept) {
    if (kept.length - out.length < max && total <= budget) break;
    out.push(v.key);
    total -= v.weightBytes;
  }
  return out;
}
