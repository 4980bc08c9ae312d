import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { collectGarbage } from '../../src/util/collectGarbage';

test('collectGarbage frees unreachable array buffers at once', () => {
  const before = process.memoryUsage().arrayBuffers;
  (() => {
    const big = new Float32Array(16 * 2 ** 20);
    big[1] = 1;
  })();
  const held = process.memoryUsage().arrayBuffers;
  collectGarbage();
  const after = process.memoryUsage().arrayBuffers;
  assert.ok(held - before >= 64 * 2 ** 20 || after < held, 'the buffer was counted while held');
  assert.ok(after < before + 16 * 2 ** 20, `64 MB still held after collecting (${((after - before) / 2 ** 20).toFixed(0)} MB)`);
});

test('collectGarbage leaves no gc function in contexts made afterwards (the V8 flag is set back)', () => {
  collectGarbage();
  const exposedAtStart = process.execArgv.some((a) => /expose[-_]gc/.test(a));
  assert.equal(runInNewContext('typeof gc'), exposedAtStart ? 'function' : 'undefined');
});
