/**
 * The black-box methods' raw forward gives the same scores as the compiled path's forward on models that need
 * its adjustments: a uint8 NHWC input (fed its float pixels past the Cast), float16 weights and input (cast in
 * and out; fp16 arithmetic, so to 1e-2), a declared batch of 1 that the graph accepts (batched) and one a
 * Reshape hard-codes (checked, then every input runs alone, and the result says so).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { int64Tensor } from '../../../src/onnx/ir';
import type { ExplainRequest } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { node, randomTensor } from '../../helpers/ir';
import { SQUEEZENET, modelFile, seededInput } from '../../helpers/models';
import { tempModels } from '../../helpers/tempModels';

const engine = new Engine();
after(() => engine.clearCache());

/** The target's logit through the compiled path (gradient) and the raw forward (kernel-shap). */
async function bothScores(req: Omit<ExplainRequest, 'method'>): Promise<[number, number]> {
  const compiled = await engine.explain({ ...req, method: 'gradient', target: 0 });
  const raw = await engine.explain({ ...req, method: 'kernel-shap', params: { features: 'grid:2', samples: 8 }, target: 0 });
  assert.ok(raw.notes.some((n) => /as onnxruntime loads it/.test(n)));
  return [compiled.score, raw.score];
}

describe('raw forward', () => {
  it('feeds a uint8 model its float pixels past the Cast', async () => {
    const pixels = seededInput(16 * 16 * 3, 12).map((v) => Math.floor(v * 256));
    const [a, b] = await bothScores({ model: { path: fixture('sources', 'uint8', 'tiny_uint8_nhwc.onnx') }, image: { tensor: { data: pixels, dims: [1, 16, 16, 3] } } });
    assert.ok(Math.abs(a - b) < 1e-5 * Math.max(1, Math.abs(a)), `${a} vs ${b}`);
  });

  it('casts a float16 model\'s input and scores', async () => {
    const [a, b] = await bothScores({ model: { path: modelFile(SQUEEZENET) }, image: { path: fixture('images', 'astronaut_224.png') } });
    assert.ok(Math.abs(a - b) < 1e-2 * Math.max(1, Math.abs(a)), `${a} vs ${b}`);
  });

  it('batches a declared batch of 1 the graph accepts, and runs inputs alone where a Reshape fixes it', async () => {
    const { model } = tempModels('raw-batch-');
    const gemm = (input: string) => node('Gemm', [input, 'w', 'b'], ['y'], { transB: { type: 'int', value: 1 } });
    const inits = { w: randomTensor([2, 48], 1), b: randomTensor([2], 2) };
    const free = model([1, 3, 4, 4], [node('Flatten', ['x'], ['f']), gemm('f')], 'y', inits);
    const fixed = model([1, 3, 4, 4], [node('Reshape', ['x', 'shape'], ['f']), gemm('f')], 'y', { ...inits, shape: int64Tensor([1, 48]) });
    const image = { tensor: { data: seededInput(48, 3), dims: [1, 3, 4, 4] } };
    const run = (path: string, chunk: number) => engine.explain({ model: { path }, image, method: 'kernel-shap', params: { features: 'grid:2', samples: 20, chunk } });
    for (const path of [free, fixed]) {
      const [batched, alone] = [await run(path, 8), await run(path, 1)];
      assert.ok(Math.max(...batched.relevance.data.map((v, i) => Math.abs(v - alone.relevance.data[i]))) < 1e-5, path);
      assert.equal(batched.notes.some((n) => /fixes its batch at 1/.test(n)), path === fixed, batched.notes.join('\n'));
    }
  });
});
