/**
 * CAM (Zhou et al. 2016) on the global-average-pool networks: it is Grad-CAM at the pool's input up to the
 * positive factor h*w (the gradient there is W[target, k] / (h w) at every position, so
 * Grad-CAM = ReLU(CAM) / (h w)), checked elementwise on resnet_mini and mobilenet_mini for several images and
 * targets; the signed map's mean plus the linear layer's bias is the score; models without a global average
 * pool feeding a linear layer are refused with an error naming what is missing.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import type { ExplainError } from '../../../src/errors';
import { resizeBilinear } from '../../../src/render/resizeBilinear';
import { fixture } from '../../helpers/fixtures';
import { relativeMaxError, sum } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const CASES = [
  { model: 'resnet_mini.onnx', image: 'astronaut_64.png', targets: [undefined, 3] },
  { model: 'resnet_mini.onnx', image: 'rocket_64.png', targets: [undefined] },
  { model: 'mobilenet_mini.onnx', image: 'rocket_64.png', targets: [undefined, 9] },
  { model: 'mobilenet_mini.onnx', image: 'darknet_eagle_64.png', targets: [undefined] },
];

describe('CAM', () => {
  for (const c of CASES) {
    for (const target of c.targets) {
      it(`equals Grad-CAM at the pool input times h*w: ${c.model} on ${c.image}, target ${target ?? 'top-1'}`, async () => {
        const req = { model: { path: fixture('models', c.model) }, image: { path: fixture('images', c.image) }, target };
        const [camR, grad] = [await engine.explain({ ...req, method: 'cam' }), await engine.explain({ ...req, method: 'grad-cam' })];
        assert.equal(camR.target, grad.target);
        const [, , h, w] = camR.cam!.dims;
        assert.deepEqual(camR.cam!.dims, grad.cam!.dims, 'the default Grad-CAM layer is the pool input');
        const scaled = camR.cam!.data.map((v) => Math.max(v, 0) / (h * w));
        const err = relativeMaxError(scaled, grad.cam!.data);
        assert.ok(err <= 1e-5, `max |ReLU(CAM)/(hw) - Grad-CAM| / max = ${err.toExponential(2)}`);
        // relevance: the signed map upsampled bilinearly (align_corners = false) to the input.
        assert.deepEqual(camR.relevance.dims, [1, 1, 64, 64]);
        const up = resizeBilinear({ data: camR.cam!.data, width: w, height: h }, 64, 64).data;
        assert.ok(relativeMaxError(camR.relevance.data, up) <= 1e-7);
        // Signed map: mean + bias = score.
        const note = camR.notes.find((n) => n.startsWith('Mean of the map'))!;
        const bias = Number(/\+ (-?[\d.e+-]+) =/.exec(note)![1]);
        const mean = sum(camR.cam!.data) / (h * w);
        assert.ok(Math.abs(mean + bias - camR.score) <= 1e-5 * Math.max(1, Math.abs(camR.score)), `${mean} + ${bias} vs ${camR.score}`);
        if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`${c.model} ${c.image} t${camR.target}: ${err.toExponential(2)}`);
      });
    }
  }

  it('on an all-convolutional net (SqueezeNet: class maps pooled into scores) is the target\'s own map, whose mean is the score', async () => {
    const req = { model: { path: fixture('models', 'squeezenet1.1_winml_fp16.onnx') }, image: { path: fixture('images', 'winml_fish_224.png') } };
    for (const target of [undefined, 7]) {
      const r = await engine.explain({ ...req, method: 'cam', target });
      const [, , h, w] = r.cam!.dims;
      assert.deepEqual([h, w], [13, 13]);
      const mean = sum(r.cam!.data) / (h * w);
      assert.ok(Math.abs(mean - r.score) <= 1e-5 * Math.max(1, Math.abs(r.score)), `${mean} vs ${r.score}`);
      assert.ok(r.cam!.data.every((v) => v >= 0), 'the class map comes after a ReLU');
      assert.ok(r.notes.some((n) => /class maps/.test(n)), r.notes.join(' | '));
      // Grad-CAM at the same layer: the gradient there is 1/(h w) on the target's channel only.
      const grad = await engine.explain({ ...req, method: 'grad-cam', target, params: { layer: r.notes.find((n) => /class maps/.test(n))!.match(/Layer "([^"]+)"/)![1] } });
      assert.ok(relativeMaxError(r.cam!.data.map((v) => v / (h * w)), grad.cam!.data) <= 1e-5);
    }
  });

  const refused: [string, string, RegExp][] = [
    ['mnist_cntk_winml.onnx', 'mnist_wonnx_5_28.png', /comes from MaxPool "Pooling160", not a GlobalAveragePool/],
    ['vgg_mini.onnx', 'darknet_eagle_64.png', /comes from Tanh .*not a GlobalAveragePool/],
  ];
  for (const [model, image, says] of refused) {
    it(`refuses ${model}, naming what is missing`, async () => {
      await assert.rejects(
        engine.explain({ model: { path: fixture('models', model) }, image: { path: fixture('images', image) }, method: 'cam' }),
        (e: ExplainError) => e.code === 'UNSUPPORTED_MODEL' && says.test(e.message) && /grad-cam/.test(e.message),
      );
    });
  }
});
