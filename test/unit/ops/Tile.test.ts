import assert from 'node:assert/strict';
import { test } from 'node:test';
import { check, compileSpec } from '../../helpers/gradcheck';

test('Tile repeats two axes (every copy weighted differently)', () =>
  check({ inputDims: [1, 2, 3], build: (g, x) => g.node('Mul', [g.node('Tile', [x, g.int64s([1, 3, 2])]), g.randn([6, 6])]) }));

test('Tile with no repeat is the identity', () =>
  check({ inputDims: [1, 2, 3], build: (g, x) => g.node('Mul', [g.node('Tile', [x, g.int64s([1, 1, 1])]), g.randn([2, 3])]) }));

test('Tile of the batch axis is refused', async () => {
  await assert.rejects(compileSpec({ inputDims: [1, 3], build: (g, x) => g.node('Tile', [x, g.int64s([2, 1])]) }), /Tile .* repeats the batch axis/);
});
