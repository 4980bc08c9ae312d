import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { quadrature } from '../../../src/methods/quadrature';
import type { IntegrationRule } from '../../../src/protocol';

const RULES: IntegrationRule[] = ['trapezoid', 'riemann-left', 'riemann-right', 'riemann-middle', 'gauss-legendre'];

describe('quadrature', () => {
  for (const rule of RULES) {
    it(`${rule}: weights sum to 1 and points lie in [0, 1]`, () => {
      for (const n of [2, 5, 32]) {
        const q = quadrature(rule, n);
        assert.equal(q.alphas.length, n);
        assert.ok(Math.abs(q.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
        assert.ok(q.alphas.every((a) => a >= 0 && a <= 1));
        assert.ok(q.alphas.every((a, i) => i === 0 || a > q.alphas[i - 1]), 'ascending');
      }
    });
  }

  it('gauss-legendre integrates polynomials up to degree 2n-1 exactly', () => {
    for (const n of [1, 3, 8, 32]) {
      const q = quadrature('gauss-legendre', n);
      for (let deg = 0; deg <= 2 * n - 1; deg += Math.max(1, Math.floor(n / 2))) {
        const approx = q.alphas.reduce((s, a, i) => s + q.weights[i] * a ** deg, 0);
        assert.ok(Math.abs(approx - 1 / (deg + 1)) < 1e-12, `n=${n} degree ${deg}: ${approx}`);
      }
    }
  });

  it('trapezoid is the textbook rule (not Captum\'s weights that sum to (n-1)/n)', () => {
    const q = quadrature('trapezoid', 5);
    assert.deepEqual(q.alphas, [0, 0.25, 0.5, 0.75, 1]);
    assert.deepEqual(q.weights, [0.125, 0.25, 0.25, 0.25, 0.125]);
  });

  it('rejects bad step counts and unknown rules', () => {
    assert.throws(() => quadrature('trapezoid', 1), /at least 2/);
    assert.throws(() => quadrature('gauss-legendre', 0), /positive integer/);
    assert.throws(() => quadrature('simpson' as IntegrationRule, 4), /Unknown integration rule/);
  });
});
