/**
 * Decides which model explains: the configured one, or the bundled default when none is configured or
 * when workspace trust forbids loading what the workspace names.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { sidecarPath } from '../src/config/modelConfig';
import type { ModelSource } from '../src/protocol';
import * as settings from './settings';

/** Bundled models live here; `bundled:NAME` in the model setting names a file in it. */
export const BUNDLED_DIR = 'media/models';
export const BUNDLED_PREFIX = 'bundled:';
export const DEFAULT_MODEL_FILE = 'squeezenet1.1.onnx';

export interface ChosenModel {
  source: ModelSource;
  /** The .onnx or config file the source names, for messages and the view's header. */
  file: string;
  /** True when the default model explains because nothing else may or can. */
  isDefault: boolean;
  /** Why the configured model was not used. */
  note?: string;
}

export function bundledModelPath(extensionUri: vscode.Uri, file = DEFAULT_MODEL_FILE): string {
  return path.join(extensionUri.fsPath, BUNDLED_DIR, file);
}

/** `trusted` is the workspace's trust; a parameter so the untrusted path is testable where trust is off. */
export function chooseModel(extensionUri: vscode.Uri, trusted = vscode.workspace.isTrusted): ChosenModel {
  const { value, fromWorkspace } = settings.modelSetting();
  const useDefault = (note?: string): ChosenModel => {
    const file = bundledModelPath(extensionUri);
    return { source: { path: file }, file, isDefault: true, note };
  };
  if (!value) return useDefault();
  if (value.startsWith(BUNDLED_PREFIX)) {
    const file = bundledModelPath(extensionUri, value.slice(BUNDLED_PREFIX.length));
    return { source: { path: file }, file, isDefault: false };
  }

  const file = settings.resolvePath(value) ?? value;
  if (!trusted && (fromWorkspace || insideWorkspace(file))) {
    // A model (and its sidecar) from an untrusted workspace is not loaded: the bundled model still works.
    return useDefault(`The model "${value}" comes from this workspace, which is not trusted yet.`);
  }
  if (/\.json$/i.test(file) || fs.existsSync(sidecarPath(file))) return { source: { path: file }, file, isDefault: false };

  const overrides = settings.modelOverrides();
  if (overrides.labels === undefined && overrides.input === undefined && overrides.scoreOutput === undefined) return { source: { path: file }, file, isDefault: false };
  return { source: { config: { model: file, ...overrides }, baseDir: path.dirname(file) }, file, isDefault: false };
}

/** For the view's header: "bundled" for a model that ships with the extension, else its path (workspace-relative inside it). */
export function modelLocation(extensionUri: vscode.Uri, file: string): string {
  const rel = path.relative(path.join(extensionUri.fsPath, BUNDLED_DIR), file);
  return !rel.startsWith('..') && !path.isAbsolute(rel) ? 'bundled' : vscode.workspace.asRelativePath(file);
}

function insideWorkspace(file: string): boolean {
  return (vscode.workspace.workspaceFolders ?? []).some((f) => {
    const rel = path.relative(f.uri.fsPath, file);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  });
}
