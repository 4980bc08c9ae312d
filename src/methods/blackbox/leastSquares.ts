/**
 * Weighted least squares with an optional ridge penalty and unpenalized intercept, as scikit-learn's Ridge
 * and LinearRegression fit with sample weights: minimizes sum_r w_r (y_r - b - x_r . beta)^2 + ridge |beta|^2.
 * The normal equations, in float64, solved by Cholesky; a system without a unique solution is refused.
 */
import { ExplainError } from '../../errors';

export interface LinearFit {
  coef: Float64Array;
  intercept: number;
}

/**
 * `x`: rows x cols, row-major. `underdetermined`: the error message when the rows do not pin the
 * coefficients down (too few samples for the features).
 */
export function weightedLeastSquares(
  x: Float64Array,
  y: ArrayLike<number>,
  w: ArrayLike<number>,
  cols: number,
  /**
   * `jitter`: a ridge of this fraction of the normal matrix's mean diagonal, which makes a rank-deficient fit
   * the minimum-norm one in the limit, as numpy's lstsq (scikit-learn's LinearRegression, Captum's Kernel SHAP).
   */
  opts: { ridge?: number; jitter?: number; intercept?: boolean; underdetermined: string },
): LinearFit {
  const rows = y.length;
  const ridge = opts.ridge ?? 0;
  const xMean = new Float64Array(cols);
  let yMean = 0;
  if (opts.intercept) {
    let total = 0;
    for (let r = 0; r < rows; r++) {
      total += w[r];
      yMean += w[r] * y[r];
      for (let c = 0; c < cols; c++) xMean[c] += w[r] * x[r * cols + c];
    }
    if (!(total > 0)) throw new ExplainError('BAD_ARGUMENT', opts.underdetermined);
    yMean /= total;
    for (let c = 0; c < cols; c++) xMean[c] /= total;
  }
  const a = new Float64Array(cols * cols);
  const rhs = new Float64Array(cols);
  const row = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const wr = w[r];
    if (wr === 0) continue;
    for (let c = 0; c < cols; c++) row[c] = x[r * cols + c] - xMean[c];
    const yr = y[r] - yMean;
    for (let i = 0; i < cols; i++) {
      const wi = wr * row[i];
      if (wi === 0) continue;
      rhs[i] += wi * yr;
      for (let j = 0; j <= i; j++) a[i * cols + j] += wi * row[j];
    }
  }
  let trace = 0;
  for (let i = 0; i < cols; i++) trace += a[i * cols + i];
  for (let i = 0; i < cols; i++) a[i * cols + i] += ridge + ((opts.jitter ?? 0) * trace) / cols;
  const coef = choleskySolve(a, rhs, cols, opts.underdetermined);
  let intercept = 0;
  if (opts.intercept) {
    intercept = yMean;
    for (let c = 0; c < cols; c++) intercept -= xMean[c] * coef[c];
  }
  return { coef, intercept };
}

/** Solves a x = b for symmetric positive definite a (its lower triangle is read, and overwritten). */
function choleskySolve(a: Float64Array, b: Float64Array, n: number, singular: string): Float64Array {
  let scale = 0;
  for (let i = 0; i < n; i++) scale = Math.max(scale, a[i * n + i]);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= a[j * n + k] ** 2;
    if (!(d > 1e-12 * scale)) throw new ExplainError('BAD_ARGUMENT', singular);
    const root = Math.sqrt(d);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / root;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= a[i * n + k] * z[k];
    z[i] = s / a[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= a[k * n + i] * z[k];
    z[i] = s / a[i * n + i];
  }
  return z;
}
