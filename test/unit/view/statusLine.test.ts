import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { modelWords, statusLine } from '../../../webview/model/statusLine';

test('a failed run names the model it asked for, by name and path', () => {
  const missing = { name: 'missing.onnx', isDefault: false, location: 'models/missing.onnx' };
  assert.equal(
    statusLine({ text: 'Model file not found: /w/models/missing.onnx.', error: true, model: missing }),
    'Explaining with missing.onnx (models/missing.onnx) failed: Model file not found: /w/models/missing.onnx.',
  );
  assert.equal(modelWords({ name: 'squeezenet1.1.onnx', isDefault: true, location: 'bundled' }), 'squeezenet1.1.onnx (bundled)');
  assert.equal(modelWords({ name: 'm.onnx', isDefault: false, location: 'm.onnx' }), 'm.onnx', 'a path that is only the name is not said twice');
});

test('other lines as the host wrote them; none at all clears the line', () => {
  assert.equal(statusLine({ text: 'Explaining a.png with LRP...' }), 'Explaining a.png with LRP...');
  assert.equal(statusLine({ text: 'Cancelled.', error: false }), 'Cancelled.');
  assert.equal(statusLine({ text: 'Bad layer.', error: true }), 'Bad layer.', 'an error without a model is the message alone');
  assert.equal(statusLine({}), '');
});
