/**
 * The references' networks as other files: MNIST and SqueezeNet exported again by torch.onnx (opset 13, fp32,
 * a `logits` output, other tensor names; MNIST's bias Adds folded into its Conv and Gemm, which the originals
 * keep apart). Every gradient, LRP and DeepLIFT array of their reference pairs matches as on the original files:
 * nothing in the methods leans on how a file happens to spell the network. (The per-layer checks of the other
 * reference tests key by the originals' tensor names, so they stay there.)
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { DEEPLIFT_CASES, GRADIENT_CASES, LRP_CASES, assertMatchesReference, assertTargetScore } from '../../helpers/referenceCases';
import { REEXPORTED_MODELS, referencePairs } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

const pairs = [...referencePairs('', REEXPORTED_MODELS), ...referencePairs('__revealcancel', REEXPORTED_MODELS)];

it('runs every re-exported model on its reference pairs', () => {
  assert.deepEqual([...new Set(pairs.map((p) => p.model))].sort(), Object.keys(REEXPORTED_MODELS).sort());
});

for (const pair of pairs) {
  describe(`${pair.id} on ${REEXPORTED_MODELS[pair.model]}`, () => {
    for (const c of [...GRADIENT_CASES, ...LRP_CASES, ...DEEPLIFT_CASES]) {
      const ref = pair.arrays.get(c.ref);
      if (!ref) continue;
      it(`${c.method} matches ${c.ref}`, async () => {
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: c.method, params: c.params, target: pair.target });
        assertTargetScore(r, pair);
        assertMatchesReference(r, ref.data, c.tol);
      });
    }
  });
}
