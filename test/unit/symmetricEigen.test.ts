import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topEigen } from '../../src/util/symmetricEigen';
import { createRng } from '../../src/util/random';

/** A symmetric matrix Q diag(values) Q^T with a random orthogonal Q (Gram-Schmidt on Gaussian columns). */
function withEigenvalues(values: number[], seed: number): { m: Float64Array; q: Float64Array[] } {
  const n = values.length;
  const rng = createRng(seed);
  const q: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const v = Float64Array.from({ length: n }, rng.normal);
    for (const u of q) {
      const d = v.reduce((s, x, i) => s + x * u[i], 0);
      for (let i = 0; i < n; i++) v[i] -= d * u[i];
    }
    const norm = Math.hypot(...v);
    q.push(v.map((x) => x / norm));
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) m[i * n + j] += q[k][i] * values[k] * q[k][j];
  return { m, q };
}

test('topEigen finds the largest eigenvalue and its vector, also when the next one is within 1e-6', () => {
  for (const values of [[5, 1, -7, 0.5, 2], [3, 3 - 1e-6, 1, 0, -1, 2.5, 0.1, 0.2]]) {
    const { m, q } = withEigenvalues(values, values.length);
    const { value, vector } = topEigen(m, values.length);
    const top = values.indexOf(Math.max(...values));
    assert.ok(Math.abs(value - values[top]) < 1e-9, `${value} vs ${values[top]}`);
    const cos = Math.abs(vector.reduce((s, x, i) => s + x * q[top][i], 0));
    assert.ok(cos > 1 - 1e-6, `|cos| = ${cos}`);
  }
});

test('topEigen of a 1x1 and of a zero matrix', () => {
  assert.deepEqual(topEigen(Float64Array.of(4), 1), { value: 4, vector: Float64Array.of(1) });
  assert.equal(topEigen(new Float64Array(9), 3).value, 0);
});
