/** The method picker's entries: plain words first and the paper second, LRP presets as entries, one recommended. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { METHODS } from '../../src/methods';
import { DEFAULT_CHOICE, currentChoice, methodChoices, shortName } from '../../extension/methodChoices';
import { DEFAULT_METHOD } from '../../extension/methods';

test('methodChoices: every method once, LRP as its four presets and its one-rule form', () => {
  const choices = methodChoices();
  for (const m of METHODS) assert.ok(choices.some((c) => c.method === m.name), m.name);
  assert.deepEqual(
    choices.filter((c) => c.method === 'lrp').map((c) => c.composite),
    ['epsilon-plus', 'epsilon-plus-flat', 'epsilon-alpha2-beta1', 'epsilon-gamma-box', ''],
  );
  assert.equal(choices.length, METHODS.length + 4);
});

test('methodChoices: plain words in the label, the paper in its own field, the whole description in the detail', () => {
  for (const c of methodChoices()) {
    assert.doesNotMatch(c.label, /et al\.|LRP|Grad-CAM|DeepLIFT/, `${c.label}: the label is plain words`);
    assert.ok(c.paper.length > 0, c.label);
    assert.ok(c.detail.length > 40 && !c.detail.endsWith('...'), `${c.label}: a full detail line`);
  }
  const ig = methodChoices().find((c) => c.method === 'integrated-gradients')!;
  assert.ok(ig.detail.startsWith(METHODS.find((m) => m.name === 'integrated-gradients')!.description), 'the engine\'s own description, not cut');
  assert.match(ig.detail, /Defaults: steps 32/);
});

test('the recommended choice is the default, LRP epsilon-plus, and it is the only one', () => {
  const recommended = methodChoices().filter((c) => c.recommended);
  assert.equal(recommended.length, 1);
  assert.deepEqual({ method: recommended[0].method, composite: recommended[0].composite }, DEFAULT_CHOICE);
  assert.equal(DEFAULT_METHOD, DEFAULT_CHOICE.method);
  assert.equal(shortName(currentChoice('lrp', 'epsilon-plus')), 'LRP epsilon-plus');
  assert.equal(shortName(currentChoice('lrp', undefined)), 'LRP');
  assert.equal(shortName(currentChoice('grad-cam', 'epsilon-plus')), 'Grad-CAM');
  assert.equal(shortName(currentChoice('gradient', undefined)), 'Saliency');
});

test('the LRP-family choices (LRP, its presets, Deep Taylor) and only they carry the patent note', () => {
  const patented = methodChoices().filter((c) => c.patented).map((c) => `${c.method}:${c.composite ?? ''}`);
  assert.deepEqual(patented, ['lrp:epsilon-plus', 'lrp:epsilon-plus-flat', 'lrp:epsilon-alpha2-beta1', 'lrp:epsilon-gamma-box', 'lrp:', 'deep-taylor:']);
});
