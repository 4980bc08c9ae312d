/** "Choose Target Class...": explain another class of the shown image; the top-5 first, then every label. */
import * as vscode from 'vscode';
import type { ExplainOutcome } from '../explainer';
import { chooseModel } from '../modelSource';
import type { CommandDeps } from './deps';

export async function chooseTarget(deps: CommandDeps, arg?: unknown): Promise<ExplainOutcome | undefined> {
  if (deps.explainer.requests.length === 0) {
    void vscode.window.showInformationMessage('Explain: explain an image first, then choose the class to explain.');
    return undefined;
  }
  const target = typeof arg === 'number' ? arg : await pickTarget(deps);
  if (target === undefined) return undefined;
  return deps.explainer.rerun({ target });
}

async function pickTarget(deps: CommandDeps): Promise<number | undefined> {
  type Item = vscode.QuickPickItem & { index?: number };
  const items: Promise<Item[]> = (async () => {
    const model = chooseModel(deps.extensionUri);
    const outcome = await deps.runner.run('Reading model', () => deps.engineHost.engine.inspect(model.source));
    if (outcome.status !== 'ok') return [];
    const info = outcome.value;
    const labels = info.config.labels ?? [];
    const label = (i: number): string => labels[i] ?? `class ${i}`;
    const top = deps.explainer.lastTop();
    const topItems: Item[] = top.map((c) => ({
      label: `${c.index}: ${c.label}`,
      description: `score ${c.score.toFixed(3)}, p ${c.probability.toFixed(3)}`,
      index: c.index,
    }));
    const all: Item[] = Array.from({ length: info.classes }, (_, i) => ({ label: `${i}: ${label(i)}`, index: i }));
    return [
      { label: 'Top predictions', kind: vscode.QuickPickItemKind.Separator },
      ...topItems,
      { label: 'All classes', kind: vscode.QuickPickItemKind.Separator },
      ...all,
    ];
  })();
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Choose Target Class',
    placeHolder: 'The class whose score the explanation attributes',
    matchOnDescription: true,
  });
  return picked?.index;
}
