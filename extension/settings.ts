/**
 * Reads the `explain.*` settings into the engine's types. The schema lives in package.json; this file is
 * the only reader, so defaults and validation are in one place.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { BaselineSpec, Device, MethodName, MethodParams, ModelConfigFile } from '../src/protocol';
import { CONFIG_SECTION } from './ids';
import { DEFAULT_METHOD, methodInfo } from './methods';
import type { Colormap } from '../src/protocol';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(CONFIG_SECTION);
}

export function method(): MethodName {
  const name = config().get<string>('method', DEFAULT_METHOD);
  return methodInfo(name)?.name ?? DEFAULT_METHOD;
}

/** A warning when `explain.method` names no method (method() then explains with the default); else undefined. */
export function methodWarning(): string | undefined {
  const name = config().get<unknown>('method', DEFAULT_METHOD);
  if (typeof name === 'string' && methodInfo(name)) return undefined;
  return `The setting explain.method is ${JSON.stringify(name)}, which is not a method; explaining with ${DEFAULT_METHOD} instead. Use "Switch Attribution Method" to pick one.`;
}

/** The setting a method parameter is read from. */
export function settingName(param: keyof MethodParams): string {
  return param === 'baseline' ? `${CONFIG_SECTION}.baseline` : `${CONFIG_SECTION}.params.${param}`;
}

/** Remembers a method where the user would look for it: the workspace if it already sets one, else user settings. */
export async function setMethod(name: MethodName): Promise<void> {
  await config().update('method', name, methodTarget());
}

function methodTarget(): vscode.ConfigurationTarget {
  const inspected = config().inspect<string>('method');
  return inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
}

/** The class to explain by default; null/absent means the top-1 prediction. */
export function target(): number | undefined {
  const t = config().get<number | null>('target', null);
  return typeof t === 'number' && Number.isInteger(t) && t >= 0 ? t : undefined;
}

const DEVICES: readonly Device[] = ['cpu', 'cuda', 'dml', 'coreml'];

/** Where a folder run's model runs (`explain.device`); an unknown value falls back to the CPU. */
export function device(): Device {
  const d = config().get<string>('device', 'cpu') as Device;
  return DEVICES.includes(d) ? d : 'cpu';
}

const COLORMAPS: readonly Colormap[] = ['signed', 'absolute', 'positive', 'negative'];

export function colormap(): Colormap {
  const c = config().get<string>('colormap', 'signed') as Colormap;
  return COLORMAPS.includes(c) ? c : 'signed';
}

/**
 * The method parameters the user set (`explain.params.*`, read as one object so a parameter the engine gains
 * needs only its manifest entry), plus the baseline. Unset ones (null or "") are left to the engine's defaults.
 */
export function params(): MethodParams {
  const raw = config().get<Record<string, unknown>>('params', {});
  const set = Object.entries(raw).filter(([, v]) => v !== null && v !== undefined && v !== '' && !isEmptyObject(v));
  const p = Object.fromEntries(set) as MethodParams;
  // The default composite (epsilon-plus) gives way to a rule the user set: a composite wins over the rule in the engine.
  if (!isSet('params.composite') && (isSet('params.rule') || isSet('params.rules'))) delete p.composite;
  const b = baseline();
  // explain.params.seed seeds every random draw: a noise baseline's too.
  if (b) p.baseline = b.kind === 'noise' && p.seed !== undefined ? { kind: 'noise', seed: p.seed } : b;
  return p;
}

/** True when the user (or the workspace) set `key`, not only its default. */
function isSet(key: string): boolean {
  const i = config().inspect(key);
  return [i?.globalValue, i?.workspaceValue, i?.workspaceFolderValue].some((v) => v !== undefined && v !== null && v !== '' && !isEmptyObject(v));
}

/** The LRP composite the settings choose ('' or undefined: one rule everywhere). */
export function composite(): string | undefined {
  return params().composite;
}

/** Stores an LRP preset beside the method ('' for none), where setMethod stores the method. */
export async function setComposite(value: string): Promise<void> {
  await config().update('params.composite', value, methodTarget());
}

function isEmptyObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** Baselines that need nothing but their kind; `image` also needs `explain.baselineImage`. */
const SIMPLE_BASELINES = ['zero', 'black', 'mean', 'blur', 'noise'] as const;

function baseline(): BaselineSpec | undefined {
  const c = config();
  const kind = c.get<string>('baseline', 'default');
  if (kind === 'image') {
    const file = c.get<string>('baselineImage', '');
    return file ? { kind: 'image', path: resolvePath(file) ?? file } : undefined;
  }
  const simple = SIMPLE_BASELINES.find((k) => k === kind);
  return simple ? { kind: simple } : undefined;
}

/** The model setting as written: a workspace-relative or absolute path, `bundled:NAME`, or empty. */
export function modelSetting(): { value: string; fromWorkspace: boolean } {
  const inspected = config().inspect<string>('model');
  const fromWorkspace = !!(inspected?.workspaceFolderValue || inspected?.workspaceValue);
  return { value: (config().get<string>('model', '') ?? '').trim(), fromWorkspace };
}

/** Labels, preprocessing and the score output from settings, as the engine's config file fields (only those set). */
export function modelOverrides(): Omit<ModelConfigFile, 'model'> {
  const c = config();
  const out: Omit<ModelConfigFile, 'model'> = {};
  const labels = c.get<string>('labels', '');
  if (labels) out.labels = resolvePath(labels) ?? labels;
  const input = c.get<Record<string, unknown>>('input', {});
  if (input && Object.keys(input).length > 0) out.input = input as ModelConfigFile['input'];
  const scoreOutput = (c.get<string>('scoreOutput', '') ?? '').trim();
  if (scoreOutput) out.scoreOutput = scoreOutput;
  return out;
}

export async function setModel(value: string): Promise<void> {
  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await config().update('model', value || undefined, target);
}

/** Absolute path for a setting's path: absolute as is, relative to the first workspace folder otherwise. */
export function resolvePath(p: string): string | undefined {
  if (path.isAbsolute(p)) return p;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, p) : undefined;
}

/** For writing a path back into settings: relative when inside the workspace, so the setting travels. */
export function toSettingPath(absolute: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder) {
    const rel = path.relative(folder.uri.fsPath, absolute);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.split(path.sep).join('/');
  }
  return absolute;
}
