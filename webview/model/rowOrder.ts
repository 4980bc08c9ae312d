/**
 * The one sort of the view's tables (the layer table and a layer's neuron list): the rows that pass a filter,
 * ordered by a key, ties by row index so the order is stable, missing values (NaN) last. Works on row indices, never row objects,
 * so a layer of tens of thousands of neurons sorts in milliseconds. Pure, tested under node.
 */
export type SortKey = (row: number) => number | string;

export function rowOrder(count: number, keep: (row: number) => boolean, key: SortKey | undefined, descending: boolean): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < count; i++) if (keep(i)) rows.push(i);
  const sign = descending ? -1 : 1;
  rows.sort((a, b) => {
    if (!key) return (a - b) * sign;
    const ka = key(a);
    const kb = key(b);
    if (typeof ka === 'string' || typeof kb === 'string') return collator.compare(String(ka), String(kb)) * sign || a - b;
    // A missing value (NaN: no gap, no activation recorded) goes last either way.
    if (Number.isNaN(ka) || Number.isNaN(kb)) return Number.isNaN(ka) === Number.isNaN(kb) ? a - b : Number.isNaN(ka) ? 1 : -1;
    return (ka - kb) * sign || a - b;
  });
  return Int32Array.from(rows);
}

/** Names with numbers in them ("conv2" before "conv10") sort as people read them. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
