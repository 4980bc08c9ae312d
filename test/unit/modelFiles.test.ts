/** A model file is read and hashed once, and again only when it changes on disk. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFiles } from '../../src/engine/modelFiles';
import { Engine } from '../../src/engine/engine';
import { fixture } from '../helpers/fixtures';

describe('model files', () => {
  it('reads a file once while it is unchanged, and again when it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-files-'));
    const file = join(dir, 'm.onnx');
    writeFileSync(file, 'first');
    const files = new ModelFiles();
    const a = await files.identify(file);
    assert.ok(a.bytes);
    const b = await files.identify(file);
    assert.equal(b.bytes, undefined, 'an unchanged file is not read again');
    assert.equal(b.hash, a.hash);
    writeFileSync(file, 'second, longer');
    const c = await files.identify(file);
    assert.ok(c.bytes);
    assert.notEqual(c.hash, a.hash);
    const d = await files.identify(file, true);
    assert.ok(d.bytes, 'fresh always reads');
    await assert.rejects(files.identify(join(dir, 'missing.onnx')), { code: 'MODEL_NOT_FOUND' });
  });

  it('the engine explains with the new model after the file is replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-files-'));
    const file = join(dir, 'model.onnx');
    copyFileSync(fixture('models', 'mnist_cntk_winml.onnx'), file);
    const engine = new Engine();
    const request = { model: { path: file }, image: { path: fixture('images', 'mnist_wonnx_3_28.png') }, method: 'gradient' as const };
    const first = await engine.explain(request);
    assert.equal(first.top[0].index, 3);
    copyFileSync(fixture('models', 'resnet_mini.onnx'), file);
    // Make sure the modification time moves even on coarse-grained file systems.
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const second = await engine.explain(request);
    assert.deepEqual(second.input.dims, [1, 3, 64, 64], 'the new model (RGB 64x64) sets the preprocessing');
    assert.notEqual(second.layers.length, first.layers.length);
    await engine.clearCache();
  });
});
