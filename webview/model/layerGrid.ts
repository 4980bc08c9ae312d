/**
 * The layer table's columns and what each cell of a layer's row says, as text: every number is written out,
 * so the share bar repeats a value and never carries one alone. Pure, tested under node.
 */
import type { ViewExplanation, ViewLayer } from '../../src/protocol';
import { num } from '../dom';
import { rowOrder, type SortKey } from './rowOrder';

export interface LayerColumn {
  /** Names the column's cells: class `layer-<key>`. */
  key: 'name' | 'op' | 'shape' | 'sum' | 'gap' | 'positive' | 'negative' | 'share' | 'neurons';
  title: string;
  /** Right-aligned, tabular figures. */
  numeric: boolean;
  /** Its track in the rows' CSS grid. */
  width: string;
  /** What a screen reader hears for the header when the title is terse. */
  description?: string;
}

export const LAYER_COLUMNS: readonly LayerColumn[] = [
  { key: 'name', title: 'Layer', numeric: false, width: 'minmax(9em, 2fr)' },
  { key: 'op', title: 'Op', numeric: false, width: 'minmax(7em, 1fr)' },
  { key: 'shape', title: 'Shape', numeric: false, width: 'minmax(9.5em, 1fr)' },
  { key: 'sum', title: 'Sum', numeric: true, width: 'minmax(6em, 1fr)' },
  { key: 'gap', title: 'Gap', numeric: true, width: 'minmax(6em, 1fr)', description: 'Conservation gap' },
  { key: 'positive', title: 'Positive', numeric: true, width: 'minmax(6em, 1fr)', description: 'Positive mass' },
  { key: 'negative', title: 'Negative', numeric: true, width: 'minmax(6em, 1fr)', description: 'Negative mass' },
  { key: 'share', title: 'Share', numeric: false, width: 'minmax(8.5em, 1.2fr)', description: "Share of the largest layer's magnitude" },
  { key: 'neurons', title: 'Neurons', numeric: true, width: 'minmax(6em, 0.7fr)' },
];

/**
 * The columns a result's table has: the conservation gap only for methods that conserve something (a gradient's
 * layer sums have nothing to be compared with).
 */
export function layerColumns(e: Pick<ViewExplanation, 'conserved'>): LayerColumn[] {
  return LAYER_COLUMNS.filter((c) => c.key !== 'gap' || e.conserved !== undefined);
}

/** The rows' `grid-template-columns`. */
export function gridTemplate(columns: readonly LayerColumn[]): string {
  return columns.map((c) => c.width).join(' ');
}

/** The width below which the columns would be squeezed: the table scrolls sideways instead (em). */
export function gridMinWidth(columns: readonly LayerColumn[]): number {
  return columns.reduce((w, c) => w + Number(/minmax\(([\d.]+)em/.exec(c.width)?.[1] ?? 6), 0);
}

/** The text of a layer's cell in each column (the share cell's text beside its bar). */
export function layerCells(layer: ViewLayer, share: number, columns: readonly LayerColumn[] = LAYER_COLUMNS): string[] {
  const text: Record<LayerColumn['key'], string> = {
    name: layer.name,
    op: layer.op,
    shape: `[${layer.shape.join(', ')}]`,
    sum: num(layer.sum),
    gap: num(layer.gap),
    positive: num(layer.positive),
    negative: num(layer.negative),
    share: shareText(share),
    neurons: String(layer.neuronCount),
  };
  return columns.map((c) => text[c.key]);
}

/** How the layer table is ordered and filtered; no column means graph order. */
export interface LayerQuery {
  column?: LayerColumn['key'];
  descending: boolean;
  /** Part of a layer's name, any case. */
  filter: string;
}

/** The rows shown, in order: layers whose name holds the filter, sorted by the column (rowOrder, as the neurons). */
export function layerOrder(layers: readonly ViewLayer[], shares: readonly number[], query: LayerQuery): Int32Array {
  const filter = query.filter.trim().toLowerCase();
  const keep = (i: number): boolean => filter === '' || layers[i].name.toLowerCase().includes(filter);
  const keys: Record<LayerColumn['key'], SortKey> = {
    name: (i) => layers[i].name,
    op: (i) => layers[i].op,
    // By size: the number of values the layer's output holds.
    shape: (i) => layers[i].shape.reduce((a, b) => a * b, 1),
    sum: (i) => layers[i].sum,
    gap: (i) => layers[i].gap ?? NaN,
    positive: (i) => layers[i].positive,
    negative: (i) => layers[i].negative,
    share: (i) => shares[i],
    neurons: (i) => layers[i].neuronCount,
  };
  return rowOrder(layers.length, keep, query.column && keys[query.column], query.descending);
}

/**
 * A click (or Enter) on a column's header: a new column sorts numbers largest first and text A to Z; the same
 * column again reverses; a third time goes back to graph order.
 */
export function nextSort(query: LayerQuery, column: LayerColumn): LayerQuery {
  const first = column.numeric || column.key === 'share';
  if (query.column !== column.key) return { ...query, column: column.key, descending: first };
  if (query.descending === first) return { ...query, descending: !first };
  return { ...query, column: undefined, descending: false };
}

/** aria-sort of a column's header. */
export function ariaSort(query: LayerQuery, column: LayerColumn): 'ascending' | 'descending' | 'none' {
  return query.column === column.key ? (query.descending ? 'descending' : 'ascending') : 'none';
}

export function shareText(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

const QUANTITY: Record<ViewExplanation['layerQuantity'], string> = {
  relevance: 'relevance',
  gradient: 'gradient',
  'gradient-x-activation': 'gradient × activation',
};

/** Which result the table holds (in compare mode, one of several), what its numbers are and what they should sum to. */
export function layerCaption(e: Pick<ViewExplanation, 'layerQuantity' | 'conserved' | 'methodLabel' | 'label'>): string {
  const conserved = e.conserved !== undefined ? `; every layer should sum to ${num(e.conserved)} (the gap is the difference)` : '';
  return `${e.methodLabel} for ${e.label}, per layer: ${QUANTITY[e.layerQuantity]}${conserved}`;
}

/** The keys that open (or close) the neurons of the layer whose row has focus. */
export function opensLayer(key: string): boolean {
  return key === 'Enter' || key === ' ';
}
