/**
 * Points and weights on [0, 1] for integrating along the path from the baseline to the input.
 * The trapezoid rule is the textbook one (weights sum to 1), not Captum's variant whose weights sum to
 * (n-1)/n.
 */
import { ExplainError } from '../errors';
import type { IntegrationRule } from '../protocol';

export interface Quadrature {
  alphas: number[];
  weights: number[];
}

export function quadrature(rule: IntegrationRule, n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1) throw new ExplainError('BAD_ARGUMENT', `steps must be a positive integer (got ${n}).`);
  const k = [...Array(n).keys()];
  switch (rule) {
    case 'riemann-left':
      return { alphas: k.map((i) => i / n), weights: k.map(() => 1 / n) };
    case 'riemann-right':
      return { alphas: k.map((i) => (i + 1) / n), weights: k.map(() => 1 / n) };
    case 'riemann-middle':
      return { alphas: k.map((i) => (i + 0.5) / n), weights: k.map(() => 1 / n) };
    case 'trapezoid':
      if (n < 2) throw new ExplainError('BAD_ARGUMENT', 'The trapezoid rule needs at least 2 steps.');
      return { alphas: k.map((i) => i / (n - 1)), weights: k.map((i) => (i === 0 || i === n - 1 ? 0.5 : 1) / (n - 1)) };
    case 'gauss-legendre':
      return gaussLegendre(n);
    default:
      throw new ExplainError('BAD_ARGUMENT', `Unknown integration rule "${rule}"; use trapezoid, riemann-left, riemann-right, riemann-middle or gauss-legendre.`);
  }
}

/** Nodes are the roots of the Legendre polynomial P_n, found by Newton's method; mapped from [-1,1] to [0,1]. */
function gaussLegendre(n: number): Quadrature {
  const alphas = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let j = 2; j <= n; j++) [p0, p1] = [p1, ((2 * j - 1) * x * p1 - (j - 1) * p0) / j];
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    // Ascending alphas: node i counted from -1 upwards.
    alphas[n - 1 - i] = (1 + x) / 2;
    weights[n - 1 - i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { alphas, weights };
}
