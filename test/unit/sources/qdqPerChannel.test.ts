/**
 * Per-channel QDQ (issue 18), as onnxruntime's quantize_static(per_channel=True) writes it: weights behind a
 * DequantizeLinear with one scale per output channel (axis 0) are constants, evaluated by onnxruntime itself, so
 * the model is explained as its float twin with those weights (the reference: the same net built with the
 * dequantized weights written out by hand). An activation quantized per channel has no single grid to pass
 * straight through and is refused, naming the node and the axis.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExplainError } from '../../../src/errors';
import { type ConstTensor, floatTensor } from '../../../src/onnx/ir';
import type { IRNode } from '../../../src/onnx/ir';
import { relDiff, seededInput } from '../../helpers/models';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('explain-qdq-axis-');
const DIMS = [1, 3, 8, 8];
const OUT = 4;

const node = (name: string, opType: string, inputs: string[], outputs: string[], attrs: IRNode['attrs'] = {}): IRNode => ({ name, opType, domain: '', inputs, outputs, attrs });
const int8 = (values: number[], dims: number[]): ConstTensor => ({ type: 'int8', dims, data: Int8Array.from(values) });
const uint8 = (values: number[], dims: number[]): ConstTensor => ({ type: 'uint8', dims, data: Uint8Array.from(values) });

// Conv weights [4, 3, 3, 3] as int8 with one scale per output channel.
const Q = Array.from({ length: OUT * 27 }, (_, i) => ((i * 37) % 255) - 127);
const SCALES = [0.01, 0.02, 0.005, 0.03];
const DEQUANTIZED = Q.map((q, i) => q * SCALES[Math.floor(i / 27)]);

const tail = [node('gap', 'GlobalAveragePool', ['c'], ['p']), node('flat', 'Flatten', ['p'], ['score'], { axis: { type: 'int', value: 1 } })];
const inputPair = [
  node('q_in', 'QuantizeLinear', ['x', 'in_s', 'in_z'], ['xq']),
  node('dq_in', 'DequantizeLinear', ['xq', 'in_s', 'in_z'], ['xd']),
];
const inputPairInits = { in_s: floatTensor([1 / 255], []), in_z: uint8([0], []) };

const perChannelWeights = model(
  DIMS,
  [...inputPair, node('dq_w', 'DequantizeLinear', ['w_q', 'w_s', 'w_z'], ['w'], { axis: { type: 'int', value: 0 } }), node('conv', 'Conv', ['xd', 'w'], ['c'], { pads: { type: 'ints', value: [1, 1, 1, 1] } }), ...tail],
  'score',
  { ...inputPairInits, w_q: int8(Q, [OUT, 3, 3, 3]), w_s: floatTensor(SCALES, [OUT]), w_z: int8([0, 0, 0, 0], [OUT]) },
);
const floatTwin = model(
  DIMS,
  [node('conv', 'Conv', ['x', 'w'], ['c'], { pads: { type: 'ints', value: [1, 1, 1, 1] } }), ...tail],
  'score',
  { w: floatTensor(DEQUANTIZED, [OUT, 3, 3, 3]) },
);
const perChannelActivation = model(
  DIMS,
  [node('q_act', 'QuantizeLinear', ['x', 's3', 'z3'], ['xq'], { axis: { type: 'int', value: 1 } }), node('dq_act', 'DequantizeLinear', ['xq', 's3', 'z3'], ['xd'], { axis: { type: 'int', value: 1 } }), node('conv', 'Conv', ['xd', 'w'], ['c']), ...tail],
  'score',
  { s3: floatTensor([0.01, 0.02, 0.03], [3]), z3: uint8([0, 0, 0], [3]), w: floatTensor(DEQUANTIZED, [OUT, 3, 3, 3]) },
);

/** Pixels k/255, on the input pair's grid. */
const input = seededInput(3 * 64, 11).map((v) => Math.round(Math.min(1, Math.max(0, v)) * 255) / 255);

describe('per-channel QDQ', () => {
  it('per-channel weights: scores and gradient are the float twin\'s with the dequantized weights', async () => {
    for (const target of [0, 3]) {
      const explain = (path: string) => engine.explain({ model: { path }, image: { tensor: { data: input, dims: DIMS } }, method: 'gradient', target });
      const [q, f] = await Promise.all([explain(perChannelWeights), explain(floatTwin)]);
      assert.ok(Math.abs(q.score - f.score) < 1e-5 * Math.max(1, Math.abs(f.score)), `score ${q.score} vs ${f.score}`);
      assert.ok(relDiff(q.relevance.data, f.relevance.data) < 1e-5);
      assert.ok(q.notes.some((n) => /1 QuantizeLinear\/DequantizeLinear pair\(s\) with the straight-through rule/.test(n)), q.notes.join('\n'));
    }
  });

  it('an activation quantized per channel is refused, naming the node and the axis', async () => {
    await assert.rejects(
      engine.explain({ model: { path: perChannelActivation }, image: { tensor: { data: input, dims: DIMS } }, method: 'gradient' }),
      (e: unknown) => e instanceof ExplainError && e.code === 'UNSUPPORTED_OP' && /QuantizeLinear "q_act" quantizes an activation per channel \(axis 1\); only per-tensor quantization of activations is explained/.test(e.message),
    );
  });
});
