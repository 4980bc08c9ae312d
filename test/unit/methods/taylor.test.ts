/**
 * Simple Taylor decomposition's bookkeeping: R = grad f(x0) * (x - x0) with the gradient taken at the root
 * point (checked against the gradient method run on x0 itself), baselineScore = f(x0) (checked against a
 * plain run on x0), completenessError = f(x) - f(x0) - sum(R) exactly as the three numbers say; the default
 * root point is a black image; the expansion is exact (residual ~ 0) on a network that is linear, and
 * trivially when x0 = x.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src/engine/engine';
import { encodeModel } from '../../../src/onnx/encode';
import { type IRGraph, floatTensor } from '../../../src/onnx/ir';
import { makeBaseline } from '../../../src/preprocess/baselines';
import type { BaselineSpec, ExplainRequest, Preprocessing } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { seededInput } from '../../helpers/models';
import { relativeMaxError, sum } from '../../helpers/referencePairs';

const engine = new Engine();
const tmp = mkdtempSync(join(tmpdir(), 'taylor-'));
after(async () => {
  await engine.clearCache();
  rmSync(tmp, { recursive: true, force: true });
});

const MODELS: { model: string; image: string; pre: Preprocessing }[] = [
  {
    model: 'resnet_mini.onnx',
    image: 'astronaut_64.png',
    pre: { width: 64, height: 64, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch' },
  },
  {
    model: 'vgg_mini.onnx',
    image: 'darknet_eagle_64.png',
    pre: { width: 64, height: 64, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], resize: 'stretch' },
  },
];

describe('taylor', () => {
  for (const m of MODELS) {
    for (const baseline of [undefined, { kind: 'blur' }, { kind: 'mean' }] as (BaselineSpec | undefined)[]) {
      it(`bookkeeping on ${m.model}, root point ${baseline?.kind ?? 'default (black)'}`, async () => {
        const req: ExplainRequest = { model: { path: fixture('models', m.model) }, image: { path: fixture('images', m.image) }, method: 'taylor', params: baseline ? { baseline } : {} };
        const r = await engine.explain(req);
        const x0 = (await makeBaseline(baseline ?? { kind: 'black' }, r.input, m.pre)).tensor;
        const atRoot = await engine.explain({ ...req, image: { tensor: x0 }, method: 'gradient', target: r.target });
        const expected = atRoot.relevance.data.map((g, i) => g * (r.input.data[i] - x0.data[i]));
        assert.ok(relativeMaxError(r.relevance.data, expected) <= 1e-6, 'R = grad f(x0) * (x - x0)');
        assert.ok(Math.abs(r.baselineScore! - atRoot.score) <= 1e-6 * Math.max(1, Math.abs(atRoot.score)), `f(x0) ${r.baselineScore} vs ${atRoot.score}`);
        assert.ok(Math.abs(r.completenessError! - (r.score - r.baselineScore! - r.relevanceSum)) <= 1e-6 * Math.max(1, Math.abs(r.score)));
        assert.ok(Math.abs(r.relevanceSum - sum(r.relevance.data)) <= 1e-4 * Math.max(1, Math.abs(r.relevanceSum)));
        if (!baseline) assert.ok(r.notes.some((n) => n.includes('a black image')), r.notes.join('\n'));
        if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`${m.model} ${baseline?.kind ?? 'black'}: f(x) ${r.score.toFixed(4)} f(x0) ${r.baselineScore!.toFixed(4)} sum R ${r.relevanceSum.toFixed(4)} residual ${r.completenessError!.toExponential(2)}`);
      });
    }
  }

  it('says so when the gradient at the root point is 0 everywhere (MNIST at a black image: every ReLU off)', async () => {
    const req: ExplainRequest = { model: { path: fixture('models', 'mnist_cntk_winml.onnx') }, image: { path: fixture('images', 'mnist_wonnx_3_28.png') }, method: 'taylor', params: {} };
    const black = await engine.explain(req);
    assert.ok(black.relevance.data.every((v) => v === 0));
    assert.ok(Math.abs(black.completenessError! - (black.score - black.baselineScore!)) <= 1e-6 * Math.abs(black.score));
    assert.ok(black.notes.some((n) => n.includes('0 everywhere')), black.notes.join('\n'));
    const blur = await engine.explain({ ...req, params: { baseline: { kind: 'blur' } } });
    assert.ok(blur.relevance.data.some((v) => v !== 0));
    assert.ok(!blur.notes.some((n) => n.includes('0 everywhere')), blur.notes.join('\n'));
  });

  it('has no residual when the root point is the input itself', async () => {
    const path = fixture('images', 'astronaut_64.png');
    const r = await engine.explain({ model: { path: fixture('models', 'resnet_mini.onnx') }, image: { path }, method: 'taylor', params: { baseline: { kind: 'image', path } } });
    assert.ok(r.relevance.data.every((v) => v === 0));
    // f(x) comes from the plain forward, f(x0) from the compiled graph's: the same up to float32 reordering.
    assert.ok(Math.abs(r.completenessError!) <= 1e-6 * Math.abs(r.score), `${r.completenessError}`);
  });

  it('is exact on a linear network (Conv -> AveragePool -> Flatten -> Gemm): residual ~ 0', async () => {
    const g: IRGraph = {
      name: 'linear',
      opset: 17,
      inputs: [{ name: 'x', type: 'float32', dims: [1, 3, 16, 16] }],
      outputs: [{ name: 'logits', type: 'float32', dims: [1, 4] }],
      inits: new Map([
        ['w', floatTensor(seededInput(8 * 3 * 3 * 3, 1, -1, 1), [8, 3, 3, 3])],
        ['b', floatTensor(seededInput(8, 2, -1, 1), [8])],
        ['fw', floatTensor(seededInput(4 * 8 * 8 * 8, 3, -1, 1), [4, 512])],
        ['fb', floatTensor(seededInput(4, 4, -1, 1), [4])],
      ]),
      nodes: [
        { name: 'conv', opType: 'Conv', domain: '', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { pads: { type: 'ints', value: [1, 1, 1, 1] } } },
        { name: 'pool', opType: 'AveragePool', domain: '', inputs: ['c'], outputs: ['p'], attrs: { kernel_shape: { type: 'ints', value: [2, 2] }, strides: { type: 'ints', value: [2, 2] } } },
        { name: 'flat', opType: 'Flatten', domain: '', inputs: ['p'], outputs: ['f'], attrs: { axis: { type: 'int', value: 1 } } },
        { name: 'fc', opType: 'Gemm', domain: '', inputs: ['f', 'fw', 'fb'], outputs: ['logits'], attrs: { transB: { type: 'int', value: 1 } } },
      ],
    };
    const model = join(tmp, 'linear.onnx');
    writeFileSync(model, encodeModel(g));
    const x = seededInput(3 * 16 * 16, 5, -2, 2);
    for (const baseline of [{ kind: 'zero' }, { kind: 'noise', seed: 3 }, { kind: 'mean' }] as BaselineSpec[]) {
      const r = await engine.explain({ model: { path: model }, image: { tensor: { data: x, dims: [1, 3, 16, 16] } }, method: 'taylor', params: { baseline } });
      assert.ok(Math.abs(r.completenessError!) <= 1e-4 * Math.abs(r.score - r.baselineScore!), `${baseline.kind}: residual ${r.completenessError}`);
    }
  });
});
