/**
 * The randomization cascade: layers in output-to-input order, seeded weights of the same scale, the model itself
 * untouched; on a linear model the gradient (= the weights) decorrelates at once, and a "map" that only echoes
 * the input is flagged.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { A } from '../../../src/compile/builder';
import { cascadeRandomization } from '../../../src/metrics/cascade';
import { parameterLayers, randomizedGraph } from '../../../src/metrics/randomization';
import { node, randomTensor } from '../../helpers/ir';
import { MNIST, modelFile, seededInput } from '../../helpers/models';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeModel } from '../../../src/onnx/encode';
import { fixture } from '../../helpers/fixtures';
import { tempModels } from '../../helpers/tempModels';

const { engine, model } = tempModels('randomization-');

/** MNIST as the engine explains it (canonical: biases folded into their layers). */
async function canonicalMnist() {
  return (await canonicalize(await loadGraph(readFileSync(modelFile(MNIST)), MNIST), [1, 1, 28, 28])).graph;
}

describe('model-parameter randomization', () => {
  it('cascades from the output down and replaces weights by seeded values of the same spread', async () => {
    const g = await canonicalMnist();
    const layers = parameterLayers(g);
    assert.ok(layers.length >= 3);
    const ops = layers.map((l) => l.op);
    assert.ok(ops.indexOf('Conv') > Math.max(ops.lastIndexOf('MatMul'), ops.lastIndexOf('Gemm')), `${ops}: the dense head first`);
    const before = new Map([...g.inits].map(([k, t]) => [k, t.data.slice()]));
    const once = randomizedGraph(g, layers.slice(0, 2), 7);
    const twice = randomizedGraph(g, layers.slice(0, 2), 7);
    for (const [k, t] of g.inits) assert.deepEqual(t.data, before.get(k), `the model's own ${k} is untouched`);
    for (const name of layers.slice(0, 2).flatMap((l) => l.tensors)) {
      const [orig, fresh] = [g.inits.get(name)!.data as Float32Array, once.inits.get(name)!.data as Float32Array];
      assert.deepEqual(fresh, twice.inits.get(name)!.data, 'seeded');
      const std = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length - (v.reduce((s, x) => s + x, 0) / v.length) ** 2);
      if (orig.length > 100) assert.ok(Math.abs(std(fresh) / std(orig) - 1) < 0.2, `${name}: spread ${std(fresh)} vs ${std(orig)}`);
    }
    for (const name of layers.slice(2).flatMap((l) => l.tensors)) assert.equal(once.inits.get(name), g.inits.get(name), `${name} is kept`);
  });

  it('on a linear model the gradient decorrelates at once; the scores are the same before and after', async () => {
    const [C, H, W] = [1, 12, 12];
    const path = model([1, C, H, W], [node('Flatten', ['x'], ['f'], { axis: A.int(1) }), node('Gemm', ['f', 'w'], ['y'])], 'y', { w: randomTensor([C * H * W, 3], 21) });
    const x = { data: seededInput(C * H * W, 22, -1, 1), dims: [1, C, H, W] };
    const plain = await engine.explain({ model: { path }, image: { tensor: x }, method: 'gradient', target: 1 });
    const r = await engine.explain({ model: { path }, image: { tensor: x }, method: 'gradient', target: 1, metrics: { randomization: { seed: 3 } } });
    const rz = r.metrics!.randomization!;
    assert.equal(rz.steps.length, 1);
    assert.equal(rz.steps[0].op, 'Gemm');
    assert.ok(Math.abs(rz.steps[0].spearman) < 0.3, `independent weights rank pixels independently: ${rz.steps[0].spearman}`);
    assert.equal(rz.flagged, false);
    assert.deepEqual(r.relevance.data, plain.relevance.data, 'the explanation itself is the model\'s');
    const after = await engine.explain({ model: { path }, image: { tensor: x }, method: 'gradient', target: 1 });
    assert.deepEqual(after.relevance.data, plain.relevance.data, 'the model is the same after the test');
    assert.equal(after.score, plain.score);
  });

  it('flags a map that does not change with the model', async () => {
    const g = await canonicalMnist();
    const input = { width: 28, height: 28, data: seededInput(28 * 28, 5, 0, 1) };
    const r = await cascadeRandomization(g, input, 0, async () => ({ explain: async () => input, release: async () => {} }), () => {});
    assert.ok(r.steps.every((s) => s.spearman === 1 && Math.abs(s.ssim - 1) < 1e-12));
    assert.equal(r.flagged, true);
  });

  it('runs on MNIST: one step per layer with weights, seeded, and the gradient moves away from the original', async () => {
    const req = { model: { path: modelFile(MNIST) }, image: { path: fixture('images', 'winml_mnist_28.png') }, method: 'gradient' as const, metrics: { randomization: {} } };
    const a = (await engine.explain(req)).metrics!.randomization!;
    const b = (await engine.explain(req)).metrics!.randomization!;
    assert.equal(a.steps.length, parameterLayers(await canonicalMnist()).length);
    assert.deepEqual(a.steps.map((s) => s.spearman), b.steps.map((s) => s.spearman), 'seeded');
    assert.ok(a.steps.every((s) => Number.isFinite(s.spearman) && Number.isFinite(s.ssim) && s.map.width === 28));
    assert.ok(a.steps[a.steps.length - 1].spearman < 0.9, `all layers random: ${a.steps.map((s) => s.spearman.toFixed(2))}`);
  });

  // The cascade loads each compiled graph once and feeds a step's weights (and what the compiler derives from
  // them: flipped kernels, LRP's split weights): every step must equal the model with those weights explained
  // from a file of its own.
  for (const method of ['gradient', 'lrp', 'deeplift'] as const) {
    it(`${method}: each step equals the explanation of a model file holding that step's weights`, async () => {
      const g = await canonicalMnist();
      const layers = parameterLayers(g);
      const x = { data: seededInput(28 * 28, 9, 0, 1), dims: [1, 1, 28, 28] };
      const seed = 4;
      const rz = (await engine.explain({ model: { path: modelFile(MNIST) }, image: { tensor: x }, method, target: 3, metrics: { randomization: { seed } } })).metrics!.randomization!;
      assert.equal(rz.steps.length, layers.length);
      const dir = mkdtempSync(join(tmpdir(), 'randomized-'));
      try {
        for (let k = 1; k <= layers.length; k++) {
          const file = join(dir, `step${k}.onnx`);
          writeFileSync(file, encodeModel(randomizedGraph(g, layers.slice(0, k), seed)));
          // The same input domain as the model's own configuration (LRP's first-layer rule reads its bounds).
          const config = JSON.parse(readFileSync(modelFile(MNIST).replace(/\.onnx$/, '.explain.json'), 'utf8'));
          writeFileSync(file.replace(/\.onnx$/, '.explain.json'), JSON.stringify({ ...config, model: `step${k}.onnx`, labels: undefined }));
          const own = (await engine.explain({ model: { path: file }, image: { tensor: x }, method, target: 3 })).relevance.data;
          const swapped = rz.steps[k - 1].map.data;
          const scale = Math.max(...Array.from(own, Math.abs));
          const worst = Math.max(...Array.from(own, (v, i) => Math.abs(v - swapped[i])));
          assert.ok(scale > 0 && worst <= 1e-5 * scale, `step ${k} (${layers[k - 1].node}): max |difference| ${worst} of ${scale}`);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
