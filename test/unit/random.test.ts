import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/util/random';

function draw(n: number, next: () => number): number[] {
  return Array.from({ length: n }, next);
}

test('the same seed gives the same sequence, another seed a different one', () => {
  const a = createRng(42);
  const b = createRng(42);
  assert.deepEqual(draw(100, a.uniform), draw(100, b.uniform));
  assert.deepEqual(draw(100, a.normal), draw(100, b.normal));
  assert.notDeepEqual(draw(10, createRng(1).uniform), draw(10, createRng(2).uniform));
});

test('uniform lies in [0, 1) with mean about 1/2', () => {
  const values = draw(20000, createRng(7).uniform);
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
});

test('normal has mean about 0 and standard deviation about 1', () => {
  const values = draw(20000, createRng(3).normal);
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  assert.ok(values.every(Number.isFinite));
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(variance) - 1) < 0.03, `std ${Math.sqrt(variance)}`);
});
