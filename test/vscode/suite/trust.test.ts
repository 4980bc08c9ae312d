/**
 * Workspace trust. code-server runs these tests with trust disabled (every workspace trusted), so the
 * untrusted decision is exercised by passing trust explicitly; the manifest's declaration is checked in
 * activation.test.ts.
 */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import { chooseModel, modelLocation } from '../../../extension/modelSource';
import { extension } from './helpers';

describe('workspace trust', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const setModel = (value: string | undefined) =>
    vscode.workspace.getConfiguration('explain').update('model', value, vscode.ConfigurationTarget.Workspace);

  afterEach(() => setModel(undefined));

  it('does not load a model named by an untrusted workspace, and says why; the bundled model still explains', async () => {
    await setModel('models/mine.onnx');
    const chosen = chooseModel(extension().extensionUri, false);
    assert.strictEqual(chosen.isDefault, true);
    assert.match(chosen.note ?? '', /not trusted/);
    assert.strictEqual(path.basename(chosen.file), 'squeezenet1.1.onnx');
  });

  it('loads the same model once the workspace is trusted', async () => {
    await setModel('models/mine.onnx');
    const chosen = chooseModel(extension().extensionUri, true);
    assert.strictEqual(chosen.isDefault, false);
    assert.strictEqual(chosen.file, path.join(folder(), 'models', 'mine.onnx'));
  });

  it('uses the bundled model, untrusted or not, when nothing is configured', () => {
    for (const trusted of [false, true]) {
      const chosen = chooseModel(extension().extensionUri, trusted);
      assert.strictEqual(chosen.isDefault, true);
      assert.strictEqual(chosen.note, undefined);
    }
  });

  it('the header names where the model is: "bundled", or the workspace-relative path of the one asked for', async () => {
    const ext = extension().extensionUri;
    assert.strictEqual(modelLocation(ext, chooseModel(ext, true).file), 'bundled');
    await setModel('bundled:mnist_cntk_winml.onnx');
    assert.strictEqual(modelLocation(ext, chooseModel(ext, true).file), 'bundled');
    await setModel('models/missing.onnx');
    assert.strictEqual(modelLocation(ext, chooseModel(ext, true).file), 'models/missing.onnx');
  });
});
