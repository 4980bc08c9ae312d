/**
 * DeepLIFT against every DeepLIFT array of test/fixtures/reference, on the original model files (zero
 * reference): the Rescale arrays of the base pairs (an explicit implementation, deeplift_ref.py, float32)
 * and the RevealCancel arrays of the `__revealcancel` pairs (an explicit float64 implementation mirroring
 * kundajelab's deeplift). Elementwise within 1e-3 of the reference's largest value, sums within 1e-3
 * relative, and the reference's f(0).
 *
 * One exception, from the reference README: vgg_mini's `deeplift_rescale_zero_maxpool_delta`. With the zero
 * reference vgg_mini's reference feature maps are flat inside max-pool windows, so which element is
 * argmax(x0) is a tie-break; deeplift_ref.py took PyTorch's float32 argmax, where rounding noise picks the
 * element, and its array moves by 16% of its max against the same computation in float64. Our tie rule is
 * onnxruntime's: the first maximum of the window in row-major order, which onnxruntime's float32 maps hit as
 * exact ties (the README's tie-tolerant float64 rule, "first element within 1e-6 of the max", agrees: the
 * vgg_mini RevealCancel arrays, computed with it, match elementwise). There the sum is compared, and
 * summation-to-delta, which no tie-break can move.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import { DEEPLIFT_CASES, assertMatchesReference } from '../../helpers/referenceCases';
import { referencePairs } from '../../helpers/referencePairs';

/** Arrays whose elements depend on max-pool tie-breaks of the reference (see above): sums only. */
const TIES = new Set(['vgg_mini__darknet_eagle_64__t1/deeplift_rescale_zero_maxpool_delta']);

const engine = new Engine();
after(() => engine.clearCache());

for (const pair of [...referencePairs(), ...referencePairs('__revealcancel')]) {
  describe(`DeepLIFT reference ${pair.id}`, () => {
    for (const c of DEEPLIFT_CASES) {
      const ref = pair.arrays.get(c.ref);
      if (!ref) continue;
      const ties = TIES.has(`${pair.id}/${c.ref}`);
      it(`${c.ref}${ties ? ' (sum and summation-to-delta: max-pool ties)' : ''}`, async () => {
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: c.method, params: c.params, target: pair.target });
        assertMatchesReference(r, ref.data, ties ? 'sum only' : c.tol);
        const f0 = Number(pair.json.logit_at_zero_input);
        assert.ok(Math.abs(r.baselineScore! - f0) <= 1e-4 * Math.max(1, Math.abs(f0)), `f(0) = ${r.baselineScore} vs ${f0}`);
        if (c.params.deepliftMaxPool !== 'gradient') {
          const expected = r.relevanceSum + r.completenessError!;
          assert.ok(Math.abs(r.completenessError!) <= 1e-4 * Math.abs(expected), `sum ${r.relevanceSum} vs f(x) - f(0) = ${expected}`);
        }
      });
    }
  });
}
