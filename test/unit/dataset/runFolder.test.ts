/**
 * A folder through runFolder on the MNIST fixture: batched results equal the single-image path's, a second run
 * skips what is done (and redoes only a result that went missing), shards fill one results folder between
 * them, a cancel keeps what was finished, and a tight memory bound shrinks the batch to one image.
 */
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Engine } from '../../../src/engine/engine';
import { readIndexes, readMap } from '../../../src/dataset/resultFiles';
import { runFolder } from '../../../src/dataset/runFolder';
import { itemFiles } from '../../../src/dataset/outLayout';
import type { DatasetIndex, FolderRequest, MethodName, MethodParams } from '../../../src/protocol';
import { boxDownsample } from '../../../src/analysis/downsample';
import { pixelRelevance } from '../../../src/render/pixelRelevance';
import { fixture } from '../../helpers/fixtures';
import { MNIST, modelFile } from '../../helpers/models';

const root = mkdtempSync(join(tmpdir(), 'explain-folder-'));
const folder = join(root, 'digits');
const engine = new Engine();
after(async () => {
  await engine.clearCache();
  rmSync(root, { recursive: true, force: true });
});

// ImageFolder layout: digit classes, one image at the top level (no label), one unreadable file.
const IMAGES: [string, string][] = [
  ['0/a.png', 'mnist_wonnx_0_28.png'],
  ['3/a.png', 'mnist_wonnx_3_28.png'],
  ['5/a.png', 'mnist_wonnx_5_28.png'],
  ['7/a.png', 'mnist_wonnx_7_28.png'],
  ['7/b.png', 'winml_mnist_28.png'],
  ['loose.png', 'mnist_wonnx_3_28.png'],
];
before(() => {
  for (const [to, from] of IMAGES) {
    mkdirSync(join(folder, to, '..'), { recursive: true });
    copyFileSync(fixture('images', from), join(folder, to));
  }
  writeFileSync(join(folder, '3', 'broken.png'), 'not an image');
});

const model = { path: modelFile(MNIST) };
const request = (out: string, method: MethodName = 'gradient', params: MethodParams = {}): FolderRequest => ({ model, method, params, folder, out: join(root, out) });

describe('runFolder', () => {
  for (const [method, params] of [['gradient', {}], ['lrp', { composite: 'epsilon-plus-flat' }], ['integrated-gradients', { steps: 8 }]] as [MethodName, MethodParams][]) {
    it(`gives ${method} the single-image path's numbers, several images per run where it can`, async () => {
      const out = `same-${method}`;
      const summary = await runFolder(engine, request(out, method, params));
      assert.equal(summary.explained, IMAGES.length);
      assert.equal(summary.batch, method === 'integrated-gradients' ? 1 : IMAGES.length);
      assert.deepEqual(summary.index.failed.map((f) => f.path), ['3/broken.png']);
      assert.match(summary.index.failed[0].message, /Cannot decode .*broken\.png/);
      for (const item of summary.index.items) {
        const single = await engine.explain({ model, image: { path: join(folder, item.path) }, method, params });
        assert.equal(item.target, single.target, item.path);
        assert.ok(Math.abs(item.score - single.score) <= 1e-5 * Math.abs(single.score), `${item.path} score`);
        assert.ok(Math.abs(item.relevanceSum - single.relevanceSum) <= 1e-4 * Math.max(1, Math.abs(single.relevanceSum)), `${item.path}: sum ${item.relevanceSum} vs ${single.relevanceSum}`);
        const want = boxDownsample(pixelRelevance(single.relevance, 28, 28), 64);
        const got = await readMap(join(root, out), item);
        const scale = Math.max(...want.data.map(Math.abs));
        const worst = Math.max(...got.data.map((v, i) => Math.abs(v - want.data[i])));
        assert.ok(worst <= 1e-5 * scale, `${item.path}: map off by ${worst} of ${scale}`);
      }
    });
  }

  it('labels by sub-folder and scores the prediction against it', async () => {
    const [index] = await readIndexes(join(root, 'same-gradient'));
    const byPath = new Map(index.items.map((i) => [i.path, i]));
    assert.equal(byPath.get('3/a.png')!.label, '3');
    assert.equal(byPath.get('3/a.png')!.labelIndex, 3);
    assert.equal(byPath.get('3/a.png')!.correct, byPath.get('3/a.png')!.target === 3);
    assert.equal(byPath.get('loose.png')!.label, undefined);
    assert.equal(byPath.get('loose.png')!.correct, undefined);
    assert.deepEqual(index.items.map((i) => i.path), [...index.items.map((i) => i.path)].sort());
  });

  it('resumes: a second run explains nothing, and only a result that went missing is redone', async () => {
    const out = join(root, 'same-gradient');
    const again = await runFolder(engine, request('same-gradient'));
    assert.equal(again.explained, 0);
    assert.equal(again.resumed, IMAGES.length);
    const before = readFileSync(join(out, itemFiles('5/a.png').json), 'utf8');
    unlinkSync(join(out, itemFiles('7/b.png').json));
    const seen: string[] = [];
    const redo = await runFolder(engine, request('same-gradient'), (p) => seen.push(...p.items.map((i) => i.path)));
    assert.equal(redo.explained, 1);
    assert.equal(redo.resumed, IMAGES.length - 1);
    assert.ok(seen.includes('7/b.png'));
    assert.equal(readFileSync(join(out, itemFiles('5/a.png').json), 'utf8'), before, 'a done result is left alone');
    assert.equal(redo.index.items.length, IMAGES.length);
  });

  it('leaves out the folders it is told to (earlier results inside the folder explained)', async () => {
    const workspace = join(root, 'workspace');
    const earlier = join(workspace, 'explain-dataset', 'earlier', 'results');
    mkdirSync(earlier, { recursive: true });
    copyFileSync(fixture('images', 'mnist_wonnx_0_28.png'), join(workspace, 'digit.png'));
    copyFileSync(fixture('images', 'mnist_wonnx_3_28.png'), join(earlier, 'digit.png.thumb.png'));
    const out = join(workspace, 'explain-dataset', 'now');
    const summary = await runFolder(engine, { model, method: 'gradient', folder: workspace, out, exclude: [join(workspace, 'explain-dataset')] });
    assert.deepEqual(summary.index.items.map((i) => i.path), ['digit.png']);
  });

  it('refuses to mix another method into a results folder', async () => {
    await assert.rejects(runFolder(engine, request('same-gradient', 'lrp')), /holds results of gradient .* not of lrp/);
  });

  it('splits the folder between shards sharing one results folder', async () => {
    const n = 3;
    const indexes: DatasetIndex[] = [];
    for (let i = 0; i < n; i++) indexes.push((await runFolder(engine, { ...request('shared'), shard: { index: i, count: n } })).index);
    const paths = indexes.flatMap((x) => x.items.map((i) => i.path)).sort();
    assert.deepEqual(paths, IMAGES.map(([p]) => p).sort());
    assert.equal((await readIndexes(join(root, 'shared'))).length, n);
    assert.ok(existsSync(join(root, 'shared', 'index-2-of-3.json')));
  });

  it('stops at a cancel, keeping the finished images indexed for the next run', async () => {
    let batches = 0;
    const run = runFolder(engine, { ...request('cancelled'), memoryBytes: 1 }, () => batches++, () => batches >= 3);
    await assert.rejects(run, (e: { code?: string }) => e.code === 'CANCELLED');
    const [index] = await readIndexes(join(root, 'cancelled'));
    // The first progress report comes before any batch; one image per batch under a bound of one byte.
    assert.equal(index.items.length, 2);
    const rest = await runFolder(engine, request('cancelled'));
    assert.equal(rest.resumed, 2);
    assert.equal(rest.explained, IMAGES.length - 2);
  });

  it('reports progress with the rate and the time left', async () => {
    const reports: { done: number; total: number; secondsLeft?: number; imagesPerSecond: number }[] = [];
    await runFolder(engine, { ...request('progress'), memoryBytes: 1 }, (p) => reports.push(p));
    assert.equal(reports[0].done, 0);
    assert.equal(reports[0].secondsLeft, undefined);
    const last = reports[reports.length - 1];
    assert.equal(last.done, last.total);
    assert.equal(last.total, IMAGES.length + 1);
    assert.ok(last.imagesPerSecond > 0 && last.secondsLeft === 0);
  });
});
