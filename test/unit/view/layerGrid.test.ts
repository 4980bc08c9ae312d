import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LAYER_COLUMNS, LAYER_GRID_TEMPLATE, layerCaption, layerCells, opensLayer } from '../../../webview/model/layerGrid';
import type { ViewLayer } from '../../../src/protocol';

const conv: ViewLayer = { name: 'fire2/squeeze1x1_1', op: 'Conv', shape: [1, 16, 55, 55], sum: 12.5, gap: -0.00012, positive: 20, negative: -7.5, neuronOffset: 64, neuronCount: 16 };

test('a layer row says every number in words: name, op, shape, sum, gap, masses, share, neuron count', () => {
  assert.deepEqual(layerCells(conv, 0.4321), ['fire2/squeeze1x1_1', 'Conv', '[1, 16, 55, 55]', '12.50', '-1.200e-4', '20.00', '-7.500', '43%', '16']);
  assert.equal(layerCells({ ...conv, gap: undefined }, 1)[4], '-', 'a method that conserves nothing has no gap');
  assert.equal(layerCells(conv, 1).length, LAYER_COLUMNS.length, 'a cell per column');
});

test('the grid has a track per column, and the terse headers are described for screen readers', () => {
  assert.equal(LAYER_GRID_TEMPLATE.split(/ (?![^(]*\))/).length, LAYER_COLUMNS.length);
  assert.deepEqual(LAYER_COLUMNS.map((c) => c.key), ['name', 'op', 'shape', 'sum', 'gap', 'positive', 'negative', 'share', 'neurons']);
  assert.equal(LAYER_COLUMNS.find((c) => c.key === 'gap')?.description, 'Conservation gap');
});

test('the caption names the quantity and, for relevance methods, what every layer should sum to', () => {
  assert.equal(layerCaption({ layerQuantity: 'gradient', conserved: undefined }), 'Per layer, in graph order: gradient');
  assert.match(layerCaption({ layerQuantity: 'relevance', conserved: 13.25 }), /relevance; every layer should sum to 13.25 \(the gap is the difference\)$/);
});

test('Enter and Space open a layer\'s neurons; the grid keeps the arrows', () => {
  assert.ok(opensLayer('Enter') && opensLayer(' '));
  assert.ok(!opensLayer('ArrowDown') && !opensLayer('Tab'));
});
