/**
 * The QuickPicks of Select Model's configuration steps, through one function so the extension-host test can
 * answer them (ExplainApi.answerQuickPicks): it sees exactly the items a user would, and picks one of them.
 */
import * as vscode from 'vscode';

/** Given a step's title and its items, the item to pick (undefined: dismissed, as Escape). */
export type QuickPickAnswerer = (title: string, items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;

let answerer: QuickPickAnswerer | undefined;

/** Test seam: answers the next QuickPicks instead of the user; undefined restores the real ones. */
export function answerQuickPicks(a: QuickPickAnswerer | undefined): void {
  answerer = a;
}

export async function pickOne<T extends vscode.QuickPickItem>(items: T[], options: vscode.QuickPickOptions & { title: string }): Promise<T | undefined> {
  if (answerer) {
    const chosen = answerer(options.title, items);
    if (chosen !== undefined && !items.includes(chosen as T)) throw new Error(`The answer to "${options.title}" is not one of its items.`);
    return chosen as T | undefined;
  }
  return vscode.window.showQuickPick(items, options);
}
