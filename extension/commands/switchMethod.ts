/** "Switch Attribution Method": remembers the choice in settings and re-runs the open explanation with it. */
import * as vscode from 'vscode';
import type { MethodName } from '../../src/protocol';
import type { ExplainOutcome } from '../explainer';
import { describeDefaults, METHODS, methodInfo } from '../methods';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

export async function switchMethod(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const method = typeof arg === 'string' ? methodInfo(arg)?.name : await pickMethod();
  if (!method) {
    if (typeof arg === 'string') void vscode.window.showErrorMessage(`Explain: unknown method "${arg}".`);
    return undefined;
  }
  await settings.setMethod(method);
  return deps.explainer.rerun({ method });
}

async function pickMethod(): Promise<MethodName | undefined> {
  const current = settings.method();
  const items = METHODS.map((m) => ({
    label: m.name === current ? `$(check) ${m.label}` : m.label,
    description: m.name,
    detail: describeDefaults(m) ? `${m.description} Defaults: ${describeDefaults(m)}.` : m.description,
    method: m.name,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Switch Attribution Method',
    placeHolder: 'The open explanation re-runs with the method you pick',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.method;
}
