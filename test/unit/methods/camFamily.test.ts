/**
 * The CAM family (Grad-CAM++, LayerCAM, XGrad-CAM, Score-CAM, Eigen-CAM) against the maps of
 * test/fixtures/cam/make_cam_references.py: each paper's formula as pytorch-grad-cam writes it, on a torch
 * evaluation of the same ONNX models (its gradients checked against Captum's Grad-CAM there), for two layers
 * per model (the default, and an earlier map or a Conv output folded into its BatchNormalization). Maps at the
 * layer's resolution within 1e-4 of the reference's largest value; the upsampled map is the cam's upsampling.
 * Then what the references cannot show: Eigen-CAM is the same for every class, Score-CAM runs one forward per
 * channel and does not depend on how the forwards are batched.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Engine } from '../../../src/engine/engine';
import type { MethodName } from '../../../src/protocol';
import { upsample } from '../../../src/methods/cam/featureMap';
import { fixture } from '../../helpers/fixtures';
import { readNpz } from '../../helpers/npz';
import { referencePairs, relativeMaxError } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const METHODS: MethodName[] = ['grad-cam++', 'layer-cam', 'xgrad-cam', 'score-cam', 'eigen-cam'];
const pairs = referencePairs();

for (const file of readdirSync(fixture('cam')).filter((f) => f.endsWith('.json'))) {
  const info = JSON.parse(readFileSync(fixture('cam', file), 'utf8')) as { pair: string; target: number; layers: { tensor: string; dims: number[] }[] };
  const refs = readNpz(fixture('cam', file.replace(/\.json$/, '.npz')));
  const pair = pairs.find((p) => p.id === info.pair)!;
  describe(`CAM family on ${info.pair}`, () => {
    info.layers.forEach((layer, k) => {
      for (const method of METHODS) {
        it(`${method} on ${layer.tensor}`, async () => {
          const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method, params: { layer: layer.tensor }, target: info.target });
          const ref = refs.get(`${method}__${k}`)!;
          const [, h, w] = layer.dims;
          assert.deepEqual(r.cam!.dims, [1, 1, h, w]);
          assert.ok(ref.data.some((v) => v > 0), 'the reference map is not all zero');
          const err = relativeMaxError(r.cam!.data, ref.data);
          assert.ok(err <= 1e-4, `max |ours - ref| / max |ref| = ${err.toExponential(2)}`);
          const [H, W] = r.relevance.dims.slice(2);
          assert.deepEqual(r.relevance.data, upsample(r.cam!.data, h, w, H, W));
          if (process.env.EXPLAIN_TEST_VERBOSE) console.log(`${info.pair} ${method} ${layer.tensor}: ${err.toExponential(2)}`);
        });
      }
    });
  });
}

describe('CAM family properties', () => {
  const vgg = pairs.find((p) => p.model === 'vgg_mini')!;
  const run = (method: MethodName, target: number, chunk?: number) =>
    engine.explain({ model: { path: vgg.modelPath }, image: { tensor: vgg.input }, method, params: { chunk }, target });

  it('Eigen-CAM is the same map for every target (it reads no gradient)', async () => {
    const [a, b] = [await run('eigen-cam', 0), await run('eigen-cam', 5)];
    assert.deepEqual(a.cam!.data, b.cam!.data);
    assert.ok(a.cam!.data.some((v) => v > 0));
  });

  it('Score-CAM depends on the target, and not on the batch its forwards run in', async () => {
    const [a, b, c] = [await run('score-cam', 1, 3), await run('score-cam', 1, 64), await run('score-cam', 4)];
    assert.ok(relativeMaxError(a.cam!.data, b.cam!.data) <= 1e-6);
    assert.ok(relativeMaxError(c.cam!.data, a.cam!.data) > 1e-3, 'another class weighs the channels otherwise');
    assert.ok(a.notes.some((n) => /64 masked inputs/.test(n)), a.notes.join(' | '));
  });
});
