/**
 * The exported explanation (src/export) run in a fresh onnxruntime session gives the engine's relevance: for
 * every method family, at batch 1 with the default target (the top class, found in the graph) and at batch 3
 * with three images and three different targets, to 1e-6 of the engine's largest value (the black-box
 * occlusion, run by the engine on the unfolded model file, to 1e-5).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MethodName, MethodParams } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { relDiff } from '../../helpers/relDiff';
import { methodByName } from '../../../src/methods';
import { makeBaseline } from '../../../src/preprocess/baselines';
import { type Feeds, batchOf, exportedModels, targets } from '../../helpers/exported';

const { engine, open } = exportedModels('explain-export-');

const IMAGES = ['astronaut_64.png', 'rocket_64.png', 'darknet_eagle_64.png'].map((f) => fixture('images', f));

const CASES: [MethodName, MethodParams, string][] = [
  ['gradient', {}, 'resnet_mini'],
  ['gradient-x-input', {}, 'mobilenet_mini'],
  ['guided-backprop', {}, 'vgg_mini'],
  ['deconvnet', {}, 'vgg_mini'],
  ['lrp', { rule: 'epsilon', epsilon: 1e-6 }, 'resnet_mini'],
  ['lrp', { composite: 'epsilon-plus-flat' }, 'vgg_mini'],
  ['deep-taylor', {}, 'resnet_mini'],
  ['smoothgrad', { samples: 6, sigma: 0.15, seed: 3 }, 'resnet_mini'],
  ['integrated-gradients', { steps: 8 }, 'resnet_mini'],
  ['integrated-gradients', { steps: 5, integration: 'trapezoid', baseline: { kind: 'black' } }, 'resnet_mini'],
  ['taylor', {}, 'vgg_mini'],
  ['deeplift', {}, 'resnet_mini'],
  ['grad-cam', {}, 'resnet_mini'],
  ['cam', {}, 'resnet_mini'],
  ['smoothgrad', { samples: 4 }, 'mobilenet_mini'],
  ['deeplift', {}, 'mobilenet_mini'],
  ['lrp', { composite: 'epsilon-plus' }, 'mobilenet_mini'],
  ['grad-cam', {}, 'vgg_mini'],
  ['integrated-gradients', { steps: 8 }, 'vgg_mini'],
  ['gradient', {}, 'mnist_cntk_winml'],
  ['guided-grad-cam', {}, 'resnet_mini'],
  ['guided-grad-cam', {}, 'vgg_mini'],
  ['occlusion', {}, 'resnet_mini'],
  ['occlusion', { patch: 16, stride: 8, baseline: { kind: 'black' } }, 'vgg_mini'],
];

const TOL = 1e-6;
/**
 * Black-box methods: the engine runs them on the model file as onnxruntime loads it (BatchNormalization not
 * folded), the export on the canonical graph's forward; equal in exact arithmetic, 4e-6 apart in float32.
 */
const FORWARD_ONLY_TOL = 1e-5;

/** relDiff, or where the engine's map is all zero (a Grad-CAM whose target has no positive evidence), the largest |value| given. */
function error(got: ArrayLike<number>, want: ArrayLike<number>): number {
  const zero = Array.prototype.every.call(want, (v: number) => v === 0);
  return zero ? Math.max(...Array.from(got, Math.abs)) : relDiff(got, want);
}

/** The reference the engine used, [1, ...]: the graph broadcasts it over the batch. */
async function baselineOf(model: { path: string }, params: MethodParams, method: MethodName) {
  const { config } = await engine.inspect(model);
  const spec = params.baseline ?? methodByName(method).defaults.baseline!;
  const dims = [1, 3, config.input.height, config.input.width];
  const { tensor } = await makeBaseline(spec, { data: new Float32Array(3 * config.input.height * config.input.width), dims }, config.input);
  return batchOf([tensor.data], dims);
}

describe('exported explanations against the engine', () => {
  for (const [method, params, model] of CASES) {
    it(`${method} ${JSON.stringify(params)} on ${model}`, async () => {
      const source = { path: fixture('models', `${model}.onnx`) };
      const tol = methodByName(method).forwardOnly ? FORWARD_ONLY_TOL : TOL;
      const { result, run } = await open({ model: source, method, params, layers: true });
      const top = await engine.explain({ model: source, image: { path: IMAGES[0] }, method, params });
      const reference: Feeds = ['integrated-gradients', 'taylor', 'deeplift', 'occlusion'].includes(method) ? { baseline: await baselineOf(source, params, method) } : {};
      const one = await run({ input: batchOf([top.input.data], top.input.dims), target: targets([-1]), ...reference });
      assert.equal(Number(one.explained_class.data[0]), top.target, 'the default target is the top class');
      const err1 = error(one.relevance.data as Float32Array, top.relevance.data);
      assert.ok(err1 <= tol, `batch 1: ${err1}`);
      assert.equal(result.metadata['explain.method'], method);
      // The layer table's sums (engine: float32 records summed in float64; graph: float32 sums).
      assert.deepEqual(result.layers, top.layers.map((l) => l.name));
      if (top.layers.length) {
        const sums = Array.from(one.layer_relevance.data as Float32Array);
        const layerErr = relDiff(sums, top.layers.map((l) => l.sum));
        assert.ok(layerErr <= 1e-5, `layer sums: ${layerErr}`);
      }

      const classes = top.top.length ? (one.logits.dims[1] as number) : 0;
      const chosen = [1, 4, 7].map((t) => t % classes);
      const rows = await Promise.all(IMAGES.map((image, i) => engine.explain({ model: source, image: { path: image }, method, params, target: chosen[i] })));
      const three = await run({ input: batchOf(rows.map((r) => r.input.data), rows[0].input.dims), target: targets(chosen), ...reference });
      const per = (three.relevance.data as Float32Array).length / 3;
      rows.forEach((r, i) => {
        const got = (three.relevance.data as Float32Array).subarray(i * per, (i + 1) * per);
        const err = error(got, r.relevance.data);
        assert.ok(err <= tol, `batch 3, row ${i} (target ${chosen[i]}): ${err}`);
      });
    });
  }
});
