/**
 * AttnLRP (Achtibat et al. 2024; LXT's lxt/explicit/functional.py) on hand-built graphs, against a slow dense
 * re-implementation of its equations in float64 here, to 1e-5 of the largest value:
 *  - one attention head: LayerNorm (1/std constant, epsilon on the rest), q, k, v projections (epsilon),
 *    QK^T and A V (uniform split of the epsilon rule on 2 z), Softmax (R_in = x (R - s sum R)), a Gemm head;
 *    and the same with CP-LRP (attention weights constant: A V's relevance all to V), and with the ViT
 *    composite (gamma on the projections and the head);
 *  - an SE gate x * sigmoid(conv(gap(x))): half of R to each factor;
 *  - GELU written as x * 0.5 (1 + erf(x / sqrt 2)) and SiLU as x * sigmoid(x): relevance passes through.
 * And conservation where the rules promise it (no biases): every layer of the SE, GELU and CP-LRP graphs.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ConstTensor, type IRNode, floatTensor } from '../../../src/onnx/ir';
import type { ExplainResult, MethodParams } from '../../../src/protocol';
import { A } from '../../../src/compile/builder';
import { node, randomTensor } from '../../helpers/ir';
import { relativeMaxError } from '../../helpers/referencePairs';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('attnlrp-');

async function lrp(path: string, x: ConstTensor, params: MethodParams = {}): Promise<ExplainResult> {
  return engine.explain({ model: { path }, image: { tensor: { data: x.data as Float32Array, dims: [...x.dims] } }, method: 'lrp', params: { rule: 'epsilon', ...params }, target: 0 });
}

const EPS = 1e-6;
const stab = (z: number) => z + (z >= 0 ? EPS : -EPS);
const f64 = (t: ConstTensor) => Array.from(t.data as Float32Array);
/** a [m, k] times b [k, n], row-major. */
function matmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  const out = new Array(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) out[i * n + j] += a[i * k + p] * b[p * n + j];
  return out;
}
/** Epsilon LRP of out = x W (x [m, k], W [k, n]): R_x. */
function linear(x: number[], w: number[], r: number[], m: number, k: number, n: number): number[] {
  const z = matmul(x, w, m, k, n);
  const out = new Array(m * k).fill(0);
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) out[i * k + p] += (x[i * k + p] * w[p * n + j] * r[i * n + j]) / stab(z[i * n + j]);
  return out;
}
const transpose = (a: number[], m: number, n: number) => Array.from({ length: m * n }, (_, t) => a[(t % m) * n + Math.floor(t / m)]);

describe('one attention head against the dense AttnLRP equations', () => {
  const [T, D, K] = [4, 3, 2];
  const inits = {
    g: randomTensor([D], 1, 0.5, 1.5),
    beta: randomTensor([D], 2, -0.2, 0.2),
    wq: randomTensor([D, D], 3),
    wk: randomTensor([D, D], 4),
    wv: randomTensor([D, D], 5),
    wo: randomTensor([T * D, K], 6),
  };
  /** The head's nodes; `ln`: LayerNorm's inputs (with or without its shift). */
  const head = (ln: string[]) => [
    node('LayerNormalization', ln, ['ln'], { axis: A.int(-1), epsilon: A.float(1e-5) }),
    node('MatMul', ['ln', 'wq'], ['q']),
    node('MatMul', ['ln', 'wk'], ['k']),
    node('MatMul', ['ln', 'wv'], ['v']),
    node('Transpose', ['k'], ['kt'], { perm: A.ints([0, 1, 3, 2]) }),
    node('MatMul', ['q', 'kt'], ['s']),
    node('Softmax', ['s'], ['a'], { axis: A.int(-1) }),
    node('MatMul', ['a', 'v'], ['o']),
    node('Flatten', ['o'], ['f'], { axis: A.int(1) }),
    node('Gemm', ['f', 'wo'], ['y']),
  ];
  const path = model([1, 1, T, D], head(['x', 'g', 'beta']), 'y', inits);
  const x = randomTensor([1, 1, T, D], 7, -2, 2);

  /** `lin`: the weights the linear layers' rule runs on (the forward keeps the model's): gamma's w + 0.25 w+. */
  function reference(cp: boolean, lin: (w: number[]) => number[] = (w) => w): number[] {
    const xs = f64(x);
    const [g, beta, wq, wk, wv, wo] = [inits.g, inits.beta, inits.wq, inits.wk, inits.wv, inits.wo].map(f64);
    const inv: number[] = [];
    const ln: number[] = [];
    for (let t = 0; t < T; t++) {
      const row = xs.slice(t * D, (t + 1) * D);
      const mu = row.reduce((s, v) => s + v, 0) / D;
      const vr = row.reduce((s, v) => s + (v - mu) ** 2, 0) / D;
      inv.push(1 / Math.sqrt(vr + 1e-5));
      row.forEach((v, e) => ln.push((v - mu) * inv[t] * g[e] + beta[e]));
    }
    const [q, k, v] = [wq, wk, wv].map((w) => matmul(ln, w, T, D, D));
    const kt = transpose(k, T, D);
    const s = matmul(q, kt, T, D, T);
    const a: number[] = [];
    for (let t = 0; t < T; t++) {
      const row = s.slice(t * T, (t + 1) * T);
      const mx = Math.max(...row);
      const e = row.map((u) => Math.exp(u - mx));
      const sum = e.reduce((p, u) => p + u, 0);
      e.forEach((u) => a.push(u / sum));
    }
    const o = matmul(a, v, T, T, D);
    const y = matmul(o, wo, 1, T * D, K);
    const rY = y.map((u, j) => (j === 0 ? u : 0));
    const rO = linear(o, lin(wo), rY, 1, T * D, K);
    // A V: uniform split on 2 o, or (CP-LRP) all of it to V on o.
    const rnO = rO.map((r, i) => r / stab((cp ? 1 : 2) * o[i]));
    const rA = cp ? new Array(T * T).fill(0) : a.map((av, idx) => av * Array.from({ length: D }, (_, d) => rnO[Math.floor(idx / T) * D + d] * v[(idx % T) * D + d]).reduce((p, u) => p + u, 0));
    const rV = v.map((vv, idx) => vv * Array.from({ length: T }, (_, i) => a[i * T + Math.floor(idx / D)] * rnO[i * D + (idx % D)]).reduce((p, u) => p + u, 0));
    // Softmax: R_s = s (R_a - a sum_row R_a).
    const rS = s.map((sv, idx) => {
      const t = Math.floor(idx / T);
      const rowSum = rA.slice(t * T, (t + 1) * T).reduce((p, u) => p + u, 0);
      return sv * (rA[idx] - a[idx] * rowSum);
    });
    // Q K^T: uniform split on 2 s.
    const rnS = rS.map((r, i) => r / stab(2 * s[i]));
    const rQ = q.map((qv, idx) => qv * Array.from({ length: T }, (_, j) => rnS[Math.floor(idx / D) * T + j] * kt[(idx % D) * T + j]).reduce((p, u) => p + u, 0));
    const rKt = kt.map((kv, idx) => kv * Array.from({ length: T }, (_, i) => q[i * D + Math.floor(idx / T)] * rnS[i * T + (idx % T)]).reduce((p, u) => p + u, 0));
    const rK = transpose(rKt, D, T);
    const rLn = [linear(ln, lin(wq), rQ, T, D, D), linear(ln, lin(wk), rK, T, D, D), linear(ln, lin(wv), rV, T, D, D)].reduce((p, u) => p.map((e, i) => e + u[i]));
    // LayerNorm: epsilon rule of the map linear in x with 1/std constant.
    const out: number[] = [];
    for (let t = 0; t < T; t++) {
      const gg = Array.from({ length: D }, (_, e) => (g[e] * inv[t] * rLn[t * D + e]) / stab(ln[t * D + e]));
      const mg = gg.reduce((p, u) => p + u, 0) / D;
      for (let e = 0; e < D; e++) out.push(xs[t * D + e] * (gg[e] - mg));
    }
    return out;
  }

  for (const cp of [false, true]) {
    it(cp ? 'CP-LRP (attention weights constant)' : 'AttnLRP (uniform split of the products)', async () => {
      const r = await lrp(path, x, cp ? { cpLrp: true } : {});
      const want = reference(cp);
      const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
      assert.ok(err <= 1e-5, `${err.toExponential(2)}: got ${Array.from(r.relevance.data).map((v) => v.toFixed(5))}, want ${want.map((v) => v.toFixed(5))}`);
    });
  }

  it("the ViT composite: gamma (0.25) on every linear layer, AttnLRP's rules inside attention", async () => {
    const r = await lrp(path, x, { composite: 'vit' });
    const want = reference(false, (w) => w.map((v) => v + 0.25 * Math.max(v, 0)));
    const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
    assert.ok(err <= 1e-5, `${err.toExponential(2)}: got ${Array.from(r.relevance.data).map((v) => v.toFixed(5))}, want ${want.map((v) => v.toFixed(5))}`);
    assert.ok(relativeMaxError(r.relevance.data, Float32Array.from(reference(false))) > 1e-3, 'gamma differs from epsilon here');
  });

  it('CP-LRP without biases conserves the score through every layer (the softmax carries none)', async () => {
    const path0 = model([1, 1, T, D], head(['x', 'g']), 'y', { g: inits.g, wq: inits.wq, wk: inits.wk, wv: inits.wv, wo: inits.wo });
    const r = await lrp(path0, x, { cpLrp: true });
    for (const l of r.layers.filter((l) => ['ln', 'v', 'o', 'f', 'y'].includes(l.name))) assert.ok(Math.abs(l.sum - r.score) <= 1e-5 * Math.abs(r.score), `${l.name}: ${l.sum} vs ${r.score}`);
    assert.ok(Math.abs(r.relevanceSum - r.score) <= 1e-5 * Math.abs(r.score), `input: ${r.relevanceSum} vs ${r.score}`);
  });
});

describe('products of two activations', () => {
  it('an SE gate x * sigmoid(conv(gap(x))) gives half of R to each factor, and every layer conserves', async () => {
    const [C, H] = [3, 2];
    const inits = { w: randomTensor([C, C, 1, 1], 11), wo: randomTensor([C * H * H, 2], 12) };
    const path = model(
      [1, C, H, H],
      [
        node('GlobalAveragePool', ['x'], ['p']),
        node('Conv', ['p', 'w'], ['c']),
        node('Sigmoid', ['c'], ['gate']),
        node('Mul', ['x', 'gate'], ['m']),
        node('Flatten', ['m'], ['f'], { axis: A.int(1) }),
        node('Gemm', ['f', 'wo'], ['y']),
      ],
      'y',
      inits,
    );
    const x = randomTensor([1, C, H, H], 13, 0.1, 2);
    const r = await lrp(path, x);
    // Dense: R_m from the Gemm; x gets R_m / 2 directly and the gate's half, summed over space, passes the
    // Sigmoid, the 1x1 Conv (epsilon) and the pool (epsilon: x / (H*H*mean)).
    const xs = f64(x);
    const [w, wo] = [inits.w, inits.wo].map(f64);
    const p = Array.from({ length: C }, (_, c) => xs.slice(c * H * H, (c + 1) * H * H).reduce((s, v) => s + v, 0) / (H * H));
    const cz = Array.from({ length: C }, (_, o) => p.reduce((s, v, i) => s + w[o * C + i] * v, 0));
    const gate = cz.map((v) => 1 / (1 + Math.exp(-v)));
    const m = xs.map((v, i) => v * gate[Math.floor(i / (H * H))]);
    const y = matmul(m, wo, 1, C * H * H, 2);
    const rM = linear(m, wo, [y[0], 0], 1, C * H * H, 2);
    const rGate = Array.from({ length: C }, (_, c) => rM.slice(c * H * H, (c + 1) * H * H).reduce((s, v) => s + v / 2, 0));
    const rP = Array.from({ length: C }, (_, i) => cz.reduce((s, z, o) => s + (p[i] * w[o * C + i] * rGate[o]) / stab(z), 0));
    const want = xs.map((v, i) => rM[i] / 2 + (v / (H * H) / stab(p[Math.floor(i / (H * H))])) * rP[Math.floor(i / (H * H))]);
    const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
    assert.ok(err <= 1e-5, `${err.toExponential(2)}`);
    for (const l of r.layers.filter((l) => ['m', 'f', 'y'].includes(l.name))) assert.ok(Math.abs(l.sum - r.score) <= 1e-5 * Math.abs(r.score), `${l.name}: ${l.sum} vs ${r.score}`);
    assert.ok(Math.abs(r.relevanceSum - r.score) <= 1e-5 * Math.abs(r.score));
  });

  for (const [name, gateNodes] of [
    ['GELU as x * 0.5 (1 + erf(x / sqrt 2))', [node('Div', ['h', 'sqrt2'], ['hs']), node('Erf', ['hs'], ['e']), node('Add', ['e', 'one'], ['e1']), node('Mul', ['h', 'e1'], ['hm']), node('Mul', ['hm', 'half'], ['act'])]],
    ['SiLU as x * sigmoid(x)', [node('Sigmoid', ['h'], ['sg']), node('Mul', ['h', 'sg'], ['act'])]],
  ] as [string, IRNode[]][]) {
    it(`${name} passes relevance through: the same as the identity in its place`, async () => {
      const inits = { w1: randomTensor([4, 5], 21), w2: randomTensor([5, 2], 22), sqrt2: floatTensor([Math.SQRT2], []), one: floatTensor([1], []), half: floatTensor([0.5], []) };
      const path = model([1, 1, 1, 4], [node('Flatten', ['x'], ['xf'], { axis: A.int(1) }), node('MatMul', ['xf', 'w1'], ['h']), ...gateNodes, node('MatMul', ['act', 'w2'], ['y'])], 'y', inits);
      const x = randomTensor([1, 1, 1, 4], 23, -1, 1);
      const r = await lrp(path, x);
      const xs = f64(x);
      const h = matmul(xs, f64(inits.w1), 1, 4, 5);
      const erf = (u: number) => {
        // Abramowitz-Stegun 7.1.26 is too coarse for 1e-5; the series converges fast for |u| < 3.
        let sum = 0;
        let term = u;
        for (let n = 0; n < 60; n++) {
          sum += term / (2 * n + 1);
          term *= (-u * u) / (n + 1);
        }
        return (2 / Math.sqrt(Math.PI)) * sum;
      };
      const act = h.map((v) => (name.startsWith('GELU') ? v * 0.5 * (1 + erf(v / Math.SQRT2)) : v / (1 + Math.exp(-v))));
      const y = matmul(act, f64(inits.w2), 1, 5, 2);
      const rAct = linear(act, f64(inits.w2), [y[0], 0], 1, 5, 2);
      const want = linear(xs, f64(inits.w1), rAct, 1, 4, 5);
      const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
      assert.ok(err <= 1e-5, `${err.toExponential(2)}`);
      const rH = r.layers.find((l) => l.name === 'h')!;
      assert.ok(Math.abs(rH.sum - r.score) <= 1e-5 * Math.abs(r.score), `h: ${rH.sum} vs ${r.score}`);
    });
  }
});
