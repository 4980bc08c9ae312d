/**
 * "Export Explained Model...": the current method's explanation of the current model written as one
 * standalone ONNX file (src/export), which explains in onnxruntime anywhere (browser, Python, C#) without this
 * extension. The method and its parameters are those of the explanation shown, else the settings'.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ExportRequest, ExportResult, MethodName, MethodParams } from '../../src/protocol';
import { chooseModel } from '../modelSource';
import { requestParams } from '../panel/requests';
import * as settings from '../settings';
import type { CommandDeps } from './deps';

/** What a script may pass instead of answering the dialogs. */
export interface ExportArgs {
  path: string;
  layers?: boolean;
  preprocess?: boolean;
}

type OptionItem = vscode.QuickPickItem & { key: 'layers' | 'preprocess' };

export async function exportExplainedModel(deps: CommandDeps, arg?: unknown): Promise<ExportResult | undefined> {
  const shown = deps.explainer.requests[0];
  const method: MethodName = shown?.method ?? settings.method();
  const params: MethodParams = { ...requestParams(method, settings.params()), ...shown?.params };
  const model = chooseModel(deps.extensionUri);
  const scripted = isExportArgs(arg) ? arg : undefined;
  const options = scripted ?? (await askOptions(model.file, method));
  if (!options) return undefined;
  const request: ExportRequest = { model: model.source, method, params, path: options.path, layers: !!options.layers, preprocess: !!options.preprocess };
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Explain: exporting ${method} as ONNX` },
      () => deps.engineHost.engine.exportExplained(request),
    );
    deps.log.info(`Exported ${result.method} to ${result.path}: inputs ${result.inputs.map((i) => `${i.name} [${i.dims.join(', ')}]`).join(', ')}; outputs ${result.outputs.join(', ')}.`);
    if (!scripted) {
      void vscode.window.showInformationMessage(
        `Explain: wrote ${path.basename(result.path)} (${(result.bytes / 1e6).toFixed(1)} MB). Feed ${result.inputs.map((i) => i.name).join(', ')} (target -1: the top class); read ${result.outputs.join(', ')}.`,
      );
    }
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (scripted) throw e;
    void vscode.window.showErrorMessage(`Explain: ${message}`);
    return undefined;
  }
}

async function askOptions(modelFile: string, method: MethodName): Promise<ExportArgs | undefined> {
  const items: OptionItem[] = [
    { key: 'preprocess', label: 'Preprocessing inside', description: 'takes 8-bit RGB pixels (input "image"); resizing stays outside' },
    { key: 'layers', label: 'Per-layer relevance sums', description: 'an extra output "layer_relevance"' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Export Explained Model (${method})`,
    placeHolder: 'Options (none needed: the graph takes the preprocessed input, the target and, for some methods, the baseline)',
    canPickMany: true,
  });
  if (!picked) return undefined;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(path.dirname(modelFile));
  const name = `${path.basename(modelFile, path.extname(modelFile))}.${method}.explained.onnx`;
  const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name), filters: { 'ONNX model': ['onnx'] }, saveLabel: 'Export', title: 'Export Explained Model' });
  if (!target) return undefined;
  return { path: target.fsPath, layers: picked.some((p) => p.key === 'layers'), preprocess: picked.some((p) => p.key === 'preprocess') };
}

function isExportArgs(arg: unknown): arg is ExportArgs {
  return typeof arg === 'object' && arg !== null && typeof (arg as ExportArgs).path === 'string';
}
