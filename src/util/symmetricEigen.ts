/**
 * The largest eigenvalue of a real symmetric matrix and its unit eigenvector, by cyclic Jacobi rotations
 * (Golub & Van Loan, 8.5): every eigenpair to working precision however close the eigenvalues are, where a
 * power iteration would stall. O(n^3) per sweep, a handful of sweeps: fine for the n of a feature map's
 * smaller side (channels or positions, at most a few hundred).
 */
export function topEigen(matrix: Float64Array, n: number): { value: number; vector: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const offNorm = () => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) s += a[i * n + j] ** 2;
    return s;
  };
  let scale = 0;
  for (const x of a) scale += x * x;
  for (let sweep = 0; sweep < 100 && offNorm() > 1e-30 * scale; sweep++) {
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q]: t = tan(theta), the smaller root for stability.
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const [akp, akq] = [a[k * n + p], a[k * n + q]];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const [apk, aqk] = [a[p * n + k], a[q * n + k]];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const [vkp, vkq] = [v[k * n + p], v[k * n + q]];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  let top = 0;
  for (let i = 1; i < n; i++) if (a[i * n + i] > a[top * n + top]) top = i;
  return { value: a[top * n + top], vector: Float64Array.from({ length: n }, (_, k) => v[k * n + top]) };
}
