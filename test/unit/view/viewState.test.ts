import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { defaultDisplay, sanitizeDisplay } from '../../../webview/model/display';
import { paramText, parseParam, withParam } from '../../../webview/model/params';
import { fitViewport, imagePixelAt, panBy, zoomAt } from '../../../webview/model/viewport';
import type { ViewParamField } from '../../../src/protocol';

test('display settings: defaults, and a restored state is checked field by field', () => {
  const d = defaultDisplay('signed');
  assert.deepEqual(d, { picture: 'overlay', opacity: 0.5, colormap: 'signed', percentile: 99.5, sharedScale: false }, 'per-map colour scales by default: a shared one can blank a map');
  assert.deepEqual(sanitizeDisplay({ picture: 'heatmap', opacity: 0.2, colormap: 'negative', percentile: 90, sharedScale: false }, d), {
    picture: 'heatmap', opacity: 0.2, colormap: 'negative', percentile: 90, sharedScale: false,
  });
  assert.deepEqual(sanitizeDisplay({ picture: '<script>', opacity: 7, colormap: 'rainbow', percentile: 'x' }, d), d);
  assert.deepEqual(sanitizeDisplay(null, d), d);
});

test('parameters: text to values by the field\'s schema, empty means the engine\'s default', () => {
  const eps: ViewParamField = { key: 'epsilon', label: 'Epsilon', kind: 'number', description: '' };
  const steps: ViewParamField = { key: 'steps', label: 'Steps', kind: 'integer', description: '' };
  const rule: ViewParamField = { key: 'rule', label: 'Rule', kind: 'choice', options: ['', 'epsilon', 'zplus'], description: '' };
  const baseline: ViewParamField = { key: 'baseline', label: 'Baseline', kind: 'choice', options: ['', 'zero', 'blur'], description: '' };
  assert.deepEqual(parseParam(eps, ' 1e-3 '), { ok: true, value: 0.001 });
  assert.deepEqual(parseParam(eps, ''), { ok: true, value: undefined });
  assert.equal(parseParam(eps, 'abc').ok, false);
  assert.equal(parseParam(steps, '2.5').ok, false);
  assert.deepEqual(parseParam(rule, 'zplus'), { ok: true, value: 'zplus' });
  assert.equal(parseParam(rule, 'bogus').ok, false);
  assert.deepEqual(parseParam(baseline, 'blur'), { ok: true, value: { kind: 'blur' } });
  assert.equal(paramText({ kind: 'blur' }), 'blur');
  assert.equal(paramText(undefined), '');
  assert.deepEqual(withParam({ steps: 4, epsilon: 1 }, 'epsilon', undefined), { steps: 4 });
  assert.deepEqual(withParam(undefined, 'steps', 8), { steps: 8 });
});

test('zoom and pan: a 28x28 digit fills the box, zoom keeps the point under the pointer', () => {
  const v = fitViewport(28, 28, 320, 320);
  assert.ok(v.zoom > 11 && v.zoom < 12);
  const z = zoomAt(v, 2, 100, 100);
  const before = imagePixelAt(v, 100, 100, 28, 28);
  const after = imagePixelAt(z, 100, 100, 28, 28);
  assert.deepEqual(before, after);
  assert.equal(imagePixelAt(panBy(v, 1000, 0), 10, 10, 28, 28), undefined, 'off the image');
  assert.equal(zoomAt(v, 1e9, 0, 0).zoom, 64, 'zoom is bounded');
});

test('a boolean parameter (CP-LRP) reads true or false, and "" is the engine default', () => {
  const cp: ViewParamField = { key: 'cpLrp', label: 'CP-LRP', kind: 'boolean', options: ['', 'true', 'false'], description: '' };
  assert.deepEqual(parseParam(cp, 'true'), { ok: true, value: true });
  assert.deepEqual(parseParam(cp, 'false'), { ok: true, value: false });
  assert.deepEqual(parseParam(cp, ''), { ok: true, value: undefined });
  assert.equal(parseParam(cp, 'yes').ok, false);
  assert.equal(paramText(true), 'true');
});
