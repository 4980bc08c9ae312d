/**
 * Guided Grad-CAM is guided backprop times the upsampled Grad-CAM, elementwise over every channel, with
 * Grad-CAM from the plain gradient: on vgg_mini, whose classifier has ReLUs between the feature maps and the
 * score (a guided backward there would change the Grad-CAM weights: two graphs), on MNIST's early layer (two
 * graphs), and on the ResNet and MobileNet minis, where one guided graph exposing the last map gives both (its
 * records reach every layer, like guided backprop's; with two graphs they stop at the map, like Grad-CAM's).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import type { ExplainRequest } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const CASES: { model: string; image: string; layer?: string; oneGraph: boolean }[] = [
  { model: 'vgg_mini.onnx', image: 'darknet_eagle_64.png', layer: '/features/features.9/MaxPool_output_0', oneGraph: false },
  { model: 'vgg_mini.onnx', image: 'darknet_eagle_64.png', layer: '/features/features.10/Conv_output_0', oneGraph: false },
  { model: 'resnet_mini.onnx', image: 'astronaut_64.png', oneGraph: true },
  { model: 'mobilenet_mini.onnx', image: 'rocket_64.png', oneGraph: true },
  { model: 'mnist_cntk_winml.onnx', image: 'mnist_wonnx_3_28.png', layer: 'Plus112_Output_0', oneGraph: false },
];

describe('Guided Grad-CAM', () => {
  for (const c of CASES) {
    it(`is guided backprop x upsampled Grad-CAM: ${c.model}, layer ${c.layer ?? 'default'}`, async () => {
      const req: ExplainRequest = { model: { path: fixture('models', c.model) }, image: { path: fixture('images', c.image) }, method: 'guided-grad-cam', params: { layer: c.layer } };
      const [ggc, gc, gb] = [
        await engine.explain(req),
        await engine.explain({ ...req, method: 'grad-cam' }),
        await engine.explain({ ...req, method: 'guided-backprop' }),
      ];
      assert.deepEqual(ggc.relevance.dims, gb.relevance.dims);
      assert.ok(relativeMaxError(ggc.cam!.data, gc.cam!.data) <= 1e-6, 'the same Grad-CAM map (plain gradient)');
      assert.equal(ggc.layers.length, (c.oneGraph ? gb : gc).layers.length, c.oneGraph ? 'records of the one guided graph' : 'records of the Grad-CAM graph');
      assert.ok(gc.layers.length < gb.layers.length, 'Grad-CAM\'s records stop at the map');
      const [C, H, W] = gb.relevance.dims.slice(1);
      const expected = gb.relevance.data.map((v, i) => v * gc.relevance.data[i % (H * W)]);
      assert.equal(expected.length, C * H * W);
      assert.ok(expected.some((v) => v !== 0), 'a map that is not all zero');
      const err = relativeMaxError(ggc.relevance.data, expected);
      assert.ok(err <= 1e-6, `${err}`);
    });
  }
});
