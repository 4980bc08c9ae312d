/**
 * "Switch Attribution Method": remembers the choice in settings (an LRP preset also sets
 * `explain.params.composite`) and re-runs the open explanation with it.
 */
import * as vscode from 'vscode';
import type { CompositeName } from '../../src/protocol';
import type { ExplainOutcome } from '../explainer';
import { PATENT_MARK, PATENT_SECTION, currentChoice, methodChoices, type MethodChoice } from '../methodChoices';
import { methodInfo } from '../methods';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** `arg`: a method name, or `lrp:<composite>` (`lrp:` for one rule everywhere), when scripted; otherwise the user picks. */
export async function switchMethod(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  const choice = typeof arg === 'string' ? parseChoice(arg) : await pickMethod(deps.extensionUri);
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

type Item = vscode.QuickPickItem & { choice: MethodChoice };

async function pickMethod(extensionUri: vscode.Uri): Promise<MethodChoice | undefined> {
  const current = currentChoice(settings.method(), settings.composite());
  const patentButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('law'), tooltip: `${PATENT_MARK} (opens README, "LRP and patents")` };
  const items: Item[] = methodChoices().map((c) => ({
    label: `${c === current || (c.method === current.method && c.composite === current.composite) ? '$(check) ' : ''}${c.label}`,
    description: `${c.paper}${c.recommended ? ' · recommended' : ''}${c.patented ? ' · $(law) patented' : ''}`,
    detail: c.patented ? `${c.detail} ${PATENT_MARK} (the $(law) button).` : c.detail,
    choice: c,
    ...(c.patented ? { buttons: [patentButton] } : {}),
  }));
  const pick = vscode.window.createQuickPick<Item>();
  Object.assign(pick, { title: 'Switch Attribution Method', placeholder: 'The open explanation re-runs with the method you pick', matchOnDescription: true, matchOnDetail: true, items });
  return new Promise((resolve) => {
    pick.onDidTriggerItemButton(() => {
      const readme = vscode.Uri.joinPath(extensionUri, 'README.md').with({ fragment: PATENT_SECTION });
      void vscode.commands.executeCommand('markdown.showPreview', readme);
    });
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.choice);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}
