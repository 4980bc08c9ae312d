/**
 * "Explain prediction": the image it was invoked on (or the open/picked one) with the configured method.
 * With several files selected in the explorer, every selected image, each in a tab of its own.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExplainOutcome } from '../explainer';
import { IMAGE_EXTENSIONS } from '../ids';
import { resolveImage } from '../imageTarget';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** `selected`: the explorer's selection (its second argument), when the command came from there. */
export async function explainPrediction(deps: CommandDeps, arg?: unknown, selected?: unknown): Promise<ExplainOutcome | undefined> {
  const warning = settings.methodWarning();
  const warnings = warning ? [warning] : [];
  const method = settings.method();
  const target = settings.target();
  const many = Array.isArray(selected) ? selected.filter((u): u is vscode.Uri => u instanceof vscode.Uri) : [];
  if (many.length > 1) {
    const images = many.filter((u) => isImage(u.fsPath));
    const skipped = many.filter((u) => !isImage(u.fsPath));
    if (skipped.length > 0) {
      void vscode.window.showInformationMessage(`Explain: ${skipped.map((u) => path.basename(u.fsPath)).join(', ')} ${skipped.length === 1 ? 'is' : 'are'} not an image; explaining the other ${images.length}.`);
    }
    if (images.length === 0) return undefined;
    return deps.explainer.explainEach(images.map((u) => ({ imagePath: u.fsPath, method, target })), warnings);
  }
  const imagePath = await resolveImage(arg);
  if (!imagePath) return undefined;
  return deps.explainer.explain([{ imagePath, method, target }], { warnings });
}

function isImage(file: string): boolean {
  return (IMAGE_EXTENSIONS as readonly string[]).includes(path.extname(file).slice(1).toLowerCase());
}

/** The walkthrough's first step: the bundled kitten, which the bundled SqueezeNet classifies right ("tabby"). */
export function explainSample(deps: CommandDeps): Promise<ExplainOutcome | undefined> {
  return explainPrediction(deps, vscode.Uri.joinPath(deps.extensionUri, 'media', 'samples', 'kitten.png'));
}
