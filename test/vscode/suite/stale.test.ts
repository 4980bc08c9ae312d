/**
 * Never stale: a shown explanation re-runs by itself when its image or its model's `.explain.json` changes on
 * disk (an image replaced by another file of the same name gets that image's result, not the old one).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands } from '../../../extension/ids';
import type { ExplainOutcome } from '../../../extension/explainer';
import type { ViewRequest } from '../../../src/protocol';
import { api, bundledModel, ok, resetSettings, run, sampleImage, setSetting, workspaceDir } from './helpers';

const TABBY = 281;
const TENCH = 0;

/** The next re-run caused by a file change, within `timeoutMs`. */
async function nextRerun(timeoutMs = 30_000): Promise<{ requests: ViewRequest[]; changed: string; outcome: ExplainOutcome }> {
  const { onDidRerunForChange } = await api();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no re-run within ${timeoutMs / 1000} s of the change`));
    }, timeoutMs);
    const sub = onDidRerunForChange((e) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

describe('never stale', () => {
  before(api);
  after(resetSettings);

  it('an image replaced on disk re-runs the explanation, which then shows the new image\'s class', async () => {
    await setSetting('method', 'gradient');
    const file = path.join(workspaceDir(), 'replaced.png');
    fs.copyFileSync(sampleImage('images/winml_kitten.png'), file);
    const first = ok(await run(Commands.explain, vscode.Uri.file(file)));
    assert.strictEqual(first.results[0].target, TABBY);

    const rerun = nextRerun();
    fs.copyFileSync(sampleImage('images/winml_fish.png'), file);
    const { changed, outcome } = await rerun;
    assert.strictEqual(changed, file);
    assert.strictEqual(ok(outcome).results[0].target, TENCH, 'the re-run explains the new image');
    assert.deepStrictEqual((await api()).shownRequests().map((r) => r.imagePath), [file]);
  });

  it('a file written again with the same bytes does not re-run (the event is not a change)', async () => {
    await setSetting('method', 'gradient');
    const file = path.join(workspaceDir(), 'rewritten.png');
    fs.copyFileSync(sampleImage('images/winml_kitten.png'), file);
    ok(await run(Commands.explain, vscode.Uri.file(file)));
    // Long enough for the watcher's events, the debounce and a whole re-run of the first (which took well under 8 s).
    const rerun = nextRerun(8_000);
    fs.writeFileSync(file, fs.readFileSync(file));
    await assert.rejects(rerun, /no re-run within/, 'the same content is not re-explained');
  });

  it('saving the model\'s .explain.json re-runs with it', async () => {
    const dir = path.join(workspaceDir(), 'mnist-model');
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['mnist_cntk_winml.onnx', 'mnist_cntk_winml.explain.json', 'mnist_labels.txt']) fs.copyFileSync(bundledModel(f), path.join(dir, f));
    await setSetting('model', 'mnist-model/mnist_cntk_winml.onnx');
    const first = ok(await run(Commands.explain, sampleImage('mnist/mnist_wonnx_3_28.png')));
    assert.strictEqual(first.results[0].label, '3');

    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    fs.writeFileSync(path.join(dir, 'words.txt'), words.join('\n') + '\n');
    const sidecar = path.join(dir, 'mnist_cntk_winml.explain.json');
    const config = JSON.parse(fs.readFileSync(sidecar, 'utf8'));
    const rerun = nextRerun();
    // Saved through an editor, as a user would.
    const doc = await vscode.workspace.openTextDocument(sidecar);
    const editor = await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), JSON.stringify({ ...config, labels: 'words.txt' }, null, 2)));
    await doc.save();
    const { changed, outcome } = await rerun;
    assert.strictEqual(changed, sidecar);
    assert.strictEqual(ok(outcome).results[0].label, 'three', 'the re-run reads the saved labels');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
