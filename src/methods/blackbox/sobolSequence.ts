/**
 * Sobol low-discrepancy points (Sobol 1967, generated as Bratley and Fox 1988 describe, in Gray-code order)
 * in any number of dimensions: dimension 1 is van der Corput's; dimension j > 1 takes the j-1-th primitive
 * polynomial over GF(2) (by degree, then value) and initial direction numbers m_k, odd and below 2^k, drawn
 * from the seed. Joe and Kuo's tuned table (scipy's) is thousands of numbers; any odd m_k below 2^k gives a
 * valid Sobol sequence, and a seeded draw makes it a randomized one. The first point, all zeros, is skipped.
 */
import { ExplainError } from '../../errors';
import type { Rng } from '../../util/random';

const BITS = 30;
const MAX_DEGREE = 16;

/** `count` points in [0, 1)^dims, row-major. */
export function sobolPoints(count: number, dims: number, rng: Rng): Float64Array {
  const polys = primitivePolynomials(dims - 1);
  const directions = new Uint32Array(dims * BITS);
  for (let k = 0; k < BITS; k++) directions[k] = 1 << (BITS - 1 - k);
  for (let j = 1; j < dims; j++) {
    const p = polys[j - 1];
    const degree = 31 - Math.clz32(p);
    const m = new Uint32Array(BITS);
    for (let k = 0; k < Math.min(degree, BITS); k++) m[k] = (Math.floor(rng.uniform() * (1 << k)) << 1) | 1;
    for (let k = degree; k < BITS; k++) {
      // m_k = 2 a_1 m_{k-1} ^ 4 a_2 m_{k-2} ^ ... ^ 2^s m_{k-s} ^ m_{k-s}, a_i the polynomial's inner coefficients.
      let v = m[k - degree] ^ (m[k - degree] << degree);
      for (let i = 1; i < degree; i++) if ((p >> (degree - i)) & 1) v ^= m[k - i] << i;
      m[k] = v;
    }
    for (let k = 0; k < BITS; k++) directions[j * BITS + k] = m[k] << (BITS - 1 - k);
  }
  const out = new Float64Array(count * dims);
  const x = new Uint32Array(dims);
  for (let n = 1; n <= count; n++) {
    // Gray code: point n differs from point n - 1 by the direction of n - 1's lowest zero bit.
    const c = 31 - Math.clz32(~(n - 1) & n);
    for (let j = 0; j < dims; j++) {
      x[j] ^= directions[j * BITS + c];
      out[(n - 1) * dims + j] = x[j] / 2 ** BITS;
    }
  }
  return out;
}

/** The first `count` primitive polynomials over GF(2) of degree >= 1, as bit masks (x^2 + x + 1 = 0b111). */
export function primitivePolynomials(count: number): number[] {
  const out: number[] = [];
  for (let degree = 1; out.length < count; degree++) {
    if (degree > MAX_DEGREE) throw new ExplainError('BAD_ARGUMENT', `Sobol points in more than ${out.length + 1} dimensions are not supported: use fewer features.`);
    const order = 2 ** degree - 1;
    const factors = primeFactors(order);
    for (let p = (1 << degree) | 1; p < 1 << (degree + 1) && out.length < count; p += 2) {
      if (powMod(2, order, p) === 1 && factors.every((q) => powMod(2, order / q, p) !== 1)) out.push(p);
    }
  }
  return out;
}

/** x^e mod p in GF(2)[x], with x = 0b10 (`base` 2). */
function powMod(base: number, e: number, p: number): number {
  let result = 1;
  let b = base;
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2) result = mulMod(result, b, p);
    b = mulMod(b, b, p);
  }
  return result;
}

function mulMod(a: number, b: number, p: number): number {
  const degree = 31 - Math.clz32(p);
  let r = 0;
  let x = a;
  for (let y = b; y; y >>>= 1) {
    if (y & 1) r ^= x;
    x <<= 1;
    if ((x >> degree) & 1) x ^= p;
  }
  return r;
}

function primeFactors(n: number): number[] {
  const out: number[] = [];
  let m = n;
  for (let q = 2; q * q <= m; q++) {
    if (m % q) continue;
    out.push(q);
    while (m % q === 0) m /= q;
  }
  if (m > 1) out.push(m);
  return out;
}
