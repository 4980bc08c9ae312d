import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { encodeNpy } from '../../src/io/npy';
import { fixture } from '../helpers/fixtures';
import { readNpz } from '../helpers/npz';

test('readNpz reads every array of a reference archive, keyed without .npy', () => {
  const arrays = readNpz(fixture('reference', 'mnist__mnist_wonnx_0_28__t0.npz'));
  const input = arrays.get('input');
  assert.ok(input, `keys: ${[...arrays.keys()].join(', ')}`);
  assert.deepEqual(input.shape, [1, 28, 28]);
  assert.equal(input.data.length, 784);
  assert.ok(input.data.every((v) => v >= 0 && v <= 1), 'MNIST input is pixel/255');
  assert.deepEqual(arrays.get('logits')?.shape, [10]);
  assert.deepEqual(arrays.get('gradcam_last_conv_output')?.shape, [14, 14]);
  assert.ok(![...arrays.keys()].some((k) => k.endsWith('.npy')));
});

test('readNpz reads stored and deflated members alike', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npz-'));
  const path = join(dir, 'pair.npz');
  writeFileSync(
    path,
    zipSync({
      'a.npy': [encodeNpy(new Float32Array([1, 2]), [2]), { level: 0 }],
      'b.npy': [encodeNpy(new Float32Array([3, 4, 5, 6]), [2, 2]), { level: 6 }],
    }),
  );
  const arrays = readNpz(path);
  assert.deepEqual(arrays.get('a'), { data: new Float32Array([1, 2]), shape: [2] });
  assert.deepEqual(arrays.get('b'), { data: new Float32Array([3, 4, 5, 6]), shape: [2, 2] });
});
