/**
 * The engine's preset tables: every preset tried on an image through a model's plain forward (one batch where
 * the batch is free), kept for the last few (model, image content, size, labels), since the view explains one
 * image many times; and the warning an explanation gets when another preset makes the model far more confident
 * than the configured preprocessing.
 */
import type { PresetTable, Preprocessing, ResolvedModelConfig } from '../protocol';
import { labelsFor } from '../config/sources';
import { readImageFile } from '../preprocess/image';
import { presetMismatchNote } from '../preprocess/plausibility';
import { type PresetInput, matchingPreset, presetInputs, topOf, tryPresets } from '../preprocess/suggest';
import { type ModelSessions, type SizeSessions, contentHash } from './modelSessions';
import type { ScoreForward } from './scoreForward';

const KEPT = 4;

export class PresetTables {
  private kept: { key: string; table: Promise<PresetTable> }[] = [];

  /** `classes`: how many scores `forward` gives per input. */
  async table(sessions: ModelSessions, forward: ScoreForward, classes: number, config: ResolvedModelConfig, imagePath: string): Promise<PresetTable> {
    const bytes = await readImageFile(imagePath);
    const { labels, from: labelsFrom } = labelsFor(config, classes);
    const { width, height, layout } = config.input;
    const key = [sessions.hash, contentHash(bytes), width, height, layout, labelsFrom, labels?.length].join(' ');
    const hit = this.kept.find((t) => t.key === key);
    if (hit) return { ...(await hit.table), imagePath };
    const run = (batch: { data: Float32Array; dims: number[] }) => forward.run(batch.data, batch.dims);
    const table = tryPresets(bytes, imagePath, inputsFor(sessions, config), run, {
      fixedBatch: forward.fixedBatch,
      labelOf: (i) => labels?.[i] ?? `class ${i}`,
    }).then(({ trials, runs }): PresetTable => ({ imagePath, trials, runs, ...(labelsFrom && { labelsFrom }) }));
    this.kept = [{ key, table }, ...this.kept].slice(0, KEPT);
    table.catch(() => (this.kept = this.kept.filter((t) => t.table !== table)));
    return table;
  }

  /** The mismatch warning for an explanation of this image, if any. The comparison is an extra: when it fails the explanation goes on and says so. */
  async notes(sessions: ModelSessions, forward: ScoreForward, config: ResolvedModelConfig, imagePath: string, scores: Float32Array, labelOf: (i: number) => string): Promise<string[]> {
    try {
      const { trials } = await this.table(sessions, forward, scores.length, config, imagePath);
      const top = topOf(scores);
      const inputs = inputsFor(sessions, config);
      const best = trials.find((t) => t.suggested);
      const bestInput = inputs.find((i) => i.preset === best?.preset)?.input;
      const configured = { preset: matchingPreset(config.input, inputs), probability: top.probability, label: labelOf(top.index), input: config.input };
      const note = presetMismatchNote(configured, best && bestInput && { trial: best, input: bestInput });
      return note ? [note] : [];
    } catch (e) {
      return [`The preprocessing presets could not be compared on this image: ${e instanceof Error ? e.message : String(e)}`];
    }
  }
}

/** Every preset at the model's size and layout; a model fed integer pixels scales them itself, whatever the preset says. */
function inputsFor(sessions: ModelSessions, config: ResolvedModelConfig): PresetInput[] {
  const inputs = presetInputs(config.input, sessions.loaded.graph.inputs[0].dims);
  return sessions.loaded.pixelInput ? inputs.map((i) => ({ ...i, input: rawPixelInput(i.input) })) : inputs;
}

/** The pixel values 0..255 as they are (a uint8-input model's own scaling follows in its graph). */
export function rawPixelInput(pre: Preprocessing): Preprocessing {
  const n = pre.mean.length;
  return { ...pre, scale: 1, mean: new Array<number>(n).fill(0), std: new Array<number>(n).fill(1) };
}

/** Values per batch element of the score output. */
export function classCount(sizes: SizeSessions): number {
  const g = sizes.canonical.graph;
  return (sizes.canonical.shapes.get(g.outputs[0].name) ?? []).slice(1).reduce((a, b) => a * b, 1);
}
