/**
 * A layer's map (ExplainRequest.layerMap): the relevance per position of one layer, computed in the compiled
 * graph. Each channel's map must sum to that channel's record in the layer table, whatever the method's
 * layer quantity, and asking for no map must leave results and the compiled graph as they were.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { ExplainError } from '../../../src/errors';
import type { ExplainRequest, ExplainResult, MethodName, MethodParams } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';

const engine = new Engine();
after(() => engine.clearCache());

const resnet = (method: MethodName, params?: MethodParams, layerMap?: string): ExplainRequest => ({
  model: { path: fixture('models', 'resnet_mini.onnx') },
  image: { path: fixture('images', 'astronaut_64.png') },
  method,
  params,
  layerMap,
});

/** The map's per-channel sums against the layer's neurons: max |a - b| / max |b|. */
function channelSumError(r: ExplainResult, layer: string): number {
  const record = r.layers.find((l) => l.name === layer)!;
  const map = r.layerMap!;
  assert.equal(map.layer, layer);
  assert.deepEqual(map.dims, record.shape.slice(1));
  const channels = map.dims[0];
  const per = map.data.length / channels;
  let worst = 0;
  const scale = Math.max(...Array.from(record.neurons, Math.abs));
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let i = 0; i < per; i++) s += map.data[c * per + i];
    worst = Math.max(worst, Math.abs(s - record.neurons[c]) / scale);
  }
  return worst;
}

const CASES: [MethodName, MethodParams | undefined][] = [
  ['gradient', undefined],
  ['gradient-x-input', undefined],
  ['lrp', { rule: 'epsilon' }],
  ['deeplift', undefined],
];

describe('layer maps', () => {
  for (const [method, params] of CASES) {
    it(`${method}: every channel's map sums to its neuron's relevance`, async () => {
      const plain = await engine.explain(resnet(method, params));
      assert.equal(plain.layerMap, undefined);
      // A spatial layer in the middle and the last feature map before the head.
      const spatial = plain.layers.filter((l) => l.shape.length === 4);
      for (const layer of [spatial[Math.floor(spatial.length / 2)], spatial[spatial.length - 1]]) {
        const r = await engine.explain(resnet(method, params, layer.name));
        const err = channelSumError(r, layer.name);
        assert.ok(err < 1e-5, `${method} ${layer.name}: relative error ${err}`);
        assert.ok(r.layerMap!.data.some((v) => v !== 0), 'the map is not all zero');
      }
    });
  }

  it('asking for no map leaves the result and the compiled graph as they were', async () => {
    const before = await engine.explain(resnet('gradient'));
    const layer = before.layers.find((l) => l.shape.length === 4)!.name;
    const mapped = await engine.explain(resnet('gradient', undefined, layer));
    assert.equal(mapped.timings.cached, false, 'the map has a graph variant (and cache key) of its own');
    const after = await engine.explain(resnet('gradient'));
    assert.equal(after.timings.cached, true, 'the plain graph is still cached under its own key');
    assert.equal(after.layerMap, undefined);
    assert.deepEqual(after.relevance.data, before.relevance.data);
    assert.deepEqual(mapped.relevance.data, before.relevance.data);
    assert.deepEqual(
      after.layers.map((l) => l.neurons),
      before.layers.map((l) => l.neurons),
    );
  });

  it('an unknown layer is a BAD_ARGUMENT naming it', async () => {
    await assert.rejects(
      engine.explain(resnet('gradient', undefined, 'no_such_layer')),
      (e: unknown) => e instanceof ExplainError && e.code === 'BAD_ARGUMENT' && e.message.includes('"no_such_layer"'),
    );
  });

  it('a method that records no layers (occlusion) says so', async () => {
    const layer = (await engine.explain(resnet('gradient'))).layers[0].name;
    await assert.rejects(engine.explain(resnet('occlusion', { patch: 16 }, layer)), (e: unknown) => e instanceof ExplainError && e.code === 'BAD_ARGUMENT');
  });
});
