/**
 * Records taken from the node a layer feeds (compile/records.ts): a max-pool's input, a global average pool's,
 * a channel concatenation's inputs, and (LRP) an activation's input take their per-neuron sums from there,
 * with no reduction of their own. Each must equal the sums of the layer's own relevance map, which the graph
 * computes directly when the layer's map is asked for (the shortcut is off for that layer), for gradient,
 * gradient x input and LRP.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { compile } from '../../../src/compile/compile';
import { Engine } from '../../../src/engine/engine';
import { graphMethodByName } from '../../../src/methods';
import type { ExplainRequest, MethodName, MethodParams } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';
import { SQUEEZENET, modelFile } from '../../helpers/models';

const engine = new Engine();
after(() => engine.clearCache());

const request = (method: MethodName, params?: MethodParams, layerMap?: string): ExplainRequest => ({
  model: { path: fixture('models', SQUEEZENET) },
  image: { path: fixture('images', 'winml_fish_224.png') },
  method,
  params,
  layerMap,
});

/** Tensors on SqueezeNet's path read only by a MaxPool, a Concat or the GlobalAveragePool, and one ReLU's input. */
async function layersTakingRecords(): Promise<string[]> {
  const path = modelFile(SQUEEZENET);
  const c = await canonicalize(await loadGraph(readFileSync(path), path), [1, 3, 224, 224]);
  const readers = (t: string) => c.graph.nodes.filter((n) => n.inputs.includes(t));
  const fed = (op: string) => c.graph.nodes.filter((n) => n.opType === op).flatMap((n) => n.inputs.filter((t) => readers(t).length === 1 && c.shapes.has(t)));
  const pooled = fed('MaxPool');
  const concatenated = fed('Concat');
  assert.equal(pooled.length, 3);
  assert.equal(concatenated.length, 16);
  // The Conv before the first pool's ReLU: gradient x input and LRP reach it through the ReLU.
  const averaged = fed('GlobalAveragePool');
  assert.equal(averaged.length, 1);
  const relu = c.graph.nodes.find((n) => n.outputs[0] === pooled[0])!;
  return [...pooled, ...averaged, concatenated[0], concatenated[concatenated.length - 1], relu.inputs[0]];
}

describe('records taken from the node a layer feeds', () => {
  for (const [method, params] of [['gradient'], ['gradient-x-input'], ['lrp', { rule: 'epsilon' }]] as [MethodName, MethodParams?][]) {
    it(`${method}: equal the sums of the layer's own map`, async () => {
      const plain = await engine.explain(request(method, params));
      for (const layer of await layersTakingRecords()) {
        const withMap = await engine.explain(request(method, params, layer));
        const record = plain.layers.find((l) => l.name === layer)!.neurons;
        const map = withMap.layerMap!;
        const per = map.data.length / map.dims[0];
        const scale = Math.max(...Array.from(record, Math.abs));
        for (let ch = 0; ch < map.dims[0]; ch++) {
          let s = 0;
          for (let i = 0; i < per; i++) s += map.data[ch * per + i];
          assert.ok(Math.abs(s - record[ch]) <= 1e-4 * scale, `${layer} channel ${ch}: ${s} against ${record[ch]}`);
        }
      }
    });
  }

  it('the graph has no reduction for them: SqueezeNet\'s 64 layers need 44 ReduceSums for the gradient (64 without), 18 for gradient x input (38)', async () => {
    const path = modelFile(SQUEEZENET);
    const c = await canonicalize(await loadGraph(readFileSync(path), path), [1, 3, 224, 224]);
    const pre = (await engine.inspect({ path })).config.input;
    for (const [name, expected] of [['gradient', 44], ['gradient-x-input', 18]] as [MethodName, number][]) {
      const m = graphMethodByName(name);
      const g = compile(c, m.graph(m.defaults, { pre, canonical: c, original: c.graph, removedNoOps: new Map() }).options).graph;
      assert.equal(g.outputs.filter((o) => o.name.endsWith('/neurons')).length, 64);
      assert.equal(g.nodes.filter((n) => n.opType === 'ReduceSum').length, expected, name);
    }
  });
});
