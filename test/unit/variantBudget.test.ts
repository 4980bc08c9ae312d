import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_VARIANTS, WEIGHT_BUDGET, variantsToRelease } from '../../src/engine/variantBudget';

const MB = 2 ** 20;
const v = (key: string, mb: number) => ({ key, weightBytes: mb * MB });

test('a ResNet-18-sized variant is released before the next is compiled: two would not fit the budget', () => {
  assert.deepEqual(variantsToRelease([v('gradient', 94)], 89 * MB), ['gradient']);
});

test('small variants stay until the count limit, the least recently used going first', () => {
  const kept = [v('a', 10), v('b', 10), v('c', 10)];
  assert.equal(MAX_VARIANTS, 4);
  assert.deepEqual(variantsToRelease(kept, 10 * MB), []);
  assert.deepEqual(variantsToRelease([...kept, v('d', 10)], 10 * MB), ['a']);
});

test('only as many are released as the budget needs, oldest first', () => {
  const kept = [v('old', 40), v('mid', 40), v('new', 40)];
  // 120 + 40 MB is over 128: releasing the oldest leaves 120.
  assert.deepEqual(variantsToRelease(kept, 40 * MB), ['old']);
  assert.equal(WEIGHT_BUDGET, 128 * MB);
});

test('a variant bigger than the whole budget releases everything but is still compiled', () => {
  assert.deepEqual(variantsToRelease([v('a', 1), v('b', 1)], 500 * MB), ['a', 'b']);
  assert.deepEqual(variantsToRelease([], 500 * MB), []);
});
