/**
 * Which preprocessing a model wants, asked of the model: the image goes through every preset that can feed
 * it (its size, layout and channel count stay the model's), and the preset under which the model is most
 * confident is the suggestion. A model fed the wrong preprocessing still answers, but rarely with
 * conviction: the bundled SqueezeNet is at most 30% sure of anything when given RGB where it was trained on BGR.
 * The suggestion is evidence for the user, never applied by itself.
 */
import type { PresetName, PresetTrial, Preprocessing, TensorInput } from '../protocol';
import { resolvePreprocessing } from '../config/inputShape';
import { channelCount } from '../util/imageLayout';
import { decodeImageBytes } from './image';
import { PRESETS, presetsFor } from './presets';

export interface PresetInput {
  preset: PresetName;
  input: Preprocessing;
}

/** Every preset for a model with this channel count, at the size and layout the model's input resolved to. */
export function presetInputs(base: Pick<Preprocessing, 'width' | 'height' | 'layout' | 'channels'>, modelInputDims: readonly (number | string)[]): PresetInput[] {
  return presetsFor(channelCount(base.channels)).map((preset) => ({
    preset,
    input: resolvePreprocessing({ preset, width: base.width, height: base.height, layout: base.layout }, modelInputDims),
  }));
}

/** The preset whose input is exactly this preprocessing (a configuration may spell a preset out field by field). */
export function matchingPreset(pre: Preprocessing, inputs: readonly PresetInput[]): PresetName | undefined {
  if (pre.preset) return pre.preset;
  const { preset, ...fields } = pre;
  void preset;
  const same = (p: Preprocessing) => JSON.stringify(sorted({ ...p, preset: undefined })) === JSON.stringify(sorted(fields));
  return inputs.find((i) => same(i.input))?.preset;
}

function sorted(o: object): [string, unknown][] {
  return Object.entries(o).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Runs a batch of inputs [n, ...] through the model; returns the scores [n, classes] flattened. */
export type BatchScores = (batch: TensorInput) => Promise<Float32Array>;

/**
 * The model's scores on each tensor: all in one batch, or one run each when the model's export fixed its batch.
 * Returns the scores per tensor and the number of runs.
 */
export async function scoresOfEach(tensors: TensorInput[], run: BatchScores, fixedBatch: boolean): Promise<{ scores: Float32Array[]; runs: number }> {
  if (tensors.length === 0) return { scores: [], runs: 0 };
  if (fixedBatch) return { scores: await Promise.all(tensors.map((t) => run(t))), runs: tensors.length };
  const size = tensors[0].data.length;
  const batch = new Float32Array(size * tensors.length);
  tensors.forEach((t, i) => batch.set(t.data, i * size));
  const all = await run({ data: batch, dims: [tensors.length, ...tensors[0].dims.slice(1)] });
  const classes = all.length / tensors.length;
  return { scores: tensors.map((_, i) => all.subarray(i * classes, (i + 1) * classes)), runs: 1 };
}

/** The top class of a score vector and its softmax probability. */
export function topOf(scores: ArrayLike<number>): { index: number; score: number; probability: number } {
  let index = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[index]) index = i;
  let z = 0;
  for (let i = 0; i < scores.length; i++) z += Math.exp(scores[i] - scores[index]);
  return { index, score: scores[index], probability: 1 / z };
}

/**
 * The image through every preset input, the model's top-1 under each, most confident first (ties keep the
 * presets' order); the first is marked suggested.
 */
export async function tryPresets(
  bytes: Buffer,
  imagePath: string,
  inputs: PresetInput[],
  run: BatchScores,
  opts: { fixedBatch: boolean; labelOf: (index: number) => string },
): Promise<{ trials: PresetTrial[]; runs: number }> {
  const tensors: TensorInput[] = [];
  for (const { input } of inputs) tensors.push((await decodeImageBytes(bytes, input, imagePath)).tensor);
  const { scores, runs } = await scoresOfEach(tensors, run, opts.fixedBatch);
  const trials = inputs.map(({ preset }, i): PresetTrial => {
    const top = topOf(scores[i]);
    return { preset, summary: PRESETS[preset].summary, ...top, label: opts.labelOf(top.index), suggested: false };
  });
  trials.sort((a, b) => b.probability - a.probability);
  if (trials.length) trials[0].suggested = true;
  return { trials, runs };
}
