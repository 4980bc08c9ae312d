/**
 * Eigenvalues and eigenvectors of a real symmetric matrix: Householder reduction to tridiagonal form and the
 * implicit QL algorithm (tred2 and tql2 of EISPACK, as in JAMA and Numerical Recipes). Every eigenvalue, with
 * multiplicities, so a graph of several disconnected parts has as many zero Laplacian eigenvalues as parts
 * (which a Lanczos run from one start vector would miss). O(n^3): about a second for n = 1000.
 */

export interface SymmetricEigen {
  /** Ascending. */
  values: Float64Array;
  /** Row k is the unit eigenvector of values[k]. */
  vectors: Float64Array;
  n: number;
}

/** `a`: n x n, row-major, symmetric (both triangles equal); not modified. */
export function symmetricEigen(a: ArrayLike<number>, n: number): SymmetricEigen {
  // Both passes run on the transform's transpose W (eigenvector estimates as rows): their inner loops walk
  // columns of the textbook's V, which are then contiguous (5x faster at n = 600 than the row-major original).
  // A symmetric matrix is its own transpose, so W starts as a copy of it.
  const W = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) return { values: d, vectors: W, n };
  tred2(W, d, e, n);
  tql2(W, d, e, n);
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = Float64Array.from(order, (i) => d[i]);
  const vectors = new Float64Array(n * n);
  order.forEach((i, k) => vectors.set(W.subarray(i * n, (i + 1) * n), k * n));
  return { values, vectors, n };
}

/** Householder tridiagonalization; W becomes the orthogonal transform's transpose, d the diagonal, e the subdiagonal (e[0] = 0). */
function tred2(W: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) d[j] = W[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = W[j * n + i - 1];
        W[j * n + i] = 0;
        W[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        W[i * n + j] = f;
        g = e[j] + W[j * n + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += W[j * n + k] * d[k];
          e[k] += W[j * n + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) W[j * n + k] -= f * e[k] + g * d[k];
        d[j] = W[j * n + i - 1];
        W[j * n + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    W[i * n + n - 1] = W[i * n + i];
    W[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = W[(i + 1) * n + k] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += W[(i + 1) * n + k] * W[j * n + k];
        for (let k = 0; k <= i; k++) W[j * n + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) W[(i + 1) * n + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = W[j * n + n - 1];
    W[j * n + n - 1] = 0;
  }
  W[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Implicit QL on the tridiagonal (d, e); T holds the eigenvectors as rows (the transpose of tred2's V). */
function tql2(T: Float64Array, d: Float64Array, e: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = Math.hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          rotateRows(T, i * n, (i + 1) * n, n, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** (row a, row b) <- (c a - s b, s a + c b): the Givens rotation of two eigenvector estimates. */
function rotateRows(T: Float64Array, a: number, b: number, n: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const h = T[b + k];
    T[b + k] = s * T[a + k] + c * h;
    T[a + k] = c * T[a + k] - s * h;
  }
}
