/** What the extension-host tests share: the activated extension, sample paths, settings and waiting. */
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplainApi } from '../../../extension/extension';
import type { ExplainOutcome } from '../../../extension/explainer';
import { CONFIG_SECTION, EXTENSION_ID } from '../../../extension/ids';
import type { RenderedInfo } from '../../../extension/panel/ExplanationPanel';

export function extension(): vscode.Extension<ExplainApi> {
  const ext = vscode.extensions.getExtension<ExplainApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<ExplainApi> {
  return extension().activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the sample workspace open');
  return folder.uri.fsPath;
}

export function sampleImage(name: string): string {
  return path.join(workspaceDir(), name);
}

export function bundledModel(file: string): string {
  return path.join(extension().extensionPath, 'media', 'models', file);
}

/** Sets an `explain.*` setting in the workspace; `undefined` removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, value, vscode.ConfigurationTarget.Workspace);
}

const SETTINGS_TESTS_TOUCH = ['model', 'method', 'target', 'params.steps', 'params.samples', 'params.rule', 'params.composite', 'params.seed', 'baseline', 'labels', 'input'];

export async function resetSettings(): Promise<void> {
  for (const key of SETTINGS_TESTS_TOUCH) {
    await setSetting(key, undefined);
    await vscode.workspace.getConfiguration(CONFIG_SECTION).update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

/** The next time the webview reports it has drawn a result. */
export async function nextRender(timeoutMs = 60_000): Promise<RenderedInfo> {
  const { onDidRender } = await api();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`the panel did not render within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const sub = onDidRender((info) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(info);
    });
  });
}

export async function run(command: string, ...args: unknown[]): Promise<ExplainOutcome> {
  const outcome = await vscode.commands.executeCommand<ExplainOutcome | undefined>(command, ...args);
  assert.ok(outcome, `${command} returned nothing`);
  return outcome;
}

export function ok(outcome: ExplainOutcome): Extract<ExplainOutcome, { status: 'ok' }> {
  assert.strictEqual(outcome.status, 'ok', `expected success, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<ExplainOutcome, { status: 'ok' }>;
}

export function failed(outcome: ExplainOutcome): Extract<ExplainOutcome, { status: 'failed' }> {
  assert.strictEqual(outcome.status, 'failed', `expected a failure, got ${outcome.status}`);
  return outcome as Extract<ExplainOutcome, { status: 'failed' }>;
}

export function assertClose(actual: number, expected: number, relTol: number, what: string): void {
  const tol = relTol * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} is not within ${tol} of ${expected}`);
}

/** The explanation panel's tab, if one is open. */
export function panelTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('explain.explanation'));
}
