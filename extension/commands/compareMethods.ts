/** "Compare Methods...": the same image and class explained by several methods, side by side. */
import * as vscode from 'vscode';
import type { MethodName } from '../../src/protocol';
import type { ExplainOutcome } from '../explainer';
import { resolveImage } from '../imageTarget';
import { METHODS, methodInfo } from '../methods';
import { comparedOrder, defaultCompared, MAX_COMPARED, requestParams } from '../panel/requests';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** `arg`: method names when scripted; otherwise the user picks. */
export async function compareMethods(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const shown = deps.explainer.requests[0];
  const imagePath = shown?.imagePath ?? (await resolveImage(undefined));
  if (!imagePath) return undefined;
  const methods = Array.isArray(arg) ? arg.map((m) => methodInfo(String(m))?.name).filter(isMethod) : await pickMethods(shown?.method ?? settings.method());
  if (!methods || methods.length === 0) return undefined;
  // Scripted callers get the picker's limit too, out loud: a comparison is never cut short behind their back.
  if (methods.length > MAX_COMPARED) throw new Error(`Explain compares at most ${MAX_COMPARED} methods side by side; ${methods.length} were asked for.`);
  const target = shown?.target ?? settings.target();
  // Each method keeps its own parameters (today's settings, as it reads them), as in the view's compare mode.
  const current = settings.params();
  return deps.explainer.explain(methods.map((method) => ({ imagePath, method, target, params: requestParams(method, current) })));
}

function isMethod(m: MethodName | undefined): m is MethodName {
  return m !== undefined;
}

/**
 * The picker starts with the current method (the one shown, else the setting's) and up to three others that read well, and states the limit; it
 * does not accept more than MAX_COMPARED, saying why, so what was picked is what is shown.
 */
function pickMethods(current: MethodName): Promise<MethodName[] | undefined> {
  const preselected = new Set(defaultCompared(current));
  const title = `Compare Methods (up to ${MAX_COMPARED})`;
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { method: MethodName }>();
  pick.title = title;
  pick.placeholder = `Methods to show side by side: at most ${MAX_COMPARED}`;
  pick.canSelectMany = true;
  pick.items = METHODS.map((m) => ({ label: m.label, description: m.description, method: m.name }));
  pick.selectedItems = pick.items.filter((i) => preselected.has(i.method));
  const tooMany = (n: number): string => `${title}: ${n} picked, unpick ${n - MAX_COMPARED}`;
  pick.onDidChangeSelection((selected) => (pick.title = selected.length > MAX_COMPARED ? tooMany(selected.length) : title));
  return new Promise((resolve) => {
    let accepted: MethodName[] | undefined;
    pick.onDidAccept(() => {
      if (pick.selectedItems.length > MAX_COMPARED) {
        pick.title = tooMany(pick.selectedItems.length);
        return;
      }
      // In the list's order, the current method first (the quick pick hands them over in the order they were ticked).
      accepted = comparedOrder(current, pick.selectedItems.map((i) => i.method));
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(accepted);
    });
    pick.show();
  });
}
