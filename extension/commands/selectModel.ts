/**
 * "Select Model...": pick an .onnx in the workspace, a bundled sample or any file; the engine reads it
 * before the setting changes, and a model without a configuration goes on to its configuration step
 * (configureModel.ts: the preset table on an image, the labels, the sidecar written and opened).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelInfo } from '../../src/protocol';
import { sidecarPath } from '../../src/config/modelConfig';
import { type ConfigureOutcome, configureModel } from './configureModel';
import { BUNDLED_PREFIX, bundledModelPath, DEFAULT_MODEL_FILE } from '../modelSource';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** Bundled models the picker offers besides the workspace's. */
const SAMPLES = [
  { file: DEFAULT_MODEL_FILE, label: 'SqueezeNet 1.1 (ImageNet, bundled default)' },
  { file: 'mnist_cntk_winml.onnx', label: 'MNIST digits (bundled sample)' },
];

export type SelectModelOutcome =
  | { status: 'ok'; setting: string; info: ModelInfo; configured?: ConfigureOutcome }
  | { status: 'failed'; code: string; message: string };

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
  const unconfigured = !setting.startsWith(BUNDLED_PREFIX) && !/\.json$/i.test(file) && !fs.existsSync(sidecarPath(file));
  const configured = unconfigured ? await configureModel(deps, file, read.value) : undefined;
  void deps.explainer.rerun({});
  return { status: 'ok', setting: value, info: read.value, ...(configured && { configured }) };
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
