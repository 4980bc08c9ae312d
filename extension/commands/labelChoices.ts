/**
 * The labels Select Model offers for a new configuration: the workspace's .txt (one label a line) and .json
 * (an array of strings) files, read as the engine reads labels, those with the model's class count first; the
 * bundled ImageNet-1k names and the digits; or none.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { loadLabels } from '../../src/config/modelConfig';

export interface LabelChoice extends vscode.QuickPickItem {
  /** What the configuration's `labels` gets: a path relative to the model's folder, inline names, or nothing. */
  labels?: (modelDir: string) => string | string[];
}

const DIGITS = [...'0123456789'];
const MAX_LABELS_BYTES = 1 << 20;

export async function labelChoices(extensionUri: vscode.Uri, classes: number): Promise<LabelChoice[]> {
  const found = await vscode.workspace.findFiles('**/*.{txt,json}', '**/{node_modules,.git,out,dist}/**', 500);
  const files: { file: string; count: number }[] = [];
  for (const uri of found) {
    if (/\.explain\.json$/i.test(uri.fsPath) || /^(package|package-lock|tsconfig)\.json$/i.test(path.basename(uri.fsPath))) continue;
    // A label list is kilobytes (ImageNet's: 10 kB); large files are data, not worth reading here.
    const size = (await fs.promises.stat(uri.fsPath).catch(() => undefined))?.size;
    if (size === undefined || size > MAX_LABELS_BYTES) continue;
    const count = await loadLabels(uri.fsPath, '/').then((l) => l.length, () => 0);
    if (count > 1) files.push({ file: uri.fsPath, count });
  }
  files.sort((a, b) => Number(b.count === classes) - Number(a.count === classes));
  const matches = (n: number) => (n === classes ? `, matches the model's ${classes} classes` : '');
  const imagenet = vscode.Uri.joinPath(extensionUri, 'media', 'models', 'imagenet_labels.txt').fsPath;
  const bundled: LabelChoice[] = [
    {
      label: 'ImageNet-1k class names (bundled)',
      description: `1000 labels${matches(1000)}${classes === 1001 ? ', after a background class at 0' : ''}; copied beside the model`,
      labels: (dir) => copyBeside(imagenet, dir, classes === 1001),
    },
    { label: 'Digits 0-9 (bundled)', description: `10 labels${matches(10)}; written into the configuration`, labels: () => DIGITS },
  ];
  // The bundled list that fits the class count goes first among the bundled ones.
  if (classes === 10) bundled.reverse();
  return [
    ...(files.length ? [{ label: 'Workspace', kind: vscode.QuickPickItemKind.Separator } as LabelChoice] : []),
    ...files.map(({ file, count }): LabelChoice => ({
      label: vscode.workspace.asRelativePath(file),
      description: `${count} labels${matches(count)}`,
      labels: (dir) => path.relative(dir, file).split(path.sep).join('/'),
    })),
    { label: 'Bundled', kind: vscode.QuickPickItemKind.Separator },
    ...bundled,
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: 'No labels', description: 'classes are shown by index' },
  ];
}

/** The bundled list as a file beside the model (a path into the extension would break when it updates). */
function copyBeside(source: string, dir: string, withBackground: boolean): string {
  const names = fs.readFileSync(source, 'utf8');
  const text = withBackground ? `background\n${names}` : names;
  const name = withBackground ? 'imagenet_labels_with_background.txt' : 'imagenet_labels.txt';
  const target = path.join(dir, name);
  if (fs.existsSync(target) && fs.readFileSync(target, 'utf8') !== text) {
    throw new Error(`${target} exists with other contents; choose it from the workspace list instead, or move it.`);
  }
  fs.writeFileSync(target, text);
  return name;
}
