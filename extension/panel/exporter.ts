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
  const data = await neuronExport(layerMap, neuron.channel, result.display, what, display);
  return write(imagePath, neuronFileName(exportStem(imagePath, result), neuron, what), data);
}

async function write(imagePath: string, name: string, data: string | Uint8Array): Promise<string> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(imagePath);
  const dir = path.join(root, EXPORT_FOLDER);
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await fs.writeFile(file, data);
  return file;
}

async function content(result: ExplainResult, what: ExportKind, display: DisplaySettings): Promise<string | Uint8Array> {
  switch (what) {
    case 'json':
      return JSON.stringify(resultJson(result), null, 1);
    case 'csv':
      return layerTableCsv(result.layers, (i) => ({ relevance: result.layers[i].neurons, activation: result.layers[i].activations }));
    case 'overlay':
    case 'heatmap':
      return (await drawnPngs(result.relevance, relevanceLayout(result), result.display, display))[what];
  }
}
