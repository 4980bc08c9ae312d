/** The features' outline drawn on demand: edges where a right or lower neighbour is another feature, painted white. */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { drawOutline, featureOutline } from '../../../webview/model/outline';
import { defaultDisplay, sanitizeDisplay } from '../../../webview/model/display';

it('outlines the features and paints the outline over a picture', () => {
  // Two features: the left column and the rest of a 3 x 2 image.
  const seg = { labels: Int32Array.from([0, 1, 1, 0, 1, 1]), width: 3, height: 2, count: 2, description: '2' };
  const lines = featureOutline(seg);
  assert.deepEqual([0, 1, 2, 3, 4, 5].map((p) => lines[4 * p + 3]), [255, 0, 0, 255, 0, 0]);
  const picture = new Uint8ClampedArray(6 * 4).fill(10);
  const drawn = drawOutline(picture, lines);
  assert.deepEqual(Array.from(drawn.subarray(0, 8)), [255, 255, 255, 10, 10, 10, 10, 10]);
  assert.equal(picture[0], 10, 'the picture itself is left alone');
});

it('keeps the outline setting across a reload, and only a true one', () => {
  const fallback = defaultDisplay('signed');
  assert.equal(sanitizeDisplay({ ...fallback, outline: true }, fallback).outline, true);
  assert.equal('outline' in sanitizeDisplay({ ...fallback, outline: 'yes' }, fallback), false);
  assert.deepEqual(sanitizeDisplay(fallback, fallback), fallback);
});
