/**
 * The extension's view of the engine's method list (src/methods: the one list the CLI, the worker and this
 * extension read). A method the engine gains shows up here by itself; package.json's `explain.method` enum
 * repeats the names because a manifest cannot import, and the suite checks the two agree.
 */
import { METHODS as ENGINE_METHODS } from '../src/methods';
import { methodParams } from '../src/methods/params';
import type { MethodName, MethodParams } from '../src/protocol';

export interface MethodInfo {
  name: MethodName;
  label: string;
  /** One line for the quick pick. */
  description: string;
  /** The parameters this method reads, with the engine's defaults. */
  defaults: MethodParams;
  /** Every parameter the view lets the user edit for this method: those with defaults, then the optional ones. */
  params: (keyof MethodParams)[];
}

export const METHODS: readonly MethodInfo[] = ENGINE_METHODS.map((m) => ({
  name: m.name,
  label: m.title,
  description: m.description,
  defaults: m.defaults,
  params: methodParams(m.name),
}));

/** With `explain.params.composite` epsilon-plus by default (methodChoices.ts): the README says why. */
export const DEFAULT_METHOD: MethodName = 'lrp';

export function methodInfo(name: string): MethodInfo | undefined {
  return METHODS.find((m) => m.name === name);
}

export function methodLabel(name: MethodName): string {
  return methodInfo(name)?.label ?? name;
}

/** "steps 32, integration gauss-legendre" for the quick pick. */
export function describeDefaults(info: MethodInfo): string {
  return Object.entries(info.defaults)
    .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null && 'kind' in v ? (v as { kind: string }).kind : String(v)}`)
    .join(', ');
}
