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

test('noisy draws exactly what normal() would, element by element', () => {
  for (const [offset, length] of [[0, 7], [1, 8], [0, 1], [3, 0]]) {
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

/** The standard normal CDF, by Abramowitz and Stegun 7.1.26 (error under 1.5e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return 0.5 * (1 + Math.sign(x) * erf);
}

test('normal is the standard normal: Kolmogorov-Smirnov over 200,000 draws and the tails to 4 standard deviations', () => {
  const values = new Float32Array(1_000_000);
  createRng(11).noisy(values, new Float32Array(values.length), 1);
  const beyond = (t: number) => values.filter((v) => Math.abs(v) > t).length / values.length;
  // Expected 4.550%, 0.2700%, 0.00633%; bounds about 4 standard errors wide.
  assert.ok(Math.abs(beyond(2) - 0.0455) < 0.0009, `beyond 2: ${beyond(2)}`);
  assert.ok(Math.abs(beyond(3) - 0.0027) < 0.0002, `beyond 3: ${beyond(3)}`);
  assert.ok(Math.abs(beyond(4) - 6.33e-5) < 3.5e-5, `beyond 4: ${beyond(4)}`);
  const sorted = Float64Array.from(values.subarray(0, 200_000)).sort();
  let d = 0;
  for (let i = 0; i < sorted.length; i++) d = Math.max(d, Math.abs(phi(sorted[i]) - (i + 0.5) / sorted.length));
  // The 1% critical value is 1.63 / sqrt(n).
  assert.ok(d < 1.63 / Math.sqrt(sorted.length), `KS distance ${d}`);
});
