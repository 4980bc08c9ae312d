/**
 * The per-layer relevance table as numbers and as CSV: one row per layer in graph order, then its neurons.
 * Pure, so the extension host writes the CSV export and the webview shows the same shares from one definition.
 */
import type { LayerRecord } from '../protocol';

/** What a table row needs of a layer; LayerRecord and the view's packed layers both provide it. */
export type TableLayer = Pick<LayerRecord, 'name' | 'op' | 'shape' | 'sum' | 'gap' | 'positive' | 'negative'>;

/**
 * A neuron's share of its layer: its relevance over the layer's total magnitude (positive mass minus negative
 * mass). Signed, and the magnitudes of a layer add up to 1, so a share stays meaningful when the signed sum is
 * near zero.
 */
export function neuronShare(relevance: number, layer: Pick<TableLayer, 'positive' | 'negative'>): number {
  const mass = layer.positive - layer.negative;
  return mass > 0 ? relevance / mass : 0;
}

/** A layer's share of all layers' relevance magnitude: its bar in the table. */
export function layerShares(layers: readonly Pick<TableLayer, 'positive' | 'negative'>[]): number[] {
  const masses = layers.map((l) => l.positive - l.negative);
  const largest = Math.max(0, ...masses);
  return masses.map((m) => (largest > 0 ? m / largest : 0));
}

const HEADER = ['level', 'layer', 'op', 'shape', 'neuron', 'relevance', 'share', 'activation', 'gap', 'positive', 'negative'];

/**
 * The table as RFC 4180 CSV: a `layer` row per layer (its sum, gap and masses) followed by a `neuron` row per
 * neuron (relevance, share of the layer, mean activation). `neurons(i)` gives layer i's arrays.
 */
export function layerTableCsv(
  layers: readonly TableLayer[],
  neurons: (i: number) => { relevance: ArrayLike<number>; activation: ArrayLike<number> },
): string {
  const lines = [HEADER.join(',')];
  layers.forEach((l, i) => {
    const shape = l.shape.join('x');
    lines.push(csvRow(['layer', l.name, l.op, shape, '', l.sum, '', '', l.gap ?? '', l.positive, l.negative]));
    const { relevance, activation } = neurons(i);
    for (let n = 0; n < relevance.length; n++) {
      lines.push(csvRow(['neuron', l.name, l.op, shape, n, relevance[n], neuronShare(relevance[n], l), activation[n] ?? '', '', '', '']));
    }
  });
  return lines.join('\r\n') + '\r\n';
}

/** One CSV line (no line end). */
export function csvRow(cells: (string | number)[]): string {
  return cells.map(cell).join(',');
}

/** Numbers in full precision (a spreadsheet rounds for display); text quoted when it holds a separator. */
function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
