/**
 * --export-preprocess: the exported graph fed 8-bit pixels gives the relevance the engine gives for the same
 * pixels preprocessed by its own code (src/preprocess/image.ts), bit for bit in the input and to 1e-6 in the
 * relevance: an RGB model with ImageNet mean and std, a gray one (MNIST, pixels scaled by 1/255) and a BGR one (SqueezeNet from WinML, raw 0..255).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { preprocessPixels } from '../../../src/preprocess/image';
import { createRng } from '../../../src/util/random';
import { fixture } from '../../helpers/fixtures';
import { relDiff } from '../../helpers/relDiff';
import { exportedModels, targets } from '../../helpers/exported';

const { engine, open } = exportedModels('explain-export-pre-');

describe('exported explanations that preprocess', () => {
  for (const name of ['resnet_mini', 'mnist_cntk_winml', 'squeezenet1.1_winml_fp16']) {
    it(`${name}: pixels in, the engine's input and relevance out`, async () => {
      const model = { path: fixture('models', `${name}.onnx`) };
      const { config } = await engine.inspect(model);
      const pre = config.input;
      const channels = pre.channels === 'gray' ? 1 : 3;
      const { result, run } = await open({ model, method: 'gradient-x-input', preprocess: true });
      assert.deepEqual(result.inputs[0], { name: 'image', type: 'uint8', dims: ['N', pre.height, pre.width, channels] });
      const rng = createRng(7);
      const rows = 2;
      const pixels = Uint8Array.from({ length: rows * pre.height * pre.width * channels }, () => Math.floor(rng.uniform() * 256));
      const out = await run({ image: new ort.Tensor('uint8', pixels, [rows, pre.height, pre.width, channels]), target: targets([-1]) });
      const per = pre.height * pre.width * channels;
      for (let i = 0; i < rows; i++) {
        const input = preprocessPixels(pixels.subarray(i * per, (i + 1) * per), pre.width, pre.height, channels, pre);
        const r = await engine.explain({ model, image: { tensor: input }, method: 'gradient-x-input' });
        assert.equal(Number(out.explained_class.data[i]), r.target);
        const got = (out.relevance.data as Float32Array).subarray(i * per, (i + 1) * per);
        assert.ok(relDiff(got, r.relevance.data) <= 1e-6, `row ${i}: ${relDiff(got, r.relevance.data)}`);
      }
    });
  }
});
