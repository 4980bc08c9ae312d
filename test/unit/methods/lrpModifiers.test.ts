/**
 * The weight modifiers' fast paths: the positive and negative parts, cleared by the sign bit, agree with
 * Math.max(v, 0) and Math.min(v, 0) (min(-0, 0) is -0) on every kind of float (signed zeros, denormals, infinities), and the signs
 * linearLrp takes from modifierSign instead of reading the weights are the ones the weights have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyModifier, linearRule, modifierSign } from '../../../src/methods/lrp/rules';

const values = Float32Array.of(0, -0, 1e-45, -1e-45, 1.5, -1.5, 3.4e38, -3.4e38, Infinity, -Infinity, 2 ** -126, -(2 ** -126));
const [pos, neg] = (() => {
  const ab = linearRule('alpha-beta');
  return [ab.groups[0].parts[0].weight, ab.groups[0].parts[1].weight];
})();

test('the positive part is Math.max(v, 0) and the negative part Math.min(v, 0), value for value', () => {
  const p = applyModifier(values, pos);
  const n = applyModifier(values, neg);
  values.forEach((v, i) => {
    assert.equal(p[i], Math.max(v, 0), `pos(${v})`);
    assert.equal(n[i], Math.min(v, 0), `neg(${v})`);
  });
});

test('a view into a larger buffer is read from its own offset', () => {
  const big = new Float32Array(8).fill(-7);
  big.set([2, -3, 4], 4);
  assert.deepEqual([...applyModifier(big.subarray(4, 7), pos)], [2, 0, 4]);
  assert.deepEqual([...applyModifier(big.subarray(4, 7), neg)], [0, -3, 0]);
});

test('modifierSign is the sign of what the modifier returns', () => {
  assert.equal(modifierSign(pos), 1);
  assert.equal(modifierSign(neg), -1);
  assert.ok(applyModifier(values, pos).every((v) => v >= 0));
  assert.ok(applyModifier(values, neg).every((v) => v <= 0));
  const gamma = linearRule('gamma').groups[0].parts[0].weight;
  assert.equal(modifierSign(gamma), undefined, 'gamma keeps the weights\' signs: read from the weights');
});
