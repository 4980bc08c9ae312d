/**
 * LRP with the bias redistributed (issue 12: exact conservation) on hand-built graphs, against a slow dense
 * float64 re-implementation of the rule, to 1e-5 of the largest value, and conservation at every layer to
 * 1e-6 of the score. The rule, for a unit j that reads inputs i with terms x_i w_ji and bias b_j
 * (z_j = sum_i x_i w_ji + b_j):
 *  - |z_j| <= 0.05 (sum_i |x_i w_ji| + |b_j|) (negligible.ts): R_j spread evenly over the inputs it reads;
 *  - else R_i += x_i w_ji R_j / (z_j + eps sign z_j), and what that leaves of R_j (the bias's and the
 *    stabilizer's share) spread evenly over those inputs.
 * The inputs a unit reads are the image's: an average pool's padding (explicit Pad or its own) reads none.
 * Cases: a Gemm with a near-cancelling unit, average pools with padding three ways, the softmax's rule (its
 * unexplained sum(R) - sum(R_in) spread over the row), the uniform split of q k^T (spread over its 2K
 * factors), and a constant concatenated to the tokens (a class token: spread along the axis over them).
 * Inputs are in [0, 1], a pixel range the engine knows is non-negative (it drops x- parts there).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ConstTensor, floatTensor } from '../../../src/onnx/ir';
import type { ExplainResult } from '../../../src/protocol';
import { A } from '../../../src/compile/builder';
import { attentionScores, node, randomTensor } from '../../helpers/ir';
import { relativeMaxError } from '../../helpers/referencePairs';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('lrp-redistribute-');

/**
 * The rule's epsilon, large so that the stabilizer's share (which must be spread too) is far above float32
 * rounding; the products of two activations keep their own (PRODUCT_EPSILON, 1e-6).
 */
const EPS = 0.1;
const stab = (z: number, eps = EPS) => z + (z >= 0 ? eps : -eps);
const f64 = (t: ConstTensor) => Array.from(t.data as Float32Array);

/** One dense layer: unit j reads inputs `reads[j]` with weights w[j][i]; its bias b[j]. */
interface Dense {
  reads: number[][];
  w: (j: number, i: number) => number;
  b?: number[];
}

/** The rule above, slowly: R_x from R_out. */
function lrpDense(layer: Dense, x: number[], r: number[]): number[] {
  const out = new Array(x.length).fill(0);
  layer.reads.forEach((reads, j) => {
    const terms = reads.map((i) => x[i] * layer.w(j, i));
    const bias = layer.b?.[j] ?? 0;
    const z = terms.reduce((s, t) => s + t, 0) + bias;
    const magnitude = terms.reduce((s, t) => s + Math.abs(t), 0) + Math.abs(bias);
    const s = Math.abs(z) <= 0.05 * magnitude ? 0 : r[j] / stab(z);
    const rest = r[j] - s * (z - bias);
    reads.forEach((i, k) => (out[i] += terms[k] * s + rest / reads.length));
  });
  return out;
}

/** Gemm x [1, K] times B [K, N] plus c, as a dense layer. */
function gemm(B: number[], K: number, N: number, c?: number[]): Dense {
  const all = Array.from({ length: K }, (_, i) => i);
  return { reads: Array.from({ length: N }, () => all), w: (j, i) => B[i * N + j], b: c };
}

const forward = (layer: Dense, x: number[]) => layer.reads.map((reads, j) => reads.reduce((s, i) => s + x[i] * layer.w(j, i), 0) + (layer.b?.[j] ?? 0));

async function lrp(path: string, x: ConstTensor): Promise<ExplainResult> {
  const tensor = { data: x.data as Float32Array, dims: [...x.dims] };
  return engine.explain({ model: { path }, image: { tensor }, method: 'lrp', params: { rule: 'epsilon', epsilon: EPS, bias: 'redistribute' }, target: 0 });
}

function assertMatches(r: ExplainResult, want: number[], layers: string[]): void {
  const err = relativeMaxError(r.relevance.data, Float32Array.from(want));
  assert.ok(err <= 1e-5, `${err.toExponential(2)}: got ${Array.from(r.relevance.data).map((v) => v.toFixed(5))}, want ${want.map((v) => v.toFixed(5))}`);
  for (const name of layers) {
    const l = r.layers.find((k) => k.name === name);
    assert.ok(l, `no layer ${name}`);
    assert.ok(Math.abs(l.sum - r.score) <= 1e-6 * Math.abs(r.score), `${name}: ${l.sum} vs ${r.score}`);
  }
  assert.ok(Math.abs(r.relevanceSum - r.score) <= 1e-6 * Math.abs(r.score), `input: ${r.relevanceSum} vs ${r.score}`);
}

/** Relevance of the head Gemm's input for target 0, with the score y_0 as R. */
function fromHead(head: Dense, h: number[]): number[] {
  const y = forward(head, h);
  return lrpDense(head, h, y.map((v, j) => (j === 0 ? v : 0)));
}

describe('LRP with the bias redistributed, against the dense rule', () => {
  it('a Gemm whose first unit nearly cancels (z = 1e-3 of its terms) and biases everywhere', async () => {
    const x = randomTensor([1, 1, 1, 4], 1, 0.2, 1);
    const xs = f64(x);
    const w1 = f64(randomTensor([4, 3], 2));
    // Unit 0's last weight makes z_0 = 1e-3 * sum |terms| (its bias included).
    const b1 = [0.05, -0.1, 0.2];
    const partial = xs.slice(0, 3).reduce((s, v, i) => s + v * w1[i * 3], 0) + b1[0];
    w1[9] = (-partial + 1e-3 * (xs.slice(0, 3).reduce((s, v, i) => s + Math.abs(v * w1[i * 3]), 0) + Math.abs(partial))) / xs[3];
    const w2 = f64(randomTensor([3, 2], 3));
    const b2 = [0.3, -0.2];
    const inits = { w1: floatTensor(w1, [4, 3]), b1: floatTensor(b1, [3]), w2: floatTensor(w2, [3, 2]), b2: floatTensor(b2, [2]) };
    const path = model([1, 1, 1, 4], [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w1', 'b1'], ['h']), node('Tanh', ['h'], ['t']), node('Gemm', ['t', 'w2', 'b2'], ['y'])], 'y', inits);
    const first = gemm(w1, 4, 3, b1);
    const h = forward(first, xs);
    assert.ok(Math.abs(h[0]) < 1e-2 * Math.abs(h[1]), 'the unit does nearly cancel');
    const want = lrpDense(first, xs, fromHead(gemm(w2, 3, 2, b2), h.map(Math.tanh)));
    assertMatches(await lrp(path, x), want, ['h', 't', 'y']);
  });

  // A 3x3 stride-2 average with one cell of zero padding, three ways torch and others export it: the padding
  // is never an input, so a window's unexplained relevance goes to its image cells only.
  const [C, H] = [3, 4];
  const O = 2; // (4 + 2 - 3) / 2 + 1
  const pools: [string, (x: string) => ReturnType<typeof node>[], boolean][] = [
    ['Pad + AveragePool (torch, count_include_pad)', (x) => [node('Pad', [x, 'pads'], ['xp']), node('AveragePool', ['xp'], ['p'], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]) })], true],
    ['AveragePool with its own padding, count_include_pad=1', (x) => [node('AveragePool', [x], ['p'], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]), count_include_pad: A.int(1) })], true],
    ['AveragePool with its own padding, count_include_pad=0', (x) => [node('AveragePool', [x], ['p'], { kernel_shape: A.ints([3, 3]), strides: A.ints([2, 2]), pads: A.ints([1, 1, 1, 1]) })], false],
  ];
  for (const [name, nodes, includePad] of pools) {
    it(name, async () => {
      const x = randomTensor([1, C, H, H], 4, 0, 1);
      const wo = randomTensor([C * O * O, 2], 5);
      const pads = { type: 'int64' as const, dims: [8], data: BigInt64Array.from([0, 0, 1, 1, 0, 0, 1, 1].map(BigInt)) };
      const path = model([1, C, H, H], [...nodes('x'), node('Flatten', ['p'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'wo'], ['y'])], 'y', { wo, pads });
      const reads: number[][] = [];
      for (let c = 0; c < C; c++)
        for (let oy = 0; oy < O; oy++)
          for (let ox = 0; ox < O; ox++) {
            const cells: number[] = [];
            for (let dy = 0; dy < 3; dy++)
              for (let dx = 0; dx < 3; dx++) {
                const [iy, ix] = [oy * 2 - 1 + dy, ox * 2 - 1 + dx];
                if (iy >= 0 && iy < H && ix >= 0 && ix < H) cells.push((c * H + iy) * H + ix);
              }
            reads.push(cells);
          }
      const pool: Dense = { reads, w: (j) => 1 / (includePad ? 9 : reads[j].length) };
      const xs = f64(x);
      const want = lrpDense(pool, xs, fromHead(gemm(f64(wo), C * O * O, 2), forward(pool, xs)));
      assertMatches(await lrp(path, x), want, ['p', 'f', 'y']);
    });
  }

  const [T, D] = [3, 4];
  it('Softmax: x (R - s sum R), and sum(R) - sum(R_in) of each row spread over the row', async () => {
    const x = randomTensor([1, 1, T, D], 6, 0, 1);
    const wo = randomTensor([T * D, 2], 7);
    const path = model([1, 1, T, D], [node('Softmax', ['x'], ['a'], { axis: A.int(-1) }), node('Flatten', ['a'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'wo'], ['y'])], 'y', { wo });
    const xs = f64(x);
    const a = xs.map((_, i) => {
      const row = xs.slice(Math.floor(i / D) * D, Math.floor(i / D) * D + D);
      return Math.exp(xs[i]) / row.reduce((s, v) => s + Math.exp(v), 0);
    });
    const rA = fromHead(gemm(f64(wo), T * D, 2), a);
    const want: number[] = [];
    for (let t = 0; t < T; t++) {
      const idx = Array.from({ length: D }, (_, e) => t * D + e);
      const sum = idx.reduce((s, i) => s + rA[i], 0);
      const rIn = idx.map((i) => xs[i] * (rA[i] - a[i] * sum));
      const spread = (sum - rIn.reduce((s, v) => s + v, 0)) / D;
      want.push(...rIn.map((v) => v + spread));
    }
    assertMatches(await lrp(path, x), want, ['a', 'f', 'y']);
  });

  it("a constant concatenated before the tokens (ViT's class token): its relevance spread over the tokens", async () => {
    const x = randomTensor([1, 1, T, D], 12, 0, 1);
    const inits = { cls: randomTensor([1, 1, 1, D], 13), wo: randomTensor([(T + 1) * D, 2], 14) };
    const path = model([1, 1, T, D], [node('Concat', ['cls', 'x'], ['c'], { axis: A.int(2) }), node('Flatten', ['c'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'wo'], ['y'])], 'y', inits);
    const cat = [...f64(inits.cls), ...f64(x)];
    const rCat = fromHead(gemm(f64(inits.wo), (T + 1) * D, 2), cat);
    const want = f64(x).map((_, i) => rCat[D + i] + rCat[i % D] / T);
    assertMatches(await lrp(path, x), want, ['c', 'f', 'y']);
  });

  it('q k^T of two activations: the epsilon rule on 2 z, its rest spread over the 2K factors of each output', async () => {
    const K = 2;
    const x = randomTensor([1, 1, T, D], 8, 0, 1);
    const inits = { wq: randomTensor([D, K], 9), wk: randomTensor([D, K], 10), wo: randomTensor([T * T, 2], 11) };
    const path = model(
      [1, 1, T, D],
      [
        ...attentionScores(),
        node('Flatten', ['s'], ['f'], { axis: A.int(1) }),
        node('Gemm', ['f', 'wo'], ['y']),
      ],
      'y',
      inits,
    );
    const xs = f64(x);
    // x [T, D] times W [D, K], row by row, as a dense layer on the flat x.
    const perRow = (W: number[]): Dense => ({
      reads: Array.from({ length: T * K }, (_, j) => Array.from({ length: D }, (_, d) => Math.floor(j / K) * D + d)),
      w: (j, i) => W[(i % D) * K + (j % K)],
    });
    const [lq, lk] = [perRow(f64(inits.wq)), perRow(f64(inits.wk))];
    const [q, k] = [forward(lq, xs), forward(lk, xs)];
    const s = Array.from({ length: T * T }, (_, o) => Array.from({ length: K }, (_, c) => q[Math.floor(o / T) * K + c] * k[(o % T) * K + c]).reduce((p, v) => p + v, 0));
    const rS = fromHead(gemm(f64(inits.wo), T * T, 2), s);
    const [rQ, rK] = [new Array(T * K).fill(0), new Array(T * K).fill(0)];
    s.forEach((z, o) => {
      const [i, j] = [Math.floor(o / T), o % T];
      const magnitude = Array.from({ length: K }, (_, c) => Math.abs(q[i * K + c] * k[j * K + c])).reduce((p, v) => p + v, 0);
      const sig = Math.abs(z) <= 0.05 * magnitude ? 0 : rS[o] / stab(2 * z, 1e-6);
      const rest = rS[o] - sig * 2 * z;
      for (let c = 0; c < K; c++) {
        const term = q[i * K + c] * k[j * K + c] * sig;
        rQ[i * K + c] += term + rest / (2 * K);
        rK[j * K + c] += term + rest / (2 * K);
      }
    });
    const want = lrpDense(lq, xs, rQ).map((v, i) => v + lrpDense(lk, xs, rK)[i]);
    assertMatches(await lrp(path, x), want, ['s', 'f', 'y']);
  });
});
