/**
 * The relevance table on the toolkit's data grid: one row per layer (name, op, shape, sum, conservation gap where
 * the method conserves something, positive and negative mass, a bar of its share, neuron count), in graph order
 * until a column's header sorts it, filtered by name, navigable with the grid's own keys. A click on a row, or
 * Enter or Space on it, lists that layer's neurons below the grid (again: closes them). Below, not inside: the
 * data grid has no expandable rows and keeps every row it holds in the DOM, so a layer's thousands of neurons are
 * a virtualized list of their own (neuronGrid.ts).
 */
import type { ViewExplanation, ViewLayer } from '../src/protocol';
import { layerShares } from '../src/report/layerTable';
import { el } from './dom';
import {
  ariaSort,
  gridMinWidth,
  gridTemplate,
  layerCaption,
  layerCells,
  layerColumns,
  layerOrder,
  nextSort,
  opensLayer,
  type LayerColumn,
  type LayerQuery,
} from './model/layerGrid';
import { hasNeuronMaps } from './model/neuronMap';
import { NeuronGrid } from './neuronGrid';
import type { ValueElement } from './toolkit';

/** Ids unique across rebuilt tables (compare mode shows one explanation's table at a time). */
let tables = 0;

/** Rows built with the table: more than its scroll box shows at once. */
const FIRST_ROWS = 20;
/** Rows added per step while the view is idle. */
const ROWS_PER_STEP = 8;

/** What the table keeps across a tab switch (the view's saved state): the open layer and the order. */
export interface LayerTableState {
  open?: string;
  query: LayerQuery;
}

export interface LayerTableOptions {
  /** A neuron of a feature map was selected (units of a vector have no map to show). */
  onNeuron?: (layer: ViewLayer, neuron: number) => void;
  /** Where to start (a restored view); graph order, nothing open by default. */
  initial?: LayerTableState;
  /** Scroll the initially open layer's row into view (it was asked for from elsewhere: the model inspector). */
  reveal?: boolean;
  /** The open layer or the order changed. */
  onChange?: (state: LayerTableState) => void;
}

/**
 * The table with its filter box above; sortable by any column (a click, or Enter on the header), the header
 * kept in view while the rows scroll, and the columns scrolled sideways where the editor is narrower than they are.
 */
export function layerTable(e: ViewExplanation, o: LayerTableOptions = {}): HTMLElement {
  const id = `layers${++tables}`;
  const shares = layerShares(e.layers);
  const caption = layerCaption(e);
  const columns = layerColumns(e);
  const rows = e.layers.map((layer, i) => layerRow(layer, i, shares[i], `${id}-neurons`, columns));
  const headers = columns.map((c, i) => headerCell(c, i));
  let query: LayerQuery = o.initial?.query ?? { descending: false, filter: '' };
  const grid = el(
    'vscode-data-grid',
    {
      class: 'layer-grid',
      'grid-template-columns': gridTemplate(columns),
      'aria-label': `${caption}. Click a layer, or press Enter on it, to list its neurons below the table. Click a column's header, or press Enter on it, to sort by it.`,
    },
    el('vscode-data-grid-row', { 'row-type': 'sticky-header' }, ...headers),
    ...rows.slice(0, FIRST_ROWS),
  );
  grid.style.minWidth = `${gridMinWidth(columns)}em`;
  const idle = appendWhenIdle(grid, rows.slice(FIRST_ROWS));
  const status = el('p', { class: 'neuron-status', 'aria-live': 'polite' });
  const neurons = el('div', { class: 'layer-neurons', id: `${id}-neurons` });
  const shown = el('span', { class: 'layer-count', 'aria-live': 'polite' });
  const filter = el('vscode-text-field', { class: 'layer-filter', placeholder: 'Filter layers by name', 'aria-label': 'Filter layers by name', value: query.filter }) as ValueElement;

  const arrange = (): void => {
    const order = layerOrder(e.layers, shares, query);
    idle.stop();
    grid.replaceChildren(grid.firstElementChild!, ...Array.from(order, (i) => rows[i]));
    columns.forEach((c, i) => headers[i].setAttribute('aria-sort', ariaSort(query, c)));
    shown.textContent = order.length === e.layers.length ? `${e.layers.length} layers` : `${order.length} of ${e.layers.length} layers`;
  };
  const reorder = (next: LayerQuery): void => {
    query = next;
    arrange();
    o.onChange?.({ open: open === undefined ? undefined : e.layers[open].name, query });
  };
  filter.addEventListener('input', () => reorder({ ...query, filter: filter.value }));

  let open: number | undefined;
  const toggle = (i: number, quiet = false): void => {
    const layer = e.layers[i];
    if (open !== undefined) rows[open].setAttribute('aria-selected', 'false');
    if (open === i) {
      open = undefined;
      neurons.replaceChildren();
      status.textContent = `Closed the neurons of ${layer.name}.`;
    } else {
      open = i;
      rows[i].setAttribute('aria-selected', 'true');
      const { neuronOffset: n0, neuronCount: n } = layer;
      if (n === 0) {
        neurons.replaceChildren();
        status.textContent = `${layer.name} records no neurons.`;
      } else {
        const select = o.onNeuron && hasNeuronMaps(layer.shape) ? (neuron: number) => o.onNeuron!(layer, neuron) : undefined;
        neurons.replaceChildren(new NeuronGrid(layer, e.neurons.subarray(n0, n0 + n), e.activations.subarray(n0, n0 + n), select).element);
        status.textContent = `The ${n} neurons of ${layer.name}${select ? ': Enter or a click on one draws its own relevance map over the image' : ''}.`;
      }
    }
    if (!quiet) o.onChange?.({ open: open === undefined ? undefined : e.layers[open].name, query });
  };
  grid.addEventListener('click', (event) => {
    const column = headerOf(event.target);
    if (column !== undefined) return reorder(nextSort(query, columns[column]));
    const i = rowOf(event.target);
    if (i !== undefined) toggle(i);
  });
  // The grid moves focus between cells itself; Enter and Space on a layer's cell, Enter on a header, are the table's.
  grid.addEventListener('keydown', (event) => {
    if (!opensLayer(event.key)) return;
    const column = event.key === 'Enter' ? headerOf(event.target) : undefined;
    const i = column === undefined ? rowOf(event.target) : undefined;
    if (column === undefined && i === undefined) return;
    event.preventDefault();
    if (column !== undefined) reorder(nextSort(query, columns[column]));
    else toggle(i!);
  });
  if (query.column !== undefined || query.filter !== '') arrange();
  else {
    columns.forEach((c, i) => headers[i].setAttribute('aria-sort', ariaSort(query, c)));
    shown.textContent = `${e.layers.length} layers`;
  }
  const restored = o.initial?.open === undefined ? -1 : e.layers.findIndex((l) => l.name === o.initial!.open);
  if (restored >= 0) toggle(restored, true);
  if (restored >= 0 && o.reveal) {
    // Every row placed at once (not when idle), so the asked-for one is there to scroll to once the table is in the page.
    arrange();
    requestAnimationFrame(() => {
      rows[restored].scrollIntoView({ block: 'center' });
      rows[restored].focus();
    });
  }
  return el(
    'section',
    { class: 'layers', 'aria-label': 'Layers and their neurons' },
    el('p', { class: 'table-caption' }, caption),
    el('div', { class: 'layer-tools' }, filter, shown),
    // Sideways scrolling here, the rows' own vertical scrolling in the grid (its header row sticks to the top).
    el('div', { class: 'layer-scroll' }, grid),
    status,
    neurons,
  );
}

/**
 * A row of the toolkit's grid is ten custom elements with shadow roots, about half a millisecond to build: a
 * ResNet's hundred-odd layers would hold the first picture back by tens of milliseconds. The rows below the
 * scroll box's first screen follow when the view is idle; the grid is aria-busy until they are all in.
 */
function appendWhenIdle(grid: HTMLElement, rest: HTMLElement[]): { stop(): void } {
  if (rest.length === 0) return { stop: () => undefined };
  grid.setAttribute('aria-busy', 'true');
  let handle = 0;
  const step = (deadline: IdleDeadline): void => {
    while (rest.length > 0 && (deadline.didTimeout || deadline.timeRemaining() > 1)) grid.append(...rest.splice(0, ROWS_PER_STEP));
    if (rest.length > 0) handle = requestIdleCallback(step, { timeout: 50 });
    else grid.removeAttribute('aria-busy');
  };
  handle = requestIdleCallback(step, { timeout: 50 });
  // A sort or filter places every row itself.
  return {
    stop() {
      cancelIdleCallback(handle);
      rest.length = 0;
      grid.removeAttribute('aria-busy');
    },
  };
}

function headerCell(c: LayerColumn, i: number): HTMLElement {
  return el(
    'vscode-data-grid-cell',
    {
      'cell-type': 'columnheader',
      'grid-column': String(i + 1),
      'data-column': String(i),
      class: `sortable${c.numeric ? ' num' : ''}`,
      title: `${c.description ?? c.title}: click or press Enter to sort`,
      ...(c.description ? { 'aria-label': c.description } : {}),
    },
    c.title,
  );
}

function layerRow(layer: ViewLayer, index: number, share: number, neuronsId: string, columns: readonly LayerColumn[]): HTMLElement {
  const text = layerCells(layer, share, columns);
  return el(
    'vscode-data-grid-row',
    { class: 'layer-row', 'data-layer': layer.name, 'data-index': String(index), 'data-neurons': String(layer.neuronCount), 'aria-selected': 'false', 'aria-controls': neuronsId },
    ...columns.map((c, i) =>
      el(
        'vscode-data-grid-cell',
        // The name heads its row, so a screen reader says which layer a number belongs to.
        { 'grid-column': String(i + 1), class: `layer-${c.key}${c.numeric ? ' num' : ''}`, ...(c.key === 'name' ? { 'cell-type': 'rowheader' } : {}) },
        c.key === 'share' ? shareBar(share, layer.positive, layer.negative, text[i]) : text[i],
      ),
    ),
  );
}

/** The column whose header an event happened on, if any. */
function headerOf(target: EventTarget | null): number | undefined {
  const cell = target instanceof Element ? target.closest<HTMLElement>('[data-column]') : null;
  return cell ? Number(cell.dataset.column) : undefined;
}

/** The index of the layer row an event happened in, if any (not the header). */
function rowOf(target: EventTarget | null): number | undefined {
  const row = target instanceof Element ? target.closest<HTMLElement>('.layer-row') : null;
  return row ? Number(row.dataset.index) : undefined;
}

/** The layer's magnitude relative to the largest layer's, split into its positive and negative parts. */
function shareBar(share: number, positive: number, negative: number, text: string): HTMLElement {
  const mass = positive - negative;
  const pos = el('span', { class: 'bar-pos' });
  const neg = el('span', { class: 'bar-neg' });
  pos.style.width = `${(mass > 0 ? (share * positive) / mass : 0) * 100}%`;
  neg.style.width = `${(mass > 0 ? (share * -negative) / mass : 0) * 100}%`;
  return el(
    'span',
    { class: 'share', title: `${(share * 100).toFixed(1)}% of the largest layer's magnitude` },
    el('span', { class: 'bar', 'aria-hidden': 'true' }, neg, pos),
    el('span', { class: 'share-text' }, text),
  );
}
