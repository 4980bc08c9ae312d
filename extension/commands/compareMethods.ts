/** "Compare Methods...": the same image and class explained by several methods, side by side. */
import * as vscode from 'vscode';
import type { MethodName } from '../../src/protocol';
import type { ExplainOutcome } from '../explainer';
import { resolveImage } from '../imageTarget';
import { METHODS, methodInfo } from '../methods';
import { requestParams } from '../panel/requests';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** `arg`: method names when scripted; otherwise the user picks. */
export async function compareMethods(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const shown = deps.explainer.requests[0];
  const imagePath = shown?.imagePath ?? (await resolveImage(undefined));
  if (!imagePath) return undefined;
  const methods = Array.isArray(arg) ? arg.map((m) => methodInfo(String(m))?.name).filter(isMethod) : await pickMethods();
  if (!methods || methods.length === 0) return undefined;
  const target = shown?.target ?? settings.target();
  // Each method keeps its own parameters (today's settings, as it reads them), as in the view's compare mode.
  const current = settings.params();
  return deps.explainer.explain(methods.map((method) => ({ imagePath, method, target, params: requestParams(method, current) })));
}

function isMethod(m: MethodName | undefined): m is MethodName {
  return m !== undefined;
}

async function pickMethods(): Promise<MethodName[] | undefined> {
  const current = settings.method();
  const items = METHODS.map((m) => ({ label: m.label, description: m.description, picked: m.name !== current, method: m.name }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Compare Methods',
    placeHolder: 'Methods to show side by side',
    canPickMany: true,
  });
  return picked?.map((p) => p.method);
}
