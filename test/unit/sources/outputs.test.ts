/**
 * Several outputs and integer inputs (issue 18): the score output is the probabilities (or the one a setting
 * names), a ZipMap stands for the probabilities it zips and lends its class names, and a uint8 NHWC input is
 * fed 0..255 and explained with respect to its Cast to float. Each against the plain tiny model it wraps.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { loadGraph } from '../../../src/canonicalize';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import type { ModelSource } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relDiff, seededInput } from '../../helpers/models';

const TINY = fixture('sources', 'tiny.onnx');
const THREE = fixture('sources', 'outputs', 'tiny_three_outputs.onnx');
const ZIPMAP = fixture('sources', 'outputs', 'tiny_zipmap.onnx');
const UINT8 = fixture('sources', 'uint8', 'tiny_uint8_nhwc.onnx');
const DIMS = [1, 3, 16, 16];

async function gradient(model: ModelSource, data: Float32Array, dims: number[], target = 4) {
  const engine = new Engine();
  try {
    return await engine.explain({ model, image: { tensor: { data, dims } }, method: 'gradient', target });
  } finally {
    await engine.clearCache();
  }
}

describe('score output', () => {
  const x = seededInput(3 * 16 * 16, 11);

  it('of label, features and probabilities the probabilities are explained (their logits), and the choice is named', async () => {
    const [r, plain] = [await gradient({ path: THREE }, x, DIMS), await gradient({ path: TINY }, x, DIMS)];
    assert.deepEqual(r.relevance.data, plain.relevance.data);
    assert.equal(r.score, plain.score);
    assert.ok(r.notes.some((n) => n.includes('The model has 3 output(s)') && n.includes('"probabilities" is explained')), r.notes.join('\n'));
  });

  it('scoreOutput in the configuration picks another output; an unknown name lists the outputs', async () => {
    const baseDir = fixture('sources', 'outputs');
    const features = await gradient({ config: { model: 'tiny_three_outputs.onnx', scoreOutput: '/Flatten_output_0' }, baseDir }, x, DIMS, 1);
    assert.equal(features.top.length, 4);
    assert.ok(features.notes.some((n) => n.includes('"/Flatten_output_0" is explained (as set)')));
    await assert.rejects(
      gradient({ config: { model: 'tiny_three_outputs.onnx', scoreOutput: 'logitz' }, baseDir }, x, DIMS),
      (e: unknown) => e instanceof ExplainError && e.code === 'BAD_CONFIG' && /"logitz".*its outputs are "label", "\/Flatten_output_0", "probabilities"/.test(e.message),
    );
  });

  it('a ZipMap output stands for the probabilities it zips, and its class names are kept', async () => {
    const loaded = await loadGraph(readFileSync(ZIPMAP), ZIPMAP);
    assert.deepEqual(loaded.classLabels?.labels.slice(0, 3), ['zero', 'one', 'two']);
    assert.match(loaded.classLabels?.from ?? '', /ZipMap "zipmap"/);
    assert.ok(!loaded.graph.nodes.some((n) => n.opType === 'ZipMap' || n.opType === 'ArgMax'));
    const [r, plain] = [await gradient({ path: ZIPMAP }, x, DIMS), await gradient({ path: TINY }, x, DIMS)];
    assert.deepEqual(r.relevance.data, plain.relevance.data);
  });
});

describe('uint8 input', () => {
  it('is fed 0..255 and explained at its Cast to float: the gradient is the float model\'s / 255, in NHWC', async () => {
    const pixels = seededInput(16 * 16 * 3, 12).map((v) => Math.floor(v * 256));
    const nchw = new Float32Array(3 * 16 * 16);
    for (let h = 0; h < 16; h++) for (let w = 0; w < 16; w++) for (let c = 0; c < 3; c++) nchw[(c * 16 + h) * 16 + w] = pixels[(h * 16 + w) * 3 + c] / 255;
    const r = await gradient({ path: UINT8 }, pixels, [1, 16, 16, 3]);
    const plain = await gradient({ path: TINY }, nchw, DIMS);
    assert.equal(r.layout, 'NHWC');
    const back = new Float32Array(nchw.length);
    for (let h = 0; h < 16; h++) for (let w = 0; w < 16; w++) for (let c = 0; c < 3; c++) back[(c * 16 + h) * 16 + w] = r.relevance.data[(h * 16 + w) * 3 + c] * 255;
    assert.ok(relDiff(back, plain.relevance.data) < 1e-5);
    assert.ok(Math.abs(r.score - plain.score) < 1e-5);
    assert.ok(r.notes.some((n) => /takes uint8 pixels \("image"\).*"image_float", the first float tensor/.test(n)), r.notes.join('\n'));
  });

  it('the configuration\'s scaling is not applied to it: the graph scales its pixels itself', async () => {
    const engine = new Engine();
    try {
      const info = await engine.inspect({ config: { model: 'tiny_uint8_nhwc.onnx', input: { scale: 1 / 255, mean: [0.5] } }, baseDir: fixture('sources', 'uint8') });
      assert.equal(info.config.input.scale, 1);
      assert.deepEqual(info.config.input.mean, [0, 0, 0]);
      assert.deepEqual(info.config.input.std, [1, 1, 1]);
    } finally {
      await engine.clearCache();
    }
  });
});
