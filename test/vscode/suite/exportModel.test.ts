/**
 * "Export Explained Model...": scripted with a path, it writes the current method's explanation of the current
 * model (the settings' here: the bundled SqueezeNet, Grad-CAM) as an ONNX file whose metadata name the method,
 * its inputs the preprocessed image and the target, and a file it cannot write is an error saying so.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { onnx } from 'onnx-proto';
import type { ExportResult } from '../../../src/protocol';
import { Commands } from '../../../extension/ids';
import { api, resetSettings, setSetting } from './helpers';

describe('export explained model', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'explain-export-'));
  before(() => api());
  after(async () => {
    await resetSettings();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the settings\' method as a standalone ONNX file', async () => {
    // The shown explanation's method would win over the settings': an earlier suite's panel must not be active.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('method', 'grad-cam');
    const file = path.join(dir, 'gradcam.onnx');
    const result = await vscode.commands.executeCommand<ExportResult>(Commands.exportModel, { path: file, layers: true });
    assert.strictEqual(result.method, 'grad-cam');
    assert.deepStrictEqual(result.inputs.map((i) => i.name), ['input', 'target']);
    assert.deepStrictEqual(result.outputs, ['logits', 'relevance', 'explained_class', 'layer_relevance']);
    const meta = Object.fromEntries(onnx.ModelProto.decode(fs.readFileSync(file)).metadataProps.map((p) => [p.key, p.value]));
    assert.strictEqual(meta['explain.method'], 'grad-cam');
    assert.strictEqual(JSON.parse(meta['explain.preprocessing']).channels, 'BGR');
  });

  it('says why when the file cannot be written', async () => {
    await setSetting('method', 'gradient');
    const file = path.join(dir, 'no-such-folder', 'g.onnx');
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand(Commands.exportModel, { path: file })), /Could not write .*no-such-folder/);
  });
});
