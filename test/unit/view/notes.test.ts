import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sharedNotes } from '../../../webview/model/notes';

test('a note every compared method gave is said once, plainly', () => {
  const opset = 'Raised from opset 7 to 17.';
  const dropout = 'Removed 1 Dropout/Identity node(s).';
  const notes = sharedNotes([
    { methodLabel: 'LRP', notes: [opset, dropout] },
    { methodLabel: 'Grad-CAM', notes: [opset, dropout, 'Layer "x": 512 channels, 13x13.'] },
    { methodLabel: 'Integrated gradients', notes: [opset, dropout, 'Baseline: black.'] },
  ]);
  assert.deepEqual(notes, [
    { text: opset, methods: [] },
    { text: dropout, methods: [] },
    { text: 'Layer "x": 512 channels, 13x13.', methods: ['Grad-CAM'] },
    { text: 'Baseline: black.', methods: ['Integrated gradients'] },
  ]);
});

test('a note some methods gave names them; a repeated note within one method counts once', () => {
  const notes = sharedNotes([
    { methodLabel: 'A', notes: ['n', 'n'] },
    { methodLabel: 'B', notes: ['n'] },
    { methodLabel: 'C', notes: [] },
  ]);
  assert.deepEqual(notes, [{ text: 'n', methods: ['A', 'B'] }]);
});

test('one explanation: its notes as they are, none named', () => {
  assert.deepEqual(sharedNotes([{ methodLabel: 'LRP', notes: ['a', 'b'] }]), [
    { text: 'a', methods: [] },
    { text: 'b', methods: [] },
  ]);
  assert.deepEqual(sharedNotes([]), []);
});
