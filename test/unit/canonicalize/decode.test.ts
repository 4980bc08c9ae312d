/**
 * decodeModel, the first loading step: protobuf -> IRGraph with fp16 widened to fp32 and Constant nodes turned
 * into initializers. The decoded graph must compute what the original file computes in onnxruntime.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { onnx } from 'onnx-proto';
import { decodeModel } from '../../../src/onnx/decode';
import { halfToFloat } from '../../../src/onnx/half';
import {
  FP16_TOLERANCE,
  MNIST,
  MNIST_REF,
  MOBILENET_MINI,
  MOBILENET_MINI_REF,
  SQUEEZENET,
  SQUEEZENET_FP32,
  SQUEEZENET_REF,
  decoded,
  floatToHalf,
  modelBytes,
  modelFile,
  reference,
} from '../../helpers/models';
import { assertScoresUnchanged, imageAndNoise } from '../../helpers/scoresUnchanged';

test('the test helper floatToHalf inverts halfToFloat on every finite binary16 value', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const finite = all.filter((h) => (h & 0x7c00) !== 0x7c00);
  assert.deepEqual(floatToHalf(halfToFloat(finite)), finite);
  // Round to nearest, ties to even.
  assert.deepEqual(Array.from(halfToFloat(floatToHalf(Float32Array.of(2049, 2051, 65520, 1e-8, 0.1)))), [2048, 2052, Infinity, 0, 0.0999755859375]);
});

test('decode: MNIST (opset 7) computes the original scores', async (t) => {
  const ref = reference(MNIST_REF);
  const g = decoded(MNIST);
  assert.equal(g.opset, 7);
  assert.deepEqual(g.inputs, [{ name: 'Input3', type: 'float32', dims: [1, 1, 28, 28] }]);
  await assertScoresUnchanged(t, g, modelFile(MNIST), imageAndNoise(ref.input, 7), ref.dims);
});

test('decode: Constant nodes become initializers (mobilenet_mini) and the scores stay', async (t) => {
  const proto = onnx.ModelProto.decode(modelBytes(MOBILENET_MINI));
  const constants = proto.graph!.node!.filter((n) => n.opType === 'Constant');
  assert.equal(constants.length, 70);
  const g = decoded(MOBILENET_MINI);
  assert.ok(!g.nodes.some((n) => n.opType === 'Constant'));
  assert.equal(g.nodes.length, proto.graph!.node!.length - constants.length);
  for (const c of constants) assert.ok(g.inits.has(c.output![0]), `${c.output![0]} is an initializer`);
  // The Clip bounds of ReLU6 read those initializers.
  const clip = g.nodes.find((n) => n.opType === 'Clip')!;
  assert.deepEqual(Array.from(g.inits.get(clip.inputs[1])!.data as Float32Array), [0]);
  assert.deepEqual(Array.from(g.inits.get(clip.inputs[2])!.data as Float32Array), [6]);

  const ref = reference(MOBILENET_MINI_REF);
  await assertScoresUnchanged(t, g, modelFile(MOBILENET_MINI), ref.input, ref.dims);
});

test('decode: fp16 SqueezeNet computes in fp32 and matches the fp16 original within fp16 precision', async (t) => {
  const g = decoded(SQUEEZENET);
  assert.equal(g.inputs[0].type, 'float32');
  assert.equal(g.outputs[0].type, 'float32');
  const proto = onnx.ModelProto.decode(modelBytes(SQUEEZENET));
  assert.equal(proto.graph!.input![0].type!.tensorType!.elemType, onnx.TensorProto.DataType.FLOAT16);
  const halves = proto.graph!.initializer!.filter((i) => i.dataType === onnx.TensorProto.DataType.FLOAT16);
  assert.equal(halves.length, proto.graph!.initializer!.length, 'every weight is fp16');
  for (const h of halves) {
    const w = g.inits.get(h.name!)!;
    assert.equal(w.type, 'float32', h.name!);
    assert.ok(w.data instanceof Float32Array, h.name!);
    assert.equal(w.data.length, w.dims.reduce((a, b) => a * b, 1), h.name!);
  }

  const ref = reference(SQUEEZENET_REF);
  // The graph still ends in its Softmax here: both are probabilities. The tolerance is the fp16 rounding of the original.
  const inputs = imageAndNoise(ref.input, 11, 0, 255);
  const originals = await assertScoresUnchanged(t, g, modelFile(SQUEEZENET), inputs, ref.dims, { tolerance: FP16_TOLERANCE });
  for (const original of originals) assert.deepEqual(original.dims, [1, 1000, 1, 1]);
});

test('decode: fp16 SqueezeNet widens exactly to its lossless fp32 copy', async (t) => {
  const g16 = decoded(SQUEEZENET);
  const g32 = decodeModel(readFileSync(SQUEEZENET_FP32), 'fp32 copy');
  assert.deepEqual([...g16.inits.keys()].sort(), [...g32.inits.keys()].sort());
  for (const [name, w] of g16.inits) assert.deepEqual(w, g32.inits.get(name), name);
  assert.deepEqual(g16.nodes, g32.nodes);

  const ref = reference(SQUEEZENET_REF);
  const inputs = imageAndNoise(ref.input, 11, 0, 255);
  await assertScoresUnchanged(t, g16, SQUEEZENET_FP32, inputs, ref.dims, { compared: 'decoded fp16 vs fp32 copy, max diff / max' });
});
