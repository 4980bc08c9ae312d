/**
 * The layer table's columns and what each cell of a layer's row says, as text: every number is written out,
 * so the share bar repeats a value and never carries one alone. Pure, tested under node.
 */
import type { ViewExplanation, ViewLayer } from '../../src/protocol';
import { num } from '../dom';

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

/** The rows' `grid-template-columns`. */
export const LAYER_GRID_TEMPLATE = LAYER_COLUMNS.map((c) => c.width).join(' ');

/** The text of every cell of a layer's row, in LAYER_COLUMNS order (the share cell's text beside its bar). */
export function layerCells(layer: ViewLayer, share: number): string[] {
  return [
    layer.name,
    layer.op,
    `[${layer.shape.join(', ')}]`,
    num(layer.sum),
    num(layer.gap),
    num(layer.positive),
    num(layer.negative),
    shareText(share),
    String(layer.neuronCount),
  ];
}

export function shareText(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

const QUANTITY: Record<ViewExplanation['layerQuantity'], string> = {
  relevance: 'relevance',
  gradient: 'gradient',
  'gradient-x-activation': 'gradient × activation',
};

/** What the table holds, and (relevance methods) what every layer should sum to. */
export function layerCaption(e: Pick<ViewExplanation, 'layerQuantity' | 'conserved'>): string {
  const conserved = e.conserved !== undefined ? `; every layer should sum to ${num(e.conserved)} (the gap is the difference)` : '';
  return `Per layer, in graph order: ${QUANTITY[e.layerQuantity]}${conserved}`;
}

/** The keys that open (or close) the neurons of the layer whose row has focus. */
export function opensLayer(key: string): boolean {
  return key === 'Enter' || key === ' ';
}
