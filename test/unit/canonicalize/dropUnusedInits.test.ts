/** dropUnusedInits: the weights BatchNorm folding replaced leave the canonical graph; everything read stays. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalize, loadGraph } from '../../../src/canonicalize';
import { dropUnusedInits } from '../../../src/onnx/dropUnusedInits';
import { RESNET_MINI, modelBytes, reference, RESNET_MINI_REF } from '../../helpers/models';

test('dropUnusedInits: a canonical ResNet keeps exactly the initializers its nodes read', async () => {
  const loaded = await loadGraph(modelBytes(RESNET_MINI), RESNET_MINI);
  const bytes = (m: Map<string, { data: { byteLength: number } }>) => [...m.values()].reduce((a, t) => a + t.data.byteLength, 0);
  const c = await canonicalize(loaded, reference(RESNET_MINI_REF).dims);
  const read = new Set(c.graph.nodes.flatMap((n) => n.inputs));
  assert.ok([...c.graph.inits.keys()].every((k) => read.has(k)), 'an initializer no node reads was kept');
  assert.ok([...read].filter((t) => loaded.graph.inits.has(t) || c.graph.inits.has(t)).every((t) => c.graph.inits.has(t)), 'an initializer a node reads was dropped');
  // The folded-away convolution weights and BatchNorm parameters are gone.
  assert.ok(bytes(c.graph.inits) < bytes(loaded.graph.inits));
  assert.equal(dropUnusedInits(c.graph), 0);
});
