/**
 * Explain Folder and the Dataset view (issue 14): an ImageFolder-style folder (two class sub-folders) made
 * from the sample images is explained into the workspace's explain-dataset folder; the view's page draws a tile
 * for every image, a mean map per predicted class and the clusters of every class; Write Dataset Report writes
 * report.html and results.csv beside the results; Cancel stops a run, which the next one finishes; a second run
 * resumes every image and draws them all again.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { RESULTS_DIR, type FolderOutcome } from '../../../extension/dataset/explainFolder';
import { Commands } from '../../../extension/ids';
import type { DatasetDrawn } from '../../../src/protocol';
import { api, resetSettings, sampleImage, setSetting, workspaceDir } from './helpers';

/** The first drawing of the Dataset view of `out` that satisfies `done`. */
async function drawnUntil(out: string, done: (d: DatasetDrawn) => boolean, timeoutMs = 120_000): Promise<DatasetDrawn> {
  const { onDidDrawDataset } = await api();
  return new Promise((resolve, reject) => {
    let last: DatasetDrawn | undefined;
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the Dataset view of ${out} did not get there within ${timeoutMs / 1000} s (last drawn: ${JSON.stringify(last)})`));
    }, timeoutMs);
    const sub = onDidDrawDataset((e) => {
      if (e.out !== out) return;
      last = e.drawn;
      if (!done(e.drawn)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e.drawn);
    });
  });
}

async function explainFolder(folder: string): Promise<Extract<FolderOutcome, { status: 'ok' }>> {
  const outcome = await vscode.commands.executeCommand<FolderOutcome | undefined>(Commands.explainFolder, vscode.Uri.file(folder));
  assert.ok(outcome, 'Explain Folder returned nothing');
  assert.strictEqual(outcome.status, 'ok', `expected success, got ${JSON.stringify(outcome.status === 'failed' ? outcome.failure : outcome.status)}`);
  return outcome as Extract<FolderOutcome, { status: 'ok' }>;
}

describe('Explain Folder and the Dataset view', () => {
  const name = `folder-${process.pid}`;
  let folder: string;
  let out: string;
  const images: Record<string, string[]> = {
    tabby: ['winml_kitten.png', 'astronaut.png'],
    goldfish: ['winml_fish.png', 'rocket.png', 'darknet_dog.png'],
  };
  const count = Object.values(images).flat().length;

  before(async () => {
    await api();
    folder = path.join(workspaceDir(), name);
    out = path.join(workspaceDir(), RESULTS_DIR, `${name}-gradient`);
    for (const [label, files] of Object.entries(images)) {
      fs.mkdirSync(path.join(folder, label), { recursive: true });
      for (const f of files) fs.copyFileSync(sampleImage(`images/${f}`), path.join(folder, label, f));
    }
    await setSetting('method', 'gradient');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings();
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(path.join(workspaceDir(), RESULTS_DIR), { recursive: true, force: true });
  });

  it('every image streams into the grid, each class gets its mean map and its clusters, and the report is written', async () => {
    const everything = drawnUntil(out, (d) => d.tiles === count && d.clusterClasses > 0 && d.thumbnailsLoaded === 2 * count);
    const run = await explainFolder(folder);
    assert.strictEqual(run.out, out);
    assert.strictEqual(run.summary.index.items.length, count, `explained ${run.summary.index.items.map((i) => i.path).join(', ')}`);
    assert.strictEqual(run.summary.explained, count);
    assert.deepStrictEqual(run.summary.index.failed, []);
    // The sub-folders are class labels: the kitten is labelled tabby, and SqueezeNet calls it tabby.
    const kitten = run.summary.index.items.find((i) => i.path === 'tabby/winml_kitten.png');
    assert.ok(kitten, 'the kitten is among the results');
    assert.strictEqual(kitten.label, 'tabby');
    assert.strictEqual(kitten.correct, true, `the kitten was explained as ${kitten.targetLabel}`);

    const predicted = new Set(run.summary.index.items.map((i) => i.target));
    assert.strictEqual(run.classes.length, predicted.size, 'one SpRAy class per class predicted');
    assert.deepStrictEqual(run.classes.flatMap((c) => c.paths).sort(), run.summary.index.items.map((i) => i.path).sort(), 'every image is in its class');
    for (const c of run.classes) assert.deepStrictEqual(c.clusters.flatMap((cl) => cl.members).sort(), [...c.paths].sort(), `class ${c.label}: every member in one cluster`);

    const drawn = await everything;
    assert.strictEqual(drawn.tiles, count);
    assert.strictEqual(drawn.classMeans, predicted.size);
    assert.strictEqual(drawn.clusterClasses, run.classes.length);
    assert.strictEqual(drawn.clusters, run.classes.reduce((n, c) => n + c.clusters.length, 0));
    assert.deepStrictEqual(drawn.errors, []);

    const written = await vscode.commands.executeCommand<{ html: string; csv: string }>(Commands.writeDatasetReport, 'quiet');
    assert.ok(written, 'Write Dataset Report returned nothing');
    assert.strictEqual(written.html, path.join(out, 'report.html'));
    const html = fs.readFileSync(written.html, 'utf8');
    assert.match(html, /tabby\/winml_kitten\.png/);
    assert.match(html, /data:image\/png;base64,/);
    const csv = fs.readFileSync(written.csv, 'utf8').trim().split('\n');
    assert.strictEqual(csv.length, count + 1, 'a header and a row per image');
  });

  it('Cancel stops a folder run, the view says so, and the next run finishes the folder', async () => {
    const other = path.join(workspaceDir(), `${name}-cancelled`);
    const otherOut = path.join(workspaceDir(), RESULTS_DIR, `${name}-cancelled-gradient`);
    fs.cpSync(folder, other, { recursive: true });
    try {
      const said = drawnUntil(otherOut, (d) => d.errors.some((e) => /^Cancelled/.test(e)));
      const started = vscode.commands.executeCommand<FolderOutcome>(Commands.explainFolder, vscode.Uri.file(other));
      assert.strictEqual(await vscode.commands.executeCommand(Commands.cancel), true, 'a folder run was in progress');
      const outcome = await started;
      assert.strictEqual(outcome.status, 'cancelled');
      await said;
      const resumed = await explainFolder(other);
      assert.strictEqual(resumed.summary.index.items.length, count);
      assert.strictEqual(resumed.summary.explained + resumed.summary.resumed, count);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('a second run resumes every image and the new view shows them all', async () => {
    const everything = drawnUntil(out, (d) => d.tiles === count && d.clusterClasses > 0);
    const run = await explainFolder(folder);
    assert.strictEqual(run.summary.resumed, count);
    assert.strictEqual(run.summary.explained, 0);
    const drawn = await everything;
    assert.strictEqual(drawn.tiles, count);
  });
});
