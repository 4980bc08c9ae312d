/**
 * The relevance table on the toolkit's data grid: one row per layer in graph order (name, op, shape, sum,
 * conservation gap, positive and negative mass, a bar of its share, neuron count), navigable with the grid's
 * own keys. A click on a row, or Enter or Space on it, lists that layer's neurons below the grid (again: closes
 * them). Below, not inside: the data grid has no expandable rows and keeps every row it holds in the DOM, so a
 * layer's thousands of neurons are a virtualized list of their own (neuronGrid.ts).
 */
import type { ViewExplanation, ViewLayer } from '../src/protocol';
import { layerShares } from '../src/report/layerTable';
import { el } from './dom';
import { LAYER_COLUMNS, LAYER_GRID_TEMPLATE, layerCaption, layerCells, opensLayer } from './model/layerGrid';
import { hasNeuronMaps } from './model/neuronMap';
import { NeuronGrid } from './neuronGrid';

/** Ids unique across rebuilt tables (compare mode shows one explanation's table at a time). */
let tables = 0;

/** Rows built with the table: more than its scroll box shows at once. */
const FIRST_ROWS = 20;
/** Rows added per step while the view is idle. */
const ROWS_PER_STEP = 8;

/** `onNeuron`: a neuron of a feature map was selected (units of a vector have no map to show). */
export function layerTable(e: ViewExplanation, onNeuron?: (layer: ViewLayer, neuron: number) => void): HTMLElement {
  const id = `layers${++tables}`;
  const shares = layerShares(e.layers);
  const caption = layerCaption(e);
  const rows = e.layers.map((layer, i) => layerRow(layer, i, shares[i], `${id}-neurons`));
  const grid = el(
    'vscode-data-grid',
    {
      class: 'layer-grid',
      'grid-template-columns': LAYER_GRID_TEMPLATE,
      'aria-label': `${caption}. Click a layer, or press Enter on it, to list its neurons below the table.`,
    },
    headerRow(),
    ...rows.slice(0, FIRST_ROWS),
  );
  appendWhenIdle(grid, rows.slice(FIRST_ROWS));
  const status = el('p', { class: 'neuron-status', 'aria-live': 'polite' });
  const neurons = el('div', { class: 'layer-neurons', id: `${id}-neurons` });

  let open: number | undefined;
  const toggle = (i: number): void => {
    const layer = e.layers[i];
    if (open !== undefined) rows[open].setAttribute('aria-selected', 'false');
    if (open === i) {
      open = undefined;
      neurons.replaceChildren();
      status.textContent = `Closed the neurons of ${layer.name}.`;
      return;
    }
    open = i;
    rows[i].setAttribute('aria-selected', 'true');
    const { neuronOffset: o, neuronCount: n } = layer;
    if (n === 0) {
      neurons.replaceChildren();
      status.textContent = `${layer.name} records no neurons.`;
      return;
    }
    const select = onNeuron && hasNeuronMaps(layer.shape) ? (neuron: number) => onNeuron(layer, neuron) : undefined;
    neurons.replaceChildren(new NeuronGrid(layer, e.neurons.subarray(o, o + n), e.activations.subarray(o, o + n), select).element);
    status.textContent = `The ${n} neurons of ${layer.name}${select ? ': Enter or a click on one draws its own relevance map over the image' : ''}.`;
  };
  grid.addEventListener('click', (event) => {
    const i = rowOf(event.target);
    if (i !== undefined) toggle(i);
  });
  // The grid moves focus between cells itself; Enter and Space on a layer's cell are left to the table.
  grid.addEventListener('keydown', (event) => {
    const i = opensLayer(event.key) ? rowOf(event.target) : undefined;
    if (i === undefined) return;
    event.preventDefault();
    toggle(i);
  });
  return el('section', { class: 'layers', 'aria-label': 'Layers and their neurons' }, el('p', { class: 'table-caption' }, caption), grid, status, neurons);
}

/**
 * A row of the toolkit's grid is ten custom elements with shadow roots, about half a millisecond to build: a
 * ResNet's hundred-odd layers would hold the first picture back by tens of milliseconds. The rows below the
 * scroll box's first screen follow when the view is idle; the grid is aria-busy until they are all in.
 */
function appendWhenIdle(grid: HTMLElement, rest: HTMLElement[]): void {
  if (rest.length === 0) return;
  grid.setAttribute('aria-busy', 'true');
  const step = (deadline: IdleDeadline): void => {
    while (rest.length > 0 && (deadline.didTimeout || deadline.timeRemaining() > 1)) grid.append(...rest.splice(0, ROWS_PER_STEP));
    if (rest.length > 0) requestIdleCallback(step, { timeout: 50 });
    else grid.removeAttribute('aria-busy');
  };
  requestIdleCallback(step, { timeout: 50 });
}

function headerRow(): HTMLElement {
  return el(
    'vscode-data-grid-row',
    { 'row-type': 'sticky-header' },
    ...LAYER_COLUMNS.map((c, i) =>
      el(
        'vscode-data-grid-cell',
        { 'cell-type': 'columnheader', 'grid-column': String(i + 1), class: c.numeric ? 'num' : '', ...(c.description ? { title: c.description, 'aria-label': c.description } : {}) },
        c.title,
      ),
    ),
  );
}

function layerRow(layer: ViewLayer, index: number, share: number, neuronsId: string): HTMLElement {
  const text = layerCells(layer, share);
  return el(
    'vscode-data-grid-row',
    { class: 'layer-row', 'data-layer': layer.name, 'data-index': String(index), 'data-neurons': String(layer.neuronCount), 'aria-selected': 'false', 'aria-controls': neuronsId },
    ...LAYER_COLUMNS.map((c, i) =>
      el(
        'vscode-data-grid-cell',
        // The name heads its row, so a screen reader says which layer a number belongs to.
        { 'grid-column': String(i + 1), class: `layer-${c.key}${c.numeric ? ' num' : ''}`, ...(c.key === 'name' ? { 'cell-type': 'rowheader' } : {}) },
        c.key === 'share' ? shareBar(share, layer.positive, layer.negative, text[i]) : text[i],
      ),
    ),
  );
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
