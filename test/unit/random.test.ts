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

test('noisy draws exactly what normal() would, element by element, whatever spare is pending', () => {
  for (const [offset, length] of [[0, 7], [1, 8], [0, 1], [1, 1], [3, 0]]) {
    const a = createRng(9);
    const b = createRng(9);
    for (let k = 0; k < offset; k++) {
      a.normal();
      b.normal();
    }
    const mean = Float32Array.from({ length }, (_, i) => i);
    const out = new Float32Array(length);
    a.noisy(out, mean, 0.5);
    const expected = Float32Array.from({ length }, (_, i) => i + 0.5 * b.normal());
    assert.deepEqual(out, expected, `after ${offset} draws, ${length} values`);
    assert.equal(a.normal(), b.normal(), 'the generators stay in step');
  }
});

test('normal tails: about 4.55% beyond 2 standard deviations, 0.27% beyond 3', () => {
  const values = new Float32Array(200000);
  createRng(11).noisy(values, new Float32Array(values.length), 1);
  const beyond = (t: number) => values.filter((v) => Math.abs(v) > t).length / values.length;
  assert.ok(Math.abs(beyond(2) - 0.0455) < 0.003, `beyond 2: ${beyond(2)}`);
  assert.ok(Math.abs(beyond(3) - 0.0027) < 0.0006, `beyond 3: ${beyond(3)}`);
});
