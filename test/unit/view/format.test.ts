import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { formatDuration } from '../../../webview/model/format';
import { mapSentence, sumMeans } from '../../../webview/model/units';

test('durations read as people say them', () => {
  assert.equal(formatDuration(3250), '3.3 s');
  assert.equal(formatDuration(4.44), '4.4 ms');
  assert.equal(formatDuration(638.2), '638 ms');
  assert.equal(formatDuration(22_500), '23 s');
  assert.equal(formatDuration(65_400), '1 min 5 s');
  assert.equal(formatDuration(NaN), '-');
});

test('a sentence under every map, in the method\'s terms and the colours it is drawn in', () => {
  assert.equal(mapSentence('lrp', 'tabby', 'signed'), 'Red: pixels that raised the score of tabby; blue: pixels that lowered it.');
  assert.equal(mapSentence('grad-cam', 'tabby', 'positive'), 'Bright: regions the class tabby relies on.');
  assert.match(mapSentence('occlusion', 'tench', 'signed'), /^Red: covering this patch lowers the score of tench by the value shown; blue: covering it raises the score\.$/);
  assert.match(mapSentence('integrated-gradients', 'tench', 'absolute'), /either way/);
  assert.ok(!sumMeans('grad-cam') && !sumMeans('occlusion') && sumMeans('lrp') && sumMeans('gradient'), 'no relevance sum where it means nothing');
  for (const m of ['grad-cam++', 'layer-cam', 'xgrad-cam', 'score-cam', 'eigen-cam'] as const) assert.ok(!sumMeans(m), `${m}: a class activation map's total means nothing`);
  assert.equal(mapSentence('eigen-cam', 'tabby', 'positive'), 'Bright: where the layer\'s dominant pattern is (the same for every class).');
});
