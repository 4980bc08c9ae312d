/** The CLI's pure helpers: "did you mean", the Integrated Gradients steps hint, --repeat's statistics. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest } from '../../src/cli/closest';
import { completenessHint } from '../../src/cli/main';
import { repeatStats } from '../../src/cli/repeat';
import type { Timings } from '../../src/protocol';

test('closest: a typo or an unambiguous prefix finds its word; a stranger finds none', () => {
  const options = ['steps', 'samples', 'sigma', 'seed', 'stride', 'target'];
  assert.equal(closest('step', options), 'steps');
  assert.equal(closest('stpes', options), 'steps');
  assert.equal(closest('tagret', options), 'target');
  assert.equal(closest('sa', options), 'samples');
  assert.equal(closest('s', options), undefined, 'ambiguous prefix, too short for an edit');
  assert.equal(closest('frobnicate', options), undefined);
});

test('completenessHint: suggests more steps only for Integrated Gradients missing f(x) - f(baseline) by more than 1%', () => {
  const ig = { method: 'integrated-gradients' as const, params: { steps: 32 }, score: 23.23, baselineScore: 3.2 };
  assert.match(completenessHint({ ...ig, completenessError: 0.437 }), /2\.2% of f\(x\) - f\(baseline\): raise --steps \(now 32, try 128\)/);
  assert.equal(completenessHint({ ...ig, completenessError: 0.1 }), '');
  assert.equal(completenessHint({ ...ig, method: 'deeplift', completenessError: 5 }), '');
});

test('repeatStats: first, min and median of each phase', () => {
  const t = (compileMs: number, forwardMs: number, runMs: number): Timings => ({ compileMs, forwardMs, runMs, cached: compileMs === 0 });
  const r = repeatStats([t(170, 13, 90), t(0, 4, 22), t(0, 5, 25), t(0, 4.5, 23)], [950, 35, 40, 38]);
  assert.equal(r.runs, 4);
  assert.deepEqual(r.compileMs, { first: 170, min: 0, median: 0 });
  assert.deepEqual(r.forwardMs, { first: 13, min: 4, median: 4.75 });
  assert.deepEqual(r.runMs, { first: 90, min: 22, median: 24 });
  assert.deepEqual(r.totalMs, { first: 950, min: 35, median: 39 });
});
