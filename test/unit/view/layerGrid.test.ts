import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ariaSort, gridMinWidth, gridTemplate, LAYER_COLUMNS, layerCaption, layerCells, layerColumns, layerOrder, nextSort, opensLayer, type LayerQuery } from '../../../webview/model/layerGrid';
import type { ViewLayer } from '../../../src/protocol';

const conv: ViewLayer = { name: 'fire2/squeeze1x1_1', op: 'Conv', shape: [1, 16, 55, 55], sum: 12.5, gap: -0.00012, positive: 20, negative: -7.5, neuronOffset: 64, neuronCount: 16 };

test('a layer row says every number in words: name, op, shape, sum, gap, masses, share, neuron count', () => {
  assert.deepEqual(layerCells(conv, 0.4321), ['fire2/squeeze1x1_1', 'Conv', '[1, 16, 55, 55]', '12.50', '-1.200e-4', '20.00', '-7.500', '43%', '16']);
  assert.equal(layerCells({ ...conv, gap: undefined }, 1)[4], '-', 'a method that conserves nothing has no gap');
  assert.equal(layerCells(conv, 1).length, LAYER_COLUMNS.length, 'a cell per column');
});

test('the grid has a track per column, and the terse headers are described for screen readers', () => {
  assert.equal(gridTemplate(LAYER_COLUMNS).split(/ (?![^(]*\))/).length, LAYER_COLUMNS.length);
  assert.deepEqual(LAYER_COLUMNS.map((c) => c.key), ['name', 'op', 'shape', 'sum', 'gap', 'positive', 'negative', 'share', 'neurons']);
  assert.equal(LAYER_COLUMNS.find((c) => c.key === 'gap')?.description, 'Conservation gap');
});

test('the caption names the quantity and, for relevance methods, what every layer should sum to', () => {
  assert.equal(layerCaption({ layerQuantity: 'gradient', conserved: undefined, methodLabel: 'Saliency (gradient)', label: 'tabby' }), 'Saliency (gradient) for tabby, per layer: gradient');
  assert.match(
    layerCaption({ layerQuantity: 'relevance', conserved: 13.25, methodLabel: 'Layer-wise relevance propagation', label: 'tench' }),
    /^Layer-wise relevance propagation for tench, per layer: relevance; every layer should sum to 13.25 \(the gap is the difference\)$/,
  );
});

test('Enter and Space open a layer\'s neurons; the grid keeps the arrows', () => {
  assert.ok(opensLayer('Enter') && opensLayer(' '));
  assert.ok(!opensLayer('ArrowDown') && !opensLayer('Tab'));
});

test('a Gap column only where the method conserves something; the table scrolls sideways below its columns\' width', () => {
  assert.ok(layerColumns({ conserved: 3 }).some((c) => c.key === 'gap'));
  assert.ok(!layerColumns({ conserved: undefined }).some((c) => c.key === 'gap'));
  assert.deepEqual(layerCells(conv, 1, layerColumns({ conserved: undefined })), ['fire2/squeeze1x1_1', 'Conv', '[1, 16, 55, 55]', '12.50', '20.00', '-7.500', '100%', '16']);
  assert.equal(gridMinWidth(LAYER_COLUMNS), 9 + 7 + 9.5 + 6 + 6 + 6 + 6 + 8.5 + 6);
});

const layer = (name: string, sum: number, neuronCount = 1, gap?: number): ViewLayer => ({ name, op: 'Conv', shape: [1, neuronCount], sum, gap, positive: Math.max(sum, 0), negative: Math.min(sum, 0), neuronOffset: 0, neuronCount });
const rows = [layer('conv10', 2, 4), layer('conv2', -5, 8, 0.1), layer('fc', 7, 2), layer('Conv1', 2, 16)];
const shares = [0.3, 0.7, 1, 0.3];
const order = (q: Partial<LayerQuery>) => [...layerOrder(rows, shares, { descending: false, filter: '', ...q })];

test('the layer table sorts by any column, ties in graph order, as the neuron list does', () => {
  assert.deepEqual(order({}), [0, 1, 2, 3], 'no column: graph order');
  assert.deepEqual(order({ column: 'sum', descending: true }), [2, 0, 3, 1]);
  assert.deepEqual(order({ column: 'sum' }), [1, 0, 3, 2]);
  assert.deepEqual(order({ column: 'name' }), [3, 1, 0, 2], 'names read as people read them: Conv1, conv2, conv10, any case');
  assert.deepEqual(order({ column: 'neurons', descending: true }), [3, 1, 0, 2]);
  assert.deepEqual(order({ column: 'share', descending: true }), [2, 1, 0, 3]);
  assert.deepEqual(order({ column: 'gap', descending: true }), [1, 0, 2, 3], 'a missing gap sorts after the others, in graph order');
});

test('the layer table filters by name, any case, and keeps the sort', () => {
  assert.deepEqual(order({ filter: 'CONV' }), [0, 1, 3]);
  assert.deepEqual(order({ filter: ' conv', column: 'sum', descending: true }), [0, 3, 1]);
  assert.deepEqual(order({ filter: 'nothing' }), []);
});

test('a header click: largest first (numbers) or A to Z (text), then reversed, then graph order; aria-sort says which', () => {
  const sum = LAYER_COLUMNS.find((c) => c.key === 'sum')!;
  const name = LAYER_COLUMNS.find((c) => c.key === 'name')!;
  let q: LayerQuery = { descending: false, filter: 'x' };
  q = nextSort(q, sum);
  assert.deepEqual(q, { column: 'sum', descending: true, filter: 'x' });
  assert.equal(ariaSort(q, sum), 'descending');
  assert.equal(ariaSort(q, name), 'none');
  q = nextSort(q, sum);
  assert.equal(ariaSort(q, sum), 'ascending');
  q = nextSort(q, sum);
  assert.equal(q.column, undefined);
  assert.deepEqual(nextSort(q, name), { column: 'name', descending: false, filter: 'x' });
});
