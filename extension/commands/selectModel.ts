/**
 * "Select Model...": pick an .onnx in the workspace, a bundled sample or any file; the engine reads it
 * before the setting changes, and without a sidecar the user is offered one made from the model's input.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelConfigFile, ModelInfo } from '../../src/protocol';
import { describeFailure, showFailure } from '../failures';
import { sidecarPath } from '../../src/config/modelConfig';
import { BUNDLED_PREFIX, bundledModelPath, DEFAULT_MODEL_FILE } from '../modelSource';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** Bundled models the picker offers besides the workspace's. */
const SAMPLES = [
  { file: DEFAULT_MODEL_FILE, label: 'SqueezeNet 1.1 (ImageNet, bundled default)' },
  { file: 'mnist_cntk_winml.onnx', label: 'MNIST digits (bundled sample)' },
];

export type SelectModelOutcome = { status: 'ok'; setting: string; info: ModelInfo } | { status: 'failed'; code: string; message: string };

/** `arg`: a path or `bundled:NAME` when scripted; otherwise the user picks. */
export async function selectModel(deps: CommandDeps, arg?: unknown): Promise<SelectModelOutcome | undefined> {
  const setting = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : await pickModel(deps);
  if (setting === undefined) return undefined;
  const file = setting.startsWith(BUNDLED_PREFIX)
    ? bundledModelPath(deps.extensionUri, setting.slice(BUNDLED_PREFIX.length))
    : (settings.resolvePath(setting) ?? setting);

  const read = await deps.runner.run('Reading model', () => deps.engineHost.engine.inspect({ path: file }));
  if (read.status === 'cancelled') return undefined;
  if (read.status === 'failed') return { status: 'failed', code: read.failure.code, message: read.failure.message };

  const value = setting.startsWith(BUNDLED_PREFIX) ? setting : settings.toSettingPath(file);
  await settings.setModel(value === `${BUNDLED_PREFIX}${DEFAULT_MODEL_FILE}` ? '' : value);
  deps.log.info(`Model: ${file} (${read.value.inputDims.join('x')} -> ${read.value.classes} classes)`);
  if (!setting.startsWith(BUNDLED_PREFIX) && !/\.json$/i.test(file) && !fs.existsSync(sidecarPath(file))) {
    offerSidecar(file, read.value);
  }
  void deps.explainer.rerun({});
  return { status: 'ok', setting: value, info: read.value };
}

async function pickModel(deps: CommandDeps): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { value?: string; browse?: boolean };
  const found = await vscode.workspace.findFiles('**/*.onnx', '**/node_modules/**', 200);
  const items: Item[] = [
    ...(found.length ? [{ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator }] : []),
    ...found.map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(uri), value: uri.fsPath })),
    { label: 'Bundled', kind: vscode.QuickPickItemKind.Separator },
    ...SAMPLES.map((s) => ({ label: s.label, description: s.file, value: `${BUNDLED_PREFIX}${s.file}` })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(folder-opened) Browse...', browse: true },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Select Model', placeHolder: 'An ONNX image classifier' });
  if (!picked) return undefined;
  if (!picked.browse) return picked.value;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Select Model',
    filters: { 'ONNX model or explain config': ['onnx', 'json'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(deps.extensionUri.fsPath),
  });
  return chosen?.[0]?.fsPath;
}

/** Non-blocking: the model is usable already; the sidecar only makes its preprocessing explicit and editable. */
function offerSidecar(modelFile: string, info: ModelInfo): void {
  const target = sidecarPath(modelFile);
  const action = `Create ${path.basename(target)}`;
  void vscode.window
    .showInformationMessage(
      `Explain: ${path.basename(modelFile)} has no configuration file. Create one from its input shape to set labels and preprocessing?`,
      action,
    )
    .then(async (picked) => {
      if (picked !== action) return;
      try {
        const config: ModelConfigFile = { model: path.basename(modelFile), input: info.config.input };
        fs.writeFileSync(target, JSON.stringify(config, null, 2) + '\n');
        await vscode.window.showTextDocument(vscode.Uri.file(target));
      } catch (err) {
        showFailure(describeFailure(err));
      }
    });
}
