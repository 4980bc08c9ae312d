/**
 * Which array of a reference pair each method and parameter set is compared with (conventions in
 * test/fixtures/reference/README.md), and the comparison itself: one table per family, read by the reference
 * tests on the original model files and by the re-exported models' test.
 */
import assert from 'node:assert/strict';
import type { MethodName, MethodParams } from '../../src/protocol';
import { type ReferencePair, relativeMaxError, sum } from './referencePairs';

export interface ReferenceCase {
  /** The reference array's key. */
  ref: string;
  method: MethodName;
  params: MethodParams;
  /** Elementwise bound, relative to the reference's largest value. */
  tol: number;
}

/** Captum's gradient family. Integrated gradients 1e-2: tied ReLU/MaxPool decisions may flip between steps under onnxruntime's rounding. */
export const GRADIENT_CASES: ReferenceCase[] = [
  { ref: 'saliency_grad', method: 'gradient', params: {}, tol: 1e-3 },
  { ref: 'input_x_gradient', method: 'gradient-x-input', params: {}, tol: 1e-3 },
  { ref: 'guided_backprop', method: 'guided-backprop', params: {}, tol: 1e-3 },
  { ref: 'deconvolution', method: 'deconvnet', params: {}, tol: 1e-3 },
  { ref: 'ig_trapezoid_textbook_32', method: 'integrated-gradients', params: { steps: 32, integration: 'trapezoid', baseline: { kind: 'zero' } }, tol: 1e-2 },
  { ref: 'ig_gausslegendre_32', method: 'integrated-gradients', params: { steps: 32, integration: 'gauss-legendre', baseline: { kind: 'zero' } }, tol: 1e-2 },
];

/** Zennit's LRP rules and composites. */
export const LRP_CASES: ReferenceCase[] = (
  [
    { ref: 'lrp_epsilon_1e-06', params: { rule: 'epsilon', epsilon: 1e-6 } },
    { ref: 'lrp_epsilon_0.25', params: { rule: 'epsilon', epsilon: 0.25 } },
    { ref: 'lrp_zplus', params: { rule: 'zplus' } },
    { ref: 'lrp_alpha2beta1', params: { rule: 'alpha-beta', alpha: 2, beta: 1 } },
    { ref: 'lrp_composite_epsilon_plus_flat', params: { composite: 'epsilon-plus-flat' } },
    { ref: 'lrp_composite_epsilon_alpha2beta1', params: { composite: 'epsilon-alpha2-beta1' } },
  ] as { ref: string; params: MethodParams }[]
).map((c) => ({ ...c, method: 'lrp' as const, tol: 1e-3 }));

/** DeepLIFT from the zero reference: Rescale (deeplift_ref.py) and RevealCancel (after kundajelab's deeplift). */
export const DEEPLIFT_CASES: ReferenceCase[] = (
  [
    { ref: 'deeplift_rescale_zero_maxpool_delta', params: { deeplift: 'rescale', deepliftMaxPool: 'delta' } },
    { ref: 'deeplift_rescale_zero', params: { deeplift: 'rescale', deepliftMaxPool: 'gradient' } },
    { ref: 'deeplift_revealcancel_all', params: { deeplift: 'revealcancel' } },
    { ref: 'deeplift_revealcancel_dense', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense' } },
    { ref: 'deeplift_revealcancel_all_maxpool_gradient', params: { deeplift: 'revealcancel', deepliftMaxPool: 'gradient' } },
    { ref: 'deeplift_revealcancel_dense_maxpool_gradient', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense', deepliftMaxPool: 'gradient' } },
    { ref: 'deeplift_revealcancel_all_tanh_rescale', params: { deeplift: 'revealcancel', deepliftRules: { Tanh: 'rescale' } } },
    { ref: 'deeplift_revealcancel_dense_tanh_rescale', params: { deeplift: 'revealcancel', deepliftRevealCancel: 'dense', deepliftRules: { Tanh: 'rescale' } } },
  ] as { ref: string; params: MethodParams }[]
).map((c) => ({ ...c, method: 'deeplift' as const, params: { ...c.params, baseline: { kind: 'zero' } }, tol: 1e-3 }));

/**
 * A map against its reference array: elementwise within `tol` of the reference's largest value (skipped with
 * 'sum only', where the reference's own elements are a tie-break), and the sum within 1e-3 relative (to
 * f(x) - f(baseline) where that is larger and the method promises it).
 */
export function assertMatchesReference(r: { relevance: { data: Float32Array }; relevanceSum: number; completenessError?: number }, ref: Float32Array, tol: number | 'sum only'): void {
  if (tol !== 'sum only') {
    const err = relativeMaxError(r.relevance.data, ref);
    assert.ok(err <= tol, `max |ours - ref| / max |ref| = ${err.toExponential(2)} > ${tol}`);
  }
  const theirs = sum(ref);
  // A method promising completeness approximates f(x) - f(baseline): its sum is rounded on that scale, which
  // a quadrature's small residual (IG's 32 steps across a ReLU6 kink) can sit far below.
  const promised = r.completenessError === undefined ? 0 : Math.abs(r.completenessError + r.relevanceSum);
  assert.ok(Math.abs(r.relevanceSum - theirs) <= 1e-3 * Math.max(Math.abs(theirs), promised), `sum ${r.relevanceSum} vs reference ${theirs}`);
}

/** The explained score is the reference's target logit (within 1e-4 relative). */
export function assertTargetScore(r: { score: number }, pair: ReferencePair): void {
  const logit = Number(pair.json.target_logit);
  assert.ok(Math.abs(r.score - logit) <= 1e-4 * Math.abs(logit) + 1e-5, `score ${r.score}`);
}
