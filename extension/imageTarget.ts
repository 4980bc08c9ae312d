/**
 * Which image a command acts on: the one it was invoked on (explorer, editor title, a path when scripted),
 * else the image open in the built-in preview, else one the user picks.
 */
import * as vscode from 'vscode';
import { IMAGE_EXTENSIONS, IMAGE_PREVIEW_VIEW_TYPE } from './ids';

export async function resolveImage(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  if (typeof arg === 'string' && arg) return arg;
  return activePreviewImage() ?? (await pickImage());
}

function activePreviewImage(): string | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === IMAGE_PREVIEW_VIEW_TYPE) return input.uri.fsPath;
  return undefined;
}

export async function pickImage(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Explain',
    title: 'Choose an image to explain',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { Images: [...IMAGE_EXTENSIONS] },
  });
  return picked?.[0]?.fsPath;
}
