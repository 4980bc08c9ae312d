/** The batch size from the memory bound: the estimate first, then halved while the process holds more. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSizer, perImageBytes } from '../../../src/dataset/memoryBound';

const MB = 2 ** 20;

describe('BatchSizer', () => {
  it('fits the estimate into what the bound leaves, within 1..max', () => {
    assert.equal(new BatchSizer(2048 * MB, 100 * MB, 548 * MB, 64).current, 15);
    assert.equal(new BatchSizer(2048 * MB, 100 * MB, 548 * MB, 8).current, 8);
    assert.equal(new BatchSizer(512 * MB, 100 * MB, 600 * MB, 8).current, 1);
  });

  it('halves while the process measures above the bound, never below one', () => {
    const s = new BatchSizer(1000, 10, 0, 16);
    assert.equal(s.measured(900), 16);
    assert.equal(s.measured(1001), 8);
    assert.equal(s.measured(2000), 4);
    assert.equal(s.measured(2000), 2);
    assert.equal(s.measured(2000), 1);
    assert.equal(s.measured(2000), 1);
  });

  it('counts every path tensor three times over (activation, signal, a rule\'s working copy)', () => {
    assert.equal(perImageBytes(new Map([['x', [1, 3, 4, 4]], ['y', [1, 10]]])), 3 * 4 * 58);
  });
});
