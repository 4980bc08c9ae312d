/** Properties every method must have beyond matching a reference: seeds, chunking, completeness, records. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { Engine } from '../../../src/engine/engine';
import { cloneGraph } from '../../../src/onnx/ir';
import { createRunner } from '../../../src/onnx/runtime';
import type { ExplainRequest } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relativeMaxError, sum } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const mnist = (over: Partial<ExplainRequest> = {}): ExplainRequest => ({
  model: { path: fixture('models', 'mnist_cntk_winml.onnx') },
  image: { path: fixture('images', 'mnist_wonnx_5_28.png') },
  method: 'gradient',
  ...over,
});

const vgg = (over: Partial<ExplainRequest> = {}): ExplainRequest => ({
  model: { path: fixture('models', 'vgg_mini.onnx') },
  image: { path: fixture('images', 'darknet_eagle_64.png') },
  method: 'gradient',
  ...over,
});

describe('methods', () => {
  it('explains the top-1 class by default, with labels and top-5 probabilities', async () => {
    const r = await engine.explain(mnist());
    assert.equal(r.target, r.top[0].index);
    assert.equal(r.label, '5');
    assert.equal(r.top.length, 5);
    assert.ok(Math.abs(r.top[0].probability - 1 / sum(r.top.map((t) => Math.exp(t.score - r.top[0].score)))) < 0.05);
    assert.ok(r.top.every((t, i) => i === 0 || t.score <= r.top[i - 1].score));
  });

  it('SmoothGrad with sigma 0 is the gradient', async () => {
    const [g, s] = [await engine.explain(mnist()), await engine.explain(mnist({ method: 'smoothgrad', params: { sigma: 0, samples: 3 } }))];
    assert.ok(relativeMaxError(s.relevance.data, g.relevance.data) < 1e-6);
  });

  it('SmoothGrad is reproducible for a seed, whatever the chunk size, and changes with the seed', async () => {
    const run = (seed: number, chunk: number) => engine.explain(mnist({ method: 'smoothgrad', params: { samples: 6, seed, chunk } }));
    const [a, b, c] = [await run(1, 1), await run(1, 4), await run(2, 4)];
    assert.ok(relativeMaxError(a.relevance.data, b.relevance.data) < 1e-5);
    assert.ok(relativeMaxError(a.relevance.data, c.relevance.data) > 1e-3);
  });

  it('integrated gradients is complete: attributions sum to f(x) - f(baseline) as steps grow', async () => {
    const errors: number[] = [];
    for (const steps of [8, 64]) {
      const r = await engine.explain(vgg({ method: 'integrated-gradients', params: { steps, integration: 'riemann-middle', baseline: { kind: 'black' } } }));
      assert.ok(r.baselineScore !== undefined && r.completenessError !== undefined);
      const delta = r.score - r.baselineScore!;
      assert.ok(Math.abs(r.relevanceSum + r.completenessError! - delta) < 1e-4 * Math.max(1, Math.abs(delta)));
      errors.push(Math.abs(r.completenessError!) / Math.abs(delta));
    }
    assert.ok(errors[1] < 0.02, `relative completeness error with 64 steps: ${errors[1]}`);
    assert.ok(errors[1] < errors[0], `error shrinks with steps: ${errors}`);
  });

  it('integrated gradients reports the baseline score of the plain model', async () => {
    const r = await engine.explain(vgg({ method: 'integrated-gradients', params: { steps: 4, baseline: { kind: 'zero' } } }));
    const z = await engine.explain(vgg({ image: { tensor: { data: new Float32Array(3 * 64 * 64), dims: [1, 3, 64, 64] } }, target: r.target }));
    assert.ok(Math.abs(r.baselineScore! - z.score) < 1e-5);
  });

  it('reports one layer per node on the path, with the seed at the top and gradient x activation = score there', async () => {
    const g = await engine.explain(vgg());
    const gx = await engine.explain(vgg({ method: 'gradient-x-input' }));
    assert.equal(g.layers.length, 20, g.layers.map((l) => `${l.op}:${l.name}`).join(' '));
    const top = g.layers[g.layers.length - 1];
    assert.equal(top.name, 'logits');
    assert.ok(Math.abs(top.sum - 1) < 1e-6, 'the signal placed on the score is one-hot');
    assert.ok(Math.abs(gx.layers[gx.layers.length - 1].sum - gx.score) < 1e-4);
    for (const l of g.layers) {
      assert.equal(l.neurons.length, l.shape[1]);
      assert.equal(l.activations.length, l.shape[1]);
      assert.ok(Math.abs(l.positive + l.negative - l.sum) < 1e-5 * Math.max(1, Math.abs(l.sum)));
    }
    assert.ok(g.layers.some((l) => l.op === 'MaxPool') && g.layers.some((l) => l.op === 'AveragePool'));
  });

  it('each layer\'s activations are the per-channel means of its forward tensor', async () => {
    const r = await engine.explain({ ...vgg(), model: { path: fixture('models', 'resnet_mini.onnx') }, image: { path: fixture('images', 'astronaut_64.png') } });
    const path = fixture('models', 'resnet_mini.onnx');
    const c = await canonicalize(await loadGraph(readFileSync(path), path), r.input.dims);
    const spatial = r.layers.filter((l) => l.shape.length === 4);
    assert.ok(spatial.length > 10);
    const g = cloneGraph(c.graph);
    g.outputs = spatial.map((l) => ({ name: l.name, type: 'float32' as const, dims: [] }));
    const runner = await createRunner(g);
    const out = await runner.run({ [g.inputs[0].name]: { data: r.input.data, dims: r.input.dims } });
    await runner.release();
    for (const l of spatial) {
      const t = out[l.name].data as Float32Array;
      const [, C, h, w] = l.shape;
      for (let ch = 0; ch < C; ch++) {
        let s = 0;
        for (let i = 0; i < h * w; i++) s += t[ch * h * w + i];
        assert.ok(Math.abs(s / (h * w) - l.activations[ch]) <= 1e-5 * Math.max(1, Math.abs(s / (h * w))), `${l.name} channel ${ch}`);
      }
    }
  });

  it('layer names are the tensor names of the original model after folds', async () => {
    const r = await engine.explain({ ...vgg(), model: { path: fixture('models', 'resnet_mini.onnx') }, image: { path: fixture('images', 'astronaut_64.png') } });
    const names = r.layers.map((l) => l.name);
    assert.ok(names.includes('/bn1/BatchNormalization_output_0'), 'a Conv folded with its BN is reported under the BN output');
    assert.ok(!names.includes('/conv1/Conv_output_0'));
    assert.ok(r.notes.some((n) => /BatchNormalization/.test(n)));
  });

  it('rejects a target that is not a class and a tensor of the wrong size', async () => {
    await assert.rejects(engine.explain(mnist({ target: 10 })), { code: 'BAD_ARGUMENT' });
    await assert.rejects(engine.explain(mnist({ image: { tensor: { data: new Float32Array(100), dims: [1, 1, 10, 10] } } })), { code: 'INPUT_SIZE' });
  });

  it('reuses the compiled session: a second run reports compile time 0', async () => {
    await engine.explain(mnist({ method: 'deconvnet' }));
    const again = await engine.explain(mnist({ method: 'deconvnet' }));
    assert.equal(again.timings.cached, true);
    assert.equal(again.timings.compileMs, 0);
  });
});
