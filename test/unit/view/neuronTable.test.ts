import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { moveActive, neuronOrder, parseSearch, revealRow, virtualWindow } from '../../../webview/model/neuronTable';
import { rowOrder } from '../../../webview/model/rowOrder';

const columns = { relevance: Float32Array.from([0.5, -2, 3, 0, 3]), activation: Float32Array.from([9, 8, 7, 6, 5]) };

test('sorts by relevance, activation or index, ties by index', () => {
  assert.deepEqual([...neuronOrder(columns, { sort: 'relevance', descending: true, search: '' })], [2, 4, 0, 3, 1]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'relevance', descending: false, search: '' })], [1, 3, 0, 2, 4]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'activation', descending: false, search: '' })], [4, 3, 2, 1, 0]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'index', descending: true, search: '' })], [4, 3, 2, 1, 0]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'share', descending: true, search: '' })], [2, 4, 0, 3, 1], 'share orders as relevance');
});

test('search: digits in the index, ranges, comparisons on relevance', () => {
  assert.deepEqual([...neuronOrder(columns, { sort: 'index', descending: false, search: '>0.1' })], [0, 2, 4]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'index', descending: false, search: '<= 0' })], [1, 3]);
  assert.deepEqual([...neuronOrder(columns, { sort: 'index', descending: false, search: '3-1' })], [1, 2, 3]);
  const contains = parseSearch('12');
  assert.ok(contains(112, 0) && contains(12, 0) && !contains(21, 0));
  assert.equal(parseSearch('banana')(1, 1), false, 'text that is no query matches nothing');
  assert.equal(parseSearch('  ')(1, 1), true);
});

// Its speed is the view benchmark's to check (npm run bench:view), not a timed unit test's: 347 ms on a busy machine.
test('sorting 10,000 neurons orders every one', () => {
  const n = 10_000;
  const big = { relevance: Float32Array.from({ length: n }, (_, i) => Math.sin(i)), activation: new Float32Array(n) };
  const order = neuronOrder(big, { sort: 'relevance', descending: true, search: '' });
  assert.equal(order.length, n);
  for (let i = 1; i < n; i++) assert.ok(big.relevance[order[i - 1]] >= big.relevance[order[i]]);
});

test('virtual window: only the visible rows and the overscan, padding for the rest', () => {
  const w = virtualWindow(22 * 5000, 22 * 14, 22, 10_000, 8);
  assert.equal(w.start, 5000 - 8);
  assert.equal(w.end, 5000 + 15 + 8);
  assert.equal(w.padTop, w.start * 22);
  assert.equal(w.padBottom, (10_000 - w.end) * 22);
  const top = virtualWindow(0, 300, 22, 10_000);
  assert.equal(top.start, 0);
  const bottom = virtualWindow(22 * 10_000, 300, 22, 10_000);
  assert.equal(bottom.end, 10_000);
  assert.ok(bottom.end - bottom.start < 40, 'the DOM never holds more than a screenful and the overscan');
  const small = virtualWindow(0, 300, 22, 3);
  assert.deepEqual([small.start, small.end, small.padBottom], [0, 3, 0]);
});

test('keyboard: arrows, pages, Home and End stay inside the list', () => {
  assert.equal(moveActive(0, 'ArrowUp', 10, 100), 0);
  assert.equal(moveActive(0, 'ArrowDown', 10, 100), 1);
  assert.equal(moveActive(95, 'PageDown', 10, 100), 99);
  assert.equal(moveActive(50, 'Home', 10, 100), 0);
  assert.equal(moveActive(50, 'End', 10, 100), 99);
  assert.equal(moveActive(5, 'x', 10, 100), undefined);
  assert.equal(moveActive(0, 'ArrowDown', 10, 0), undefined);
});

test('revealing a row scrolls as little as possible', () => {
  assert.equal(revealRow(10, 0, 220, 22), 22);
  assert.equal(revealRow(2, 100, 220, 22), 44);
  assert.equal(revealRow(5, 100, 220, 22), 100);
});

test('one sort for every table: strings by collation, numbers by value, NaN and ties by row', () => {
  const names = ['b10', 'B2', 'a'];
  assert.deepEqual([...rowOrder(3, () => true, (i) => names[i], false)], [2, 1, 0]);
  const values = [NaN, 1, 1, -1];
  assert.deepEqual([...rowOrder(4, () => true, (i) => values[i], true)], [1, 2, 3, 0]);
  assert.deepEqual([...rowOrder(4, (i) => i !== 2, undefined, true)], [3, 1, 0]);
});
