/**
 * "Switch Attribution Method": remembers the choice in settings (an LRP preset also sets
 * `explain.params.composite`) and re-runs the open explanation with it.
 */
import * as vscode from 'vscode';
import type { CompositeName } from '../../src/protocol';
import type { ExplainOutcome } from '../explainer';
import { currentChoice, methodChoices, type MethodChoice } from '../methodChoices';
import { methodInfo } from '../methods';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** `arg`: a method name, or `lrp:<composite>` (`lrp:` for one rule everywhere), when scripted; otherwise the user picks. */
export async function switchMethod(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const choice = typeof arg === 'string' ? parseChoice(arg) : await pickMethod();
  if (!choice) {
    if (typeof arg === 'string') void vscode.window.showErrorMessage(`Explain: unknown method "${arg}".`);
    return undefined;
  }
  await settings.setMethod(choice.method);
  if (choice.composite !== undefined) await settings.setComposite(choice.composite);
  const composite = choice.composite === undefined ? undefined : { composite: (choice.composite || undefined) as CompositeName | undefined };
  return deps.explainer.rerun({ method: choice.method, ...(composite && choice.method === 'lrp' ? { params: composite } : {}) });
}

function parseChoice(arg: string): Pick<MethodChoice, 'method' | 'composite'> | undefined {
  const [name, composite] = arg.split(':');
  const method = methodInfo(name)?.name;
  if (!method) return undefined;
  if (composite === undefined) return { method };
  const found = methodChoices().find((c) => c.method === method && c.composite === composite);
  return found && { method, composite: found.composite };
}

async function pickMethod(): Promise<MethodChoice | undefined> {
  const current = currentChoice(settings.method(), settings.composite());
  const items = methodChoices().map((c) => ({
    label: `${c === current || (c.method === current.method && c.composite === current.composite) ? '$(check) ' : ''}${c.label}`,
    description: `${c.paper}${c.recommended ? ' · recommended' : ''}`,
    detail: c.detail,
    choice: c,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Switch Attribution Method',
    placeHolder: 'The open explanation re-runs with the method you pick',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.choice;
}
