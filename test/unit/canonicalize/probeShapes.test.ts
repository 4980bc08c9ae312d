/**
 * probeShapes: one probe run gives the shape of every tensor on the image's path. It must not touch the graph
 * (so the scores stay by construction) and the shapes must be the ones the model really computes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadGraph } from '../../../src/canonicalize';
import { probeShapes } from '../../../src/canonicalize/probeShapes';
import { cloneGraph } from '../../../src/onnx/ir';
import { MNIST, MNIST_REF, RESNET_MINI, modelBytes, modelFile, reference } from '../../helpers/models';
import { assertScoresUnchanged } from '../../helpers/scoresUnchanged';

test('probeShapes: MNIST shapes at batch 1 and batch 2; the graph is untouched', async (t) => {
  const { graph } = await loadGraph(modelBytes(MNIST), MNIST);
  const before = cloneGraph(graph);
  const shapes = await probeShapes(graph, [1, 1, 28, 28]);
  assert.deepEqual(graph, before);
  const expected: Record<string, number[]> = {
    Input3: [1, 1, 28, 28],
    Convolution28_Output_0: [1, 8, 28, 28],
    Plus30_Output_0: [1, 8, 28, 28],
    Pooling66_Output_0: [1, 8, 14, 14],
    Plus112_Output_0: [1, 16, 14, 14],
    Pooling160_Output_0: [1, 16, 4, 4],
    Pooling160_Output_0_reshape0: [1, 256],
    Plus214_Output_0: [1, 10],
  };
  for (const [name, dims] of Object.entries(expected)) assert.deepEqual(shapes.get(name), dims, name);
  // Only the image's path: the (folded) weight is no tensor of the path.
  assert.equal(shapes.has('Parameter193_reshape1'), false);
  assert.equal(shapes.size, graph.nodes.length + 1);

  const batch2 = await probeShapes(graph, [2, 1, 28, 28]);
  assert.deepEqual(batch2.get('Plus214_Output_0'), [2, 10]);

  const ref = reference(MNIST_REF);
  await assertScoresUnchanged(t, graph, modelFile(MNIST), ref.input, ref.dims);
});

test('probeShapes: resnet_mini, every node output on the path gets a shape', async () => {
  const { graph } = await loadGraph(modelBytes(RESNET_MINI), RESNET_MINI);
  const shapes = await probeShapes(graph, [1, 3, 64, 64]);
  for (const n of graph.nodes) assert.ok(shapes.has(n.outputs[0]), n.name);
  assert.deepEqual(shapes.get('logits'), [1, 10]);
  assert.deepEqual(shapes.get('/bn1/BatchNormalization_output_0'), [1, 16, 32, 32]);
});
