import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveModelConfig } from '../../../src/config/modelConfig';
import { IMPLAUSIBLE_LOGIT, preprocessingNotes } from '../../../src/preprocess/plausibility';

test('an unconfigured model is told its preprocessing is a guess; a configured one is not', async () => {
  const bare = await resolveModelConfig({ model: 'm.onnx' }, '/', [1, 3, 224, 224]);
  const set = await resolveModelConfig({ model: 'm.onnx', input: { preset: 'torchvision' } }, '/', [1, 3, 224, 224]);
  assert.match(preprocessingNotes(bare, [1, 2, 3]).join('\n'), /is a guess.*input\.preset/);
  assert.deepEqual(preprocessingNotes(set, [1, 2, 3]), []);
});

test('scores in the hundreds warn that the preprocessing is probably wrong', async () => {
  const set = await resolveModelConfig({ model: 'm.onnx', input: { preset: 'raw' } }, '/', [1, 3, 224, 224]);
  // The case: an unconfigured torchvision ResNet-18 on 0..255 pixels, top score 1390.
  assert.match(preprocessingNotes(set, [3, 1390, -20]).join('\n'), /largest score is 1390.*preset raw.*probably not/);
  assert.deepEqual(preprocessingNotes(set, [3, IMPLAUSIBLE_LOGIT - 1, -20]), []);
  assert.match(preprocessingNotes(set, [-(IMPLAUSIBLE_LOGIT + 1)]).join('\n'), /largest score/);
});
