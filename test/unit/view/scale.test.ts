import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { colorRanges, colorbarTicks, effectiveColormap, isNonNegative, valueAt } from '../../../webview/model/scale';
import { mapUnit, scaleGroups } from '../../../webview/model/units';
import { divergingColor, heatmapRange, relevanceToRgba, sequentialColor } from '../../../src/render/colormap';

const map = (values: number[], width = values.length) => ({ data: Float32Array.from(values), width, height: values.length / width });

test('a non-negative map (Grad-CAM) is drawn sequential, a signed one diverging', () => {
  assert.equal(effectiveColormap(map([0, 1, 2]), 'signed'), 'positive');
  assert.equal(effectiveColormap(map([-1, 1, 2]), 'signed'), 'signed');
  assert.equal(effectiveColormap(map([0, 1, 2]), 'absolute'), 'absolute', 'an explicit choice stands');
  assert.ok(isNonNegative(Float32Array.from([0, 0])));
});

test('the diverging map is centred at zero: 0 is white, the signs are blue and red', () => {
  assert.deepEqual(divergingColor(0), [255, 255, 255]);
  const [r, , b] = divergingColor(1);
  assert.ok(r > b, 'positive is red');
  const [r2, , b2] = divergingColor(-1);
  assert.ok(b2 > r2, 'negative is blue');
  assert.deepEqual(sequentialColor(0), [0, 0, 4], 'sequential starts dark');
});

test('sign modes: each shows its own magnitude', () => {
  const m = map([-4, -1, 0, 2, 8]);
  assert.equal(heatmapRange(m.data, { mode: 'positive', percentile: 100 }), 8);
  assert.equal(heatmapRange(m.data, { mode: 'negative', percentile: 100 }), 4);
  assert.equal(heatmapRange(m.data, { mode: 'absolute', percentile: 100 }), 8);
  const negative = relevanceToRgba(m, { mode: 'negative', percentile: 100 });
  assert.deepEqual([...negative.subarray(16, 19)], sequentialColor(0), 'a positive pixel has no negative relevance');
});

test('percentile clipping: values above the percentile get full colour, an outlier does not wash out the rest', () => {
  const values = Array.from({ length: 1000 }, (_, i) => (i === 999 ? 1000 : 1));
  const range = heatmapRange(Float32Array.from(values), { mode: 'signed', percentile: 99.5 });
  assert.equal(range, 1, 'the outlier sits above the 99.5th percentile');
  const rgba = relevanceToRgba(map(values), { mode: 'signed', percentile: 99.5 });
  assert.deepEqual([...rgba.subarray(0, 3)], divergingColor(1), 'an ordinary pixel is at full colour');
  assert.deepEqual([...rgba.subarray(999 * 4, 999 * 4 + 3)], divergingColor(1), 'the outlier is clipped');
});

test('an explicit range overrides the percentile (shared scales)', () => {
  const rgba = relevanceToRgba(map([1, 2]), { mode: 'signed', range: 4 });
  assert.deepEqual([...rgba.subarray(4, 7)], divergingColor(0.5));
});

test('shared colour scale: one range, the largest, among maps of one key; per map: each its own', () => {
  const maps = [map([1, -1, 0.5]), map([10, 0, 5]), map([0.125, -0.25]), map([84, -3])];
  const modes = ['signed', 'positive', 'signed', 'signed'] as const;
  assert.deepEqual(colorRanges(maps, modes, 100, [undefined, undefined, undefined, undefined]), [1, 10, 0.25, 84]);
  assert.deepEqual(colorRanges(maps, modes, 100, ['logit', 'logit', 'gradient', 'score-drop']), [10, 10, 0.25, 84]);
  assert.deepEqual(colorRanges(maps, modes, 100, ['logit', undefined, 'logit', undefined]), [1, 10, 1, 84], 'a map without a key keeps its scale');
});

test('units: a shared scale only among maps in one unit, never occlusion with gradients', () => {
  assert.deepEqual(
    scaleGroups(['gradient', 'occlusion', 'smoothgrad', 'integrated-gradients', 'lrp', 'grad-cam']).map((g) => [g.unit.key, g.members]),
    [['gradient', [0, 2]], ['logit', [3, 4]]],
  );
  assert.deepEqual(scaleGroups(['occlusion', 'gradient', 'deconvnet', 'gradient-x-input', 'taylor']).find((g) => g.members.includes(0)), undefined);
  assert.deepEqual(scaleGroups(['grad-cam', 'cam']), [], 'class activation maps are each in their own unit');
  assert.equal(mapUnit('occlusion').label, 'score drop (logit)');
  assert.equal(mapUnit('lrp').label, 'logit');
});

test('colour bar ticks span the scale with its values', () => {
  assert.deepEqual(colorbarTicks(2, 'signed').map((t) => t.value), [-2, -1, 0, 1, 2]);
  assert.deepEqual(colorbarTicks(2, 'positive').map((t) => t.value), [0, 0.5, 1, 1.5, 2]);
  assert.deepEqual(colorbarTicks(2, 'negative').map((t) => t.value), [-0, -0.5, -1, -1.5, -2]);
  assert.deepEqual(colorbarTicks(2, 'absolute').map((t) => t.position), [0, 0.25, 0.5, 0.75, 1]);
});

test('hover value: the pixel under the pointer, nothing off the map', () => {
  const m = map([1, 2, 3, 4], 2);
  assert.equal(valueAt(m, 1.7, 1.2), 4);
  assert.equal(valueAt(m, 2, 0), undefined);
  assert.equal(valueAt(m, -0.1, 0), undefined);
});
