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
import type { MethodParams } from '../../../src/protocol';
import { referencePairs, relativeMaxError, sum } from '../../helpers/referencePairs';

const CASES: { ref: string; params: MethodParams }[] = [
  { ref: 'deeplift_rescale_zero_maxpool_delta', params: { deeplift: 'rescale', deepliftMaxPool: 'delta' } },
  { ref: 'deeplift_rescale_zero', params: { deeplift: 'rescale', deepliftMaxPool: 'gradient' } },
  { ref: 'deeplift_revealcancel_all', params: { deeplift: 'revealcancel' } },
  { ref: 'deeplift_revealcancel_dense', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense' } },
  { ref: 'deeplift_revealcancel_all_maxpool_gradient', params: { deeplift: 'revealcancel', deepliftMaxPool: 'gradient' } },
  { ref: 'deeplift_revealcancel_dense_maxpool_gradient', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense', deepliftMaxPool: 'gradient' } },
  { ref: 'deeplift_revealcancel_all_tanh_rescale', params: { deeplift: 'revealcancel', deepliftRules: { Tanh: 'rescale' } } },
  { ref: 'deeplift_revealcancel_dense_tanh_rescale', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense', deepliftRules: { Tanh: 'rescale' } } },
];

/** Arrays whose elements depend on max-pool tie-breaks of the reference (see above): sums only. */
const TIES = new Set(['vgg_mini__darknet_eagle_64__t1/deeplift_rescale_zero_maxpool_delta']);

const engine = new Engine();
after(() => engine.clearCache());

for (const pair of [...referencePairs(), ...referencePairs('__revealcancel')]) {
  describe(`DeepLIFT reference ${pair.id}`, () => {
    for (const c of CASES) {
      const ref = pair.arrays.get(c.ref);
      if (!ref) continue;
      const ties = TIES.has(`${pair.id}/${c.ref}`);
      it(`${c.ref}${ties ? ' (sum and summation-to-delta: max-pool ties)' : ''}`, async () => {
        const r = await engine.explain({ model: { path: pair.modelPath }, image: { tensor: pair.input }, method: 'deeplift', params: { ...c.params, baseline: { kind: 'zero' } }, target: pair.target });
        const err = relativeMaxError(r.relevance.data, ref.data);
        if (!ties) assert.ok(err <= 1e-3, `max |ours - ref| / max |ref| = ${err.toExponential(2)}`);
        const [ours, theirs] = [r.relevanceSum, sum(ref.data)];
        assert.ok(Math.abs(ours - theirs) <= 1e-3 * Math.abs(theirs), `sum ${ours} vs reference ${theirs}`);
        const f0 = Number(pair.json.logit_at_zero_input);
        assert.ok(Math.abs(r.baselineScore! - f0) <= 1e-4 * Math.max(1, Math.abs(f0)), `f(0) = ${r.baselineScore} vs ${f0}`);
        if (c.params.deepliftMaxPool !== 'gradient') {
          const expected = r.relevanceSum + r.completenessError!;
          assert.ok(Math.abs(r.completenessError!) <= 1e-4 * Math.abs(expected), `sum ${ours} vs f(x) - f(0) = ${expected}`);
        }
      });
    }
  });
}
