/**
 * The folder API as the extension would use it, through the engine worker: progress streaming the finished
 * images, cancel by AbortSignal (what was done stays, and the next run resumes), then the clusters and the
 * report computed in the worker.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FolderRequest } from '../../../src/protocol';
import { EngineClient, defaultWorkerPath } from '../../../src/worker/client';
import { fixture } from '../../helpers/fixtures';
import { MNIST, modelFile } from '../../helpers/models';

const root = mkdtempSync(join(tmpdir(), 'explain-worker-folder-'));
const folder = join(root, 'digits');
const client = new EngineClient({ workerPath: defaultWorkerPath() });
after(async () => {
  await client.dispose();
  rmSync(root, { recursive: true, force: true });
});
const SOURCES = ['mnist_wonnx_0_28.png', 'mnist_wonnx_3_28.png', 'mnist_wonnx_5_28.png', 'mnist_wonnx_7_28.png', 'winml_mnist_28.png'];
before(() => {
  for (let i = 0; i < 10; i++) {
    mkdirSync(join(folder, `c${i % 2}`), { recursive: true });
    copyFileSync(fixture('images', SOURCES[i % SOURCES.length]), join(folder, `c${i % 2}`, `${i}.png`));
  }
});
const request: FolderRequest = { model: { path: modelFile(MNIST) }, method: 'gradient', folder, out: join(root, 'out'), memoryBytes: 1 };

describe('folder requests through the worker', () => {
  it('streams progress, cancels on abort, resumes, clusters and writes the report', async () => {
    const abort = new AbortController();
    const streamed: string[] = [];
    const run = client.explainFolder(request, {
      signal: abort.signal,
      onFolderProgress: (p) => {
        streamed.push(...p.items.map((i) => i.path));
        if (streamed.length >= 3) abort.abort();
      },
    });
    await assert.rejects(run, (e: { code?: string }) => e.code === 'CANCELLED');
    const done = await client.explainFolder(request);
    assert.ok(done.resumed >= 3 && done.resumed < 10, `resumed ${done.resumed}`);
    assert.equal(done.resumed + done.explained, 10);
    const { items, classes } = await client.clusterFolder([request.out]);
    assert.equal(items.length, 10);
    assert.equal(classes.reduce((a, c) => a + c.paths.length, 0), 10);
    const written = await client.writeDatasetReport([request.out], join(root, 'report'));
    assert.ok(existsSync(written.html) && existsSync(written.csv));
  });
});
