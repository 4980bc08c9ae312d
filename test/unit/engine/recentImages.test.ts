/**
 * Explaining one image again skips its decoding and its activations run, and only then: an edited file, other
 * preprocessing or a caller's own tensor are decoded or run anew.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RecentImages } from '../../../src/engine/recentImages';
import { SizeSessions } from '../../../src/engine/modelSessions';
import type { CanonicalGraph } from '../../../src/canonicalize';
import type { Runner } from '../../../src/onnx/runtime';
import type { Preprocessing } from '../../../src/protocol';
import { fixture } from '../../helpers/fixtures';

const PRE: Preprocessing = { width: 64, height: 64, channels: 'RGB', layout: 'NCHW', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' };

describe('RecentImages', () => {
  it('decodes an image once per content and preprocessing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-images-'));
    const path = join(dir, 'image.png');
    copyFileSync(fixture('images', 'astronaut_64.png'), path);
    const images = new RecentImages();
    const first = await images.decode(path, PRE);
    assert.equal(await images.decode(path, PRE), first, 'the same image again');
    const gray = await images.decode(path, { ...PRE, channels: 'gray', mean: [0], std: [1] });
    assert.notEqual(gray, first, 'other preprocessing');
    copyFileSync(fixture('images', 'rocket_64.png'), path);
    const edited = await images.decode(path, PRE);
    assert.notEqual(edited, first, 'the file was edited');
    assert.ok(edited.tensor.data.some((v, i) => v !== first.tensor.data[i]));
  });

  it('does not remember an image that fails to decode', async () => {
    const images = new RecentImages();
    const bad = fixture('models', 'mnist_labels.txt');
    await assert.rejects(images.decode(bad, PRE));
    await assert.rejects(images.decode(bad, PRE), /Cannot decode/);
  });
});

describe('SizeSessions.activations', () => {
  it('runs once per remembered input array, every time otherwise', async () => {
    let runs = 0;
    const info: Runner = {
      run: async () => (runs++, { a: { type: 'float32', dims: [1], data: Float32Array.of(runs) } }),
      release: async () => undefined,
    };
    const canonical = { graph: { inputs: [{ name: 'x', type: 'float32', dims: [1] }] } } as unknown as CanonicalGraph;
    const sizes = new SizeSessions(canonical, info, info, new Map());
    const x = { data: Float32Array.of(1), dims: [1] };
    const first = await sizes.activations(x, true);
    assert.equal(await sizes.activations(x, true), first);
    assert.equal(runs, 1);
    await sizes.activations({ data: Float32Array.of(1), dims: [1] }, true);
    assert.equal(runs, 2, 'another array');
    await sizes.activations(x, false);
    await sizes.activations(x, false);
    assert.equal(runs, 4, 'not remembered');
  });
});
