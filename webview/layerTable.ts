/**
 * The relevance table: one row per layer in graph order (name, op, shape, sum, conservation gap, positive and
 * negative mass, a bar of its share) and, under a layer the user expands, the grid of its neurons. Every
 * number is written out: the bars repeat them, they never replace them.
 */
import type { ViewExplanation, ViewLayer } from '../src/protocol';
import { layerShares } from '../src/report/layerTable';
import { el, num } from './dom';
import { hasNeuronMaps } from './model/neuronMap';
import { NeuronGrid } from './neuronGrid';

const QUANTITY = { relevance: 'Relevance', gradient: 'Gradient', 'gradient-x-activation': 'Gradient × activation' };
const HEADERS = ['', 'Layer', 'Op', 'Shape', 'Sum', 'Gap', 'Positive', 'Negative', 'Share'];

/** `onNeuron`: a neuron of a feature map was selected (units of a vector have no map to show). */
export function layerTable(e: ViewExplanation, onNeuron?: (layer: ViewLayer, neuron: number) => void): HTMLElement {
  const quantity = QUANTITY[e.layerQuantity];
  const shares = layerShares(e.layers);
  const body = el('tbody', {});
  e.layers.forEach((layer, i) => {
    const detailId = `layer-${i}-neurons`;
    const toggle = el(
      'button',
      { type: 'button', class: 'expand', 'aria-expanded': 'false', 'aria-controls': detailId, 'aria-label': `Show the ${layer.neuronCount} neurons of ${layer.name}`, disabled: '' },
      '▸',
    );
    if (layer.neuronCount > 0) toggle.removeAttribute('disabled');
    const row = el(
      'tr',
      { class: 'layer-row', 'data-layer': layer.name },
      el('td', {}, toggle),
      el('td', { class: 'layer-name' }, layer.name),
      el('td', {}, layer.op),
      el('td', {}, `[${layer.shape.join(', ')}]`),
      el('td', { class: 'num layer-sum' }, num(layer.sum)),
      el('td', { class: 'num' }, num(layer.gap)),
      el('td', { class: 'num' }, num(layer.positive)),
      el('td', { class: 'num' }, num(layer.negative)),
      el('td', {}, shareBar(shares[i], layer.positive, layer.negative)),
    );
    body.append(row);
    let detail: HTMLElement | undefined;
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      toggle.textContent = open ? '▾' : '▸';
      if (open) {
        // Built on first open only: most layers are never expanded.
        const { neuronOffset: o, neuronCount: n } = layer;
        const select = onNeuron && hasNeuronMaps(layer.shape) ? (neuron: number) => onNeuron(layer, neuron) : undefined;
        detail ??= el(
          'tr',
          { class: 'layer-detail', id: detailId },
          el('td', { colspan: String(HEADERS.length) }, new NeuronGrid(layer, e.neurons.subarray(o, o + n), e.activations.subarray(o, o + n), select).element),
        );
        row.after(detail);
      } else detail?.remove();
    });
  });
  const conserved = e.conserved !== undefined ? `; every layer should sum to ${num(e.conserved)} (the gap is the difference)` : '';
  return el(
    'table',
    { class: 'layers' },
    el('caption', {}, `Per layer, in graph order: ${quantity.toLowerCase()}${conserved}`),
    el('thead', {}, el('tr', {}, ...HEADERS.map((h, i) => el('th', i === 0 ? { 'aria-label': 'Expand' } : { scope: 'col' }, h)))),
    body,
  );
}

/** The layer's magnitude relative to the largest layer's, split into its positive and negative parts. */
function shareBar(share: number, positive: number, negative: number): HTMLElement {
  const mass = positive - negative;
  const pos = el('span', { class: 'bar-pos' });
  const neg = el('span', { class: 'bar-neg' });
  pos.style.width = `${(mass > 0 ? (share * positive) / mass : 0) * 100}%`;
  neg.style.width = `${(mass > 0 ? (share * -negative) / mass : 0) * 100}%`;
  return el(
    'span',
    { class: 'share', title: `${(share * 100).toFixed(1)}% of the largest layer's magnitude` },
    el('span', { class: 'bar', 'aria-hidden': 'true' }, neg, pos),
    el('span', { class: 'share-text' }, `${(share * 100).toFixed(0)}%`),
  );
}
