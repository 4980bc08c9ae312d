/**
 * fuseLayerNorm: torch's decomposed LayerNorm (opset < 17: ReduceMean, Sub, Pow, ReduceMean, Add eps, Sqrt,
 * Div, Mul, Add) becomes one LayerNormalization, and the scores stay: on the zoo's ViT and ConvNeXt at opset
 * 13 and on a hand-built one without the affine part's scale.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { loadGraph } from '../../../src/canonicalize';
import { fuseLayerNorm } from '../../../src/canonicalize/fuseLayerNorm';
import { A } from '../../../src/compile/builder';
import { encodeModel } from '../../../src/onnx/encode';
import { cloneGraph, floatTensor } from '../../../src/onnx/ir';
import { graph, node, randomTensor } from '../../helpers/ir';
import { opCounts, seededInput } from '../../helpers/models';
import { assertScoresUnchanged } from '../../helpers/scoresUnchanged';
import { zooModel } from '../../helpers/zoo';

for (const [family, count] of [['vit', 5], ['convnext', 5]] as const) {
  test(`fuseLayerNorm: ${family} at opset 13, ${count} LayerNorms fused, scores unchanged`, async (t) => {
    const m = zooModel(family, 13);
    const bytes = readFileSync(m.path);
    const { graph: g, notes } = await loadGraph(bytes, m.path);
    assert.ok(notes.includes(`Fused ${count} decomposed LayerNorm(s) into LayerNormalization.`), notes.join(' | '));
    const ops = opCounts(g);
    assert.equal(ops.LayerNormalization, count);
    assert.equal(ops.Sqrt, undefined);
    assert.equal(ops.Pow, undefined);
    await assertScoresUnchanged(t, g, m.path, [['zoo input', m.input.data as Float32Array], ['noise', seededInput(m.input.data.length, 5, -2, 2)]], [...m.input.dims]);
  });
}

test('fuseLayerNorm: a shift without a scale gets a scale of ones; a ReduceMean over another axis is left alone', async (t) => {
  const nodes = (axis: number) => [
    node('ReduceMean', ['x'], ['m'], { axes: A.ints([axis]) }),
    node('Sub', ['x', 'm'], ['d']),
    node('Pow', ['d', 'two'], ['p']),
    node('ReduceMean', ['p'], ['v'], { axes: A.ints([axis]) }),
    node('Add', ['v', 'eps'], ['ve']),
    node('Sqrt', ['ve'], ['s']),
    node('Div', ['d', 's'], ['n']),
    node('Add', ['n', 'b'], ['y']),
  ];
  const inits = { two: floatTensor([2], []), eps: floatTensor([1e-5], []), b: randomTensor([5], 3) };
  const g = graph({ input: ['x', [1, 1, 4, 5]], output: 'y', nodes: nodes(-1), inits });
  const original = encodeModel(cloneGraph(g));
  assert.equal(fuseLayerNorm(g), 'Fused 1 decomposed LayerNorm(s) into LayerNormalization.');
  assert.deepEqual(opCounts(g), { LayerNormalization: 1 });
  assert.deepEqual(Array.from(g.inits.get(g.nodes[0].inputs[1])!.data as Float32Array), [1, 1, 1, 1, 1]);
  await assertScoresUnchanged(t, g, original, seededInput(20, 9, -3, 3), [1, 1, 4, 5]);
  const other = graph({ input: ['x', [1, 1, 4, 5]], output: 'y', nodes: nodes(2), inits });
  assert.equal(fuseLayerNorm(other), undefined);
});
