/**
 * QDQ-quantized models (issue 18): QuantizeLinear/DequantizeLinear pairs are explained with the straight-through
 * rule. On inputs of the input pair's grid (k/255) the quantized model's forward keeps the model's own scores and
 * its gradient is the dequantized float model's wherever no pair saturates; where one saturates the gradient is
 * cut there, checked against a hand-written dense reference. The QOperator format (QLinearConv) is refused by name.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { onnx } from 'onnx-proto';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import { fixture } from '../../helpers/fixtures';
import { relDiff, runOriginal, runScores, seededInput } from '../../helpers/models';

const QDQ = (name: string) => fixture('sources', 'qdq', `${name}.onnx`);
const DIMS = [1, 3, 16, 16];

/** Pixels on the input pair's grid (k/255), so quantizing the input changes nothing. */
function onGrid(seed: number): Float32Array {
  return seededInput(3 * 16 * 16, seed).map((v) => Math.round(v * 255) / 255);
}

async function gradient(model: string, input: Float32Array, target: number) {
  const engine = new Engine();
  try {
    return await engine.explain({ model: { path: model }, image: { tensor: { data: input, dims: DIMS } }, method: 'gradient', target });
  } finally {
    await engine.clearCache();
  }
}

/** The initializer `name` of a model file, as float64. */
function weight(file: string, name: string): { data: number[]; dims: number[] } {
  const m = onnx.ModelProto.decode(readFileSync(file));
  const t = m.graph!.initializer!.find((i) => i.name === name)!;
  const raw = t.rawData!;
  const f = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  return { data: Array.from(f), dims: (t.dims ?? []).map(Number) };
}

describe('QDQ: straight-through', () => {
  it('the canonical graph computes the quantized model\'s own scores', async () => {
    for (const name of ['tiny_qdq_relu', 'tiny_qdq_linear']) {
      const loaded = await loadGraph(readFileSync(QDQ(name)), name);
      assert.ok(!loaded.graph.nodes.some((n) => n.opType === 'QuantizeLinear' || n.opType === 'DequantizeLinear'), 'pairs left');
      const canonical = await canonicalize(loaded, DIMS);
      for (const input of [onGrid(1), seededInput(3 * 16 * 16, 2, -0.2, 1.2)]) {
        const ours = await runScores(canonical.graph, input, DIMS);
        const original = await runOriginal(QDQ(name), input, DIMS);
        const d = relDiff(ours, original.data);
        assert.ok(d < 1e-5, `${name}: ${d}`);
      }
    }
  });

  it('within the clip range the gradient equals the dequantized float model\'s, and the result names the rule', async () => {
    for (const seed of [3, 4]) {
      const input = onGrid(seed);
      const q = await gradient(QDQ('tiny_qdq_relu'), input, 7);
      const f = await gradient(QDQ('tiny_dequantized_relu'), input, 7);
      const d = relDiff(q.relevance.data, f.relevance.data);
      assert.ok(d < 1e-5, `max diff / max ${d}`);
      assert.ok(Math.abs(q.score - f.score) < 0.05 * Math.abs(f.score) + 0.01, `scores ${q.score} vs ${f.score}`);
      assert.ok(q.notes.some((n) => /2 QuantizeLinear\/DequantizeLinear pair\(s\) with the straight-through rule/.test(n)), q.notes.join('\n'));
    }
  });

  it('where a pair saturates the gradient is 0 there: the linear net against a dense reference', async () => {
    // Input pixels above 1 saturate the input pair (range [0, 1]); the activation pair's range is
    // [-0.512, 0.508], which some conv outputs leave.
    const input = onGrid(5);
    for (let i = 0; i < input.length; i += 7) input[i] = 1.25;
    const target = 2;
    const got = await gradient(QDQ('tiny_qdq_linear'), input, target);
    const file = QDQ('tiny_dequantized_linear');
    const w = weight(file, 'conv_w').data;
    const b = weight(file, 'conv_b').data;
    const fc = weight(file, 'fc_w').data;
    const [C, H, W] = [4, 16, 16];
    const x = Array.from(input, (v) => Math.min(Math.max(Math.round(v * 255), 0), 255) / 255);
    const inRangeX = Array.from(input, (v) => Math.round(v * 255) <= 255);
    const at = (c: number, i: number, j: number) => (i < 0 || j < 0 || i >= H || j >= W ? 0 : x[(c * H + i) * W + j]);
    const expected = new Float64Array(3 * H * W);
    let saturated = 0;
    for (let o = 0; o < C; o++) {
      for (let i = 0; i < H; i++) {
        for (let j = 0; j < W; j++) {
          let z = b[o];
          for (let c = 0; c < 3; c++) for (let u = 0; u < 3; u++) for (let v = 0; v < 3; v++) z += w[((o * 3 + c) * 3 + u) * 3 + v] * at(c, i + u - 1, j + v - 1);
          const level = Math.round(z / 0.004);
          if (level < -128 || level > 127) {
            saturated++;
            continue;
          }
          const g = fc[target * C + o] / (H * W);
          for (let c = 0; c < 3; c++) {
            for (let u = 0; u < 3; u++) {
              for (let v = 0; v < 3; v++) {
                const [ii, jj] = [i + u - 1, j + v - 1];
                if (ii >= 0 && jj >= 0 && ii < H && jj < W) expected[(c * H + ii) * W + jj] += g * w[((o * 3 + c) * 3 + u) * 3 + v];
              }
            }
          }
        }
      }
    }
    for (let k = 0; k < expected.length; k++) if (!inRangeX[k]) expected[k] = 0;
    assert.ok(saturated > 10 && saturated < C * H * W - 10, `${saturated} saturated units: the case must cut some and pass others`);
    const d = relDiff(got.relevance.data, Float32Array.from(expected));
    assert.ok(d < 1e-5, `max diff / max ${d}`);
    assert.ok(inRangeX.some((v) => !v));
    input.forEach((v, k) => {
      if (v > 1) assert.equal(Math.abs(got.relevance.data[k]), 0, `saturated pixel ${k}`);
    });
  });

  it('LRP and DeepLIFT run through the pairs too', async () => {
    const engine = new Engine();
    try {
      for (const method of ['lrp', 'deeplift'] as const) {
        const r = await engine.explain({ model: { path: QDQ('tiny_qdq_relu') }, image: { tensor: { data: onGrid(6), dims: DIMS } }, method });
        assert.ok(r.relevance.data.every(Number.isFinite), method);
        assert.ok(r.relevance.data.some((v) => v !== 0), method);
      }
    } finally {
      await engine.clearCache();
    }
  });

  it('a QLinearConv model is refused with the op and node named', async () => {
    const e = await gradient(QDQ('tiny_qlinearconv'), onGrid(7), 0).then(
      () => assert.fail('explained'),
      (err: unknown) => err,
    );
    assert.ok(e instanceof ExplainError);
    assert.equal(e.code, 'UNSUPPORTED_OP');
    assert.match(e.message, /node "conv_quant" is QLinearConv, an integer-only op/);
    assert.match(e.message, /QDQ format/);
  });
});
