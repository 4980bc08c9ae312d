/**
 * Deep Taylor decomposition is LRP with zB on the first linear layer and z+ on every other one: equal to the
 * lrp method with that rule map given by the user (first layer by node name, the rest by op type), relevance
 * and per-layer sums, on the ReLU networks (MNIST, ResNet-mini, SqueezeNet; MobileNet's ReLU6 counts as ReLU),
 * with absorbed and redistributed bias. Networks with other nonlinearities (VGG-mini's Tanh) are refused.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import type { ExplainError } from '../../../src/errors';
import type { BiasMode, ExplainRequest } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const CASES = [
  { model: 'mnist_cntk_winml.onnx', image: 'mnist_wonnx_7_28.png' },
  { model: 'resnet_mini.onnx', image: 'astronaut_64.png' },
  { model: 'mobilenet_mini.onnx', image: 'rocket_64.png' },
  { model: 'squeezenet1.1_winml_fp16.onnx', image: 'winml_fish_224.png' },
];

describe('deep-taylor', () => {
  for (const c of CASES) {
    for (const bias of ['absorb', 'redistribute'] as BiasMode[]) {
      it(`equals lrp with zB on the first layer and z+ elsewhere: ${c.model}, bias ${bias}`, async () => {
        const req: ExplainRequest = { model: { path: fixture('models', c.model) }, image: { path: fixture('images', c.image) }, method: 'deep-taylor', params: { bias } };
        const dt = await engine.explain(req);
        const first = dt.layers.find((l) => ['Conv', 'Gemm', 'MatMul'].includes(l.op))!;
        const lrp = await engine.explain({ ...req, method: 'lrp', params: { bias, rules: { [first.node]: 'zbox', Conv: 'zplus', Gemm: 'zplus', MatMul: 'zplus' } } });
        const err = relativeMaxError(dt.relevance.data, lrp.relevance.data);
        assert.ok(err <= 1e-6, `${err}`);
        assert.equal(dt.layers.length, lrp.layers.length);
        dt.layers.forEach((l, i) => assert.ok(Math.abs(l.sum - lrp.layers[i].sum) <= 1e-6 * Math.max(1, Math.abs(l.sum)), l.name));
        assert.equal(dt.conserved, lrp.conserved);
        if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`${c.model} ${bias}: ${err.toExponential(2)}`);
      });
    }
  }

  it('refuses a network with another nonlinearity than ReLU', async () => {
    await assert.rejects(
      engine.explain({ model: { path: fixture('models', 'vgg_mini.onnx') }, image: { path: fixture('images', 'darknet_eagle_64.png') }, method: 'deep-taylor' }),
      (e: ExplainError) => e.code === 'UNSUPPORTED_MODEL' && /Tanh/.test(e.message),
    );
  });
});
