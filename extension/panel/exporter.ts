/**
 * Saves what the view asks for into the workspace: the overlay and heatmap PNGs as displayed (sign mode,
 * percentile, opacity), the result JSON as the CLI writes it, the layer table as CSV, and a selected neuron's
 * own map (its pictures, and its values as .npy). Names and contents come from exportFiles.ts.
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DisplaySettings, ExplainResult, ExportKind, NeuronExportKind, NeuronRef } from '../../src/protocol';
import { relevanceLayout, resultJson } from '../../src/cli/writeResults';
import { layerTableCsv } from '../../src/report/layerTable';
import { drawnPngs, exportFileName, exportStem, neuronExport, neuronFileName } from './exportFiles';

/** Where exports go, inside the first workspace folder. */
export const EXPORT_FOLDER = 'explain-exports';

/** Writes one export and returns its path; the folder is the workspace's (or the image's without a workspace). */
export async function exportResult(result: ExplainResult, imagePath: string, what: ExportKind, display: DisplaySettings): Promise<string> {
  return write(imagePath, exportFileName(exportStem(imagePath, result), what), await content(result, what, display));
}

/** Writes one export of a neuron's own map, from its layer's map ([C, h, w]); returns its path. */
export async function exportNeuronMap(
  result: ExplainResult,
  imagePath: string,
  layerMap: { data: Float32Array; dims: readonly number[] },
  neuron: NeuronRef,
  what: NeuronExportKind,
  display: DisplaySettings,
): Promise<string> {
  const data = await neuronExport(layerMap, neuron.channel, result.display, what, display, result);
  return write(imagePath, neuronFileName(exportStem(imagePath, result), neuron, what), data);
}

/** Thrown when the user closes the Save As dialog: nothing is written, and nothing failed. */
export class SaveDismissed extends Error {}

/**
 * Into the export folder, or (`explain.export.saveAs`) where the user picks, starting there. Returns the path;
 * throws SaveDismissed when the dialog is closed.
 */
async function write(imagePath: string, name: string, data: string | Uint8Array): Promise<string> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(imagePath);
  const dir = path.join(root, EXPORT_FOLDER);
  let file = path.join(dir, name);
  if (vscode.workspace.getConfiguration('explain').get<boolean>('export.saveAs', false)) {
    const picked = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.file(file), saveLabel: 'Save', title: `Save ${name}` });
    if (!picked) throw new SaveDismissed('The Save As dialog was closed.');
    file = picked.fsPath;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data);
  return file;
}

/**
 * Says where a file was saved, with the two things one does next: the view's own line at its top is off
 * screen when the Save buttons below the table are pressed.
 */
export async function announceSaved(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const choice = await vscode.window.showInformationMessage(`Saved ${vscode.workspace.asRelativePath(uri)}`, 'Open', 'Reveal in Explorer');
  if (choice === 'Open') await vscode.commands.executeCommand('vscode.open', uri);
  else if (choice === 'Reveal in Explorer') {
    // The Explorer shows workspace files; one saved elsewhere is shown by the system's file manager.
    await vscode.commands.executeCommand(vscode.workspace.getWorkspaceFolder(uri) ? 'revealInExplorer' : 'revealFileInOS', uri);
  }
}

async function content(result: ExplainResult, what: ExportKind, display: DisplaySettings): Promise<string | Uint8Array> {
  switch (what) {
    case 'json':
      return JSON.stringify(resultJson(result), null, 1);
    case 'csv':
      return layerTableCsv(result.layers, (i) => ({ relevance: result.layers[i].neurons, activation: result.layers[i].activations }));
    case 'overlay':
    case 'heatmap':
      return (await drawnPngs(result.relevance, relevanceLayout(result), result.display, display, result))[what];
  }
}
