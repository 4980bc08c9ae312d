/** "Did you mean": the one candidate within a small edit distance of a mistyped word, if there is one. */

/** Levenshtein distance (insertions, deletions, substitutions), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[y.length];
}

/**
 * The nearest candidate when it is close enough to be a typo (two edits, a swap of neighbours included, or a
 * third of a long word's letters; one for words under four letters), or the only candidate the word starts;
 * undefined otherwise.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word === '') return undefined;
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const allowed = word.length < 4 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return bestD <= allowed ? best : undefined;
}
