/**
 * Every gradient-family method against Captum's attributions on every reference pair, run on the original
 * model files (the opset-7 MNIST, the fp16 SqueezeNet): elementwise within 1e-3 of the reference's largest
 * value (integrated gradients 1e-2: tied ReLU/MaxPool decisions may flip between steps under onnxruntime's
 * rounding), and sums within 1e-3 relative.
 */
import { after, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { GRADIENT_CASES, assertMatchesReference, assertTargetScore } from '../../helpers/referenceCases';
import { referencePairs } from '../../helpers/referencePairs';

const engine = new Engine();
after(() => engine.clearCache());

for (const pair of referencePairs()) {
  describe(`reference ${pair.id}`, () => {
    for (const c of GRADIENT_CASES) {
      const ref = pair.arrays.get(c.ref);
      it(`${c.method} matches ${c.ref}`, { skip: ref ? false : `no ${c.ref} in this reference` }, async () => {
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: c.method, params: c.params, target: pair.target });
        assertMatchesReference(r, ref!.data, c.tol);
        assertTargetScore(r, pair);
      });
    }
  });
}
