/**
 * Saves what the view asks for into the workspace: the overlay and heatmap PNGs as displayed (sign mode,
 * percentile, opacity), the result JSON as the CLI writes it, and the layer table as CSV.
 */
import * as fs from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DisplaySettings, ExplainResult, ExportKind } from '../../src/protocol';
import { relevanceLayout, resultJson } from '../../src/cli/writeResults';
import { renderHeatmapPngs } from '../../src/render/png';
import { layerTableCsv } from '../../src/report/layerTable';

/** Where exports go, inside the first workspace folder. */
export const EXPORT_FOLDER = 'explain-exports';

/** Writes one export and returns its path; the folder is the workspace's (or the image's without a workspace). */
export async function exportResult(result: ExplainResult, imagePath: string, what: ExportKind, display: DisplaySettings): Promise<string> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(imagePath);
  const dir = path.join(root, EXPORT_FOLDER);
  await fs.mkdir(dir, { recursive: true });
  const stem = `${path.parse(imagePath).name}-${result.method}-class${result.target}`;
  const file = path.join(dir, `${stem}-${what === 'json' ? 'result.json' : what === 'csv' ? 'layers.csv' : `${what}.png`}`);
  await fs.writeFile(file, await content(result, what, display));
  return file;
}

async function content(result: ExplainResult, what: ExportKind, display: DisplaySettings): Promise<string | Uint8Array> {
  switch (what) {
    case 'json':
      return JSON.stringify(resultJson(result), null, 1);
    case 'csv':
      return layerTableCsv(result.layers, (i) => ({ relevance: result.layers[i].neurons, activation: result.layers[i].activations }));
    case 'overlay':
    case 'heatmap': {
      const pngs = await renderHeatmapPngs(result.relevance, relevanceLayout(result), result.display, {
        mode: display.colormap,
        percentile: display.percentile,
        opacity: display.opacity,
      });
      return pngs[what];
    }
  }
}
