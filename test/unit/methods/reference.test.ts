/**
 * Every gradient-family method against Captum's attributions on every reference pair, run on the original
 * model files (the opset-7 MNIST, the fp16 SqueezeNet): elementwise within 1e-3 of the reference's largest
 * value (integrated gradients 1e-2: tied ReLU/MaxPool decisions may flip between steps under onnxruntime's
 * rounding), and sums within 1e-3 relative.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/engine/engine';
import type { MethodName, MethodParams } from '../../../src/protocol';
import { referencePairs, relativeMaxError, sum } from '../../helpers/referencePairs';

const CASES: { ref: string; method: MethodName; params?: MethodParams; tol: number }[] = [
  { ref: 'saliency_grad', method: 'gradient', tol: 1e-3 },
  { ref: 'input_x_gradient', method: 'gradient-x-input', tol: 1e-3 },
  { ref: 'guided_backprop', method: 'guided-backprop', tol: 1e-3 },
  { ref: 'deconvolution', method: 'deconvnet', tol: 1e-3 },
  { ref: 'ig_trapezoid_textbook_32', method: 'integrated-gradients', params: { steps: 32, integration: 'trapezoid', baseline: { kind: 'zero' } }, tol: 1e-2 },
  { ref: 'ig_gausslegendre_32', method: 'integrated-gradients', params: { steps: 32, integration: 'gauss-legendre', baseline: { kind: 'zero' } }, tol: 1e-2 },
];

const engine = new Engine();
after(() => engine.clearCache());

for (const pair of referencePairs()) {
  describe(`reference ${pair.id}`, () => {
    for (const c of CASES) {
      const ref = pair.arrays.get(c.ref);
      it(`${c.method} matches ${c.ref}`, { skip: ref ? false : `no ${c.ref} in this reference` }, async () => {
        const r = await engine.explain({
          model: { path: pair.modelPath },
          image: { tensor: pair.input },
          method: c.method,
          params: c.params,
          target: pair.target,
        });
        const err = relativeMaxError(r.relevance.data, ref!.data);
        assert.ok(err <= c.tol, `max |ours - ref| / max |ref| = ${err.toExponential(2)} > ${c.tol}`);
        const [ours, theirs] = [r.relevanceSum, sum(ref!.data)];
        assert.ok(Math.abs(ours - theirs) <= 1e-3 * Math.abs(theirs), `sum ${ours} vs reference ${theirs}`);
        assert.ok(Math.abs(r.score - Number(pair.json.target_logit)) <= 1e-4 * Math.abs(Number(pair.json.target_logit)) + 1e-5, `score ${r.score}`);
      });
    }
  });
}
