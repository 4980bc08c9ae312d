/**
 * LRP against Zennit 0.5 on every reference pair, on the original model files: elementwise within 1e-3 of
 * the reference's largest value, sums within 1e-3 relative, and the relevance arriving at every layer
 * Zennit reports (matched through the reference's module -> ONNX tensor map).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { LRP_CASES, assertMatchesReference } from '../../helpers/referenceCases';
import { referencePairs } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

for (const pair of referencePairs()) {
  describe(`LRP reference ${pair.id}`, () => {
    for (const c of LRP_CASES) {
      const ref = pair.arrays.get(c.ref);
      it(`${c.ref}`, { skip: ref ? false : `no ${c.ref} in this reference` }, async () => {
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: c.method, params: c.params, target: pair.target });
        assertMatchesReference(r, ref!.data, c.tol);
        const perLayer = (pair.json.per_layer_relevance_sums as Record<string, Record<string, Record<string, number>>>)?.[c.ref];
        const sums = perLayer?.zennit_R_at_module_output ?? {};
        const toTensor = pair.json.module_to_onnx_tensor as Record<string, string>;
        let compared = 0;
        for (const [module, expected] of Object.entries(sums)) {
          const layer = r.layers.find((l) => l.name === (toTensor[module] ?? module));
          if (!layer) continue;
          compared++;
          assert.ok(Math.abs(layer.sum - expected) <= 1e-3 * Math.max(1, Math.abs(expected)), `layer ${layer.name}: ${layer.sum} vs ${expected}`);
        }
        assert.ok(compared > 0 || Object.keys(sums).length === 0, 'no per-layer sum matched a layer name');
      });
    }
  });
}
