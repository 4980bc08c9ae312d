/**
 * Select Model's configuration step for a model without one: the model's top-1 class and probability on an
 * image under every preset (the most confident marked "suggested"; the user chooses), then the labels, then
 * `<model>.explain.json` is written with its `$schema` (the extension's own, so the editor completes and checks
 * it) and opened beside. Dismissing a step writes nothing: the model is selected either way.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { sidecarPath } from '../../src/config/modelConfig';
import type { ModelConfigFile, ModelInfo, PresetName, PresetTable } from '../../src/protocol';
import { describeFailure, showFailure } from '../failures';
import type { CommandDeps } from './deps';
import { labelChoices } from './labelChoices';
import { pickOne } from './picks';

export const PRESET_STEP = 'Select Model (2/3): preprocessing';
export const LABELS_STEP = 'Select Model (3/3): labels';

export type ConfigureOutcome = { status: 'written'; file: string; config: ModelConfigFile; table: PresetTable } | { status: 'dismissed' | 'failed' };

export async function configureModel(deps: CommandDeps, modelFile: string, info: ModelInfo): Promise<ConfigureOutcome> {
  const image = deps.explainer.requests[0]?.imagePath ?? vscode.Uri.joinPath(deps.extensionUri, 'media', 'samples', 'kitten.png').fsPath;
  const tried = await deps.runner.run('Trying the preprocessing presets', (signal) => deps.engineHost.engine.suggestPresets({ path: modelFile }, image, { signal }));
  if (tried.status === 'cancelled') return { status: 'dismissed' };
  if (tried.status === 'failed') {
    showFailure(tried.failure);
    return { status: 'failed' };
  }
  const table = tried.value;
  const preset = await pickPreset(table, modelFile);
  if (!preset) return { status: 'dismissed' };
  const labels = await pickOne(await labelChoices(deps.extensionUri, info.classes), {
    title: LABELS_STEP,
    placeHolder: `The names of ${path.basename(modelFile)}'s ${info.classes} classes`,
    matchOnDescription: true,
  });
  if (!labels) return { status: 'dismissed' };
  try {
    const dir = path.dirname(modelFile);
    const config: ModelConfigFile = {
      $schema: vscode.Uri.joinPath(deps.extensionUri, 'src', 'config', 'model-config.schema.json').toString(),
      model: path.basename(modelFile),
      ...(labels.labels && { labels: labels.labels(dir) }),
      input: { preset, ...dynamicSize(info) },
    };
    const file = sidecarPath(modelFile);
    fs.writeFileSync(file, JSON.stringify(config, null, 2) + '\n');
    await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    deps.log.info(`Wrote ${file}: preset ${preset}${labels.labels ? `, labels ${labels.label}` : ''}.`);
    return { status: 'written', file, config, table };
  } catch (err) {
    showFailure(describeFailure(err));
    return { status: 'failed' };
  }
}

async function pickPreset(table: PresetTable, modelFile: string): Promise<PresetName | undefined> {
  const items = table.trials.map((t) => ({
    label: t.preset,
    description: `${t.label} ${(t.probability * 100).toFixed(1)}%${t.suggested ? '  (suggested: the most confident)' : ''}`,
    detail: t.summary,
    preset: t.preset,
  }));
  const picked = await pickOne(items, {
    title: PRESET_STEP,
    placeHolder: `${path.basename(modelFile)} on ${path.basename(table.imagePath)}: its top class under each preset. Choose the one its documentation describes.`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.preset;
}

/** A model with a dynamic width or height needs them in its configuration; a fixed one takes them from its shape. */
function dynamicSize(info: ModelInfo): { width?: number; height?: number } {
  const fixed = info.inputDims.slice(1).filter((d) => typeof d === 'number' && d > 0).length === 3;
  return fixed ? {} : { width: info.config.input.width, height: info.config.input.height };
}
