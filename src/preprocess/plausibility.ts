/**
 * Warnings about the preprocessing a result was computed with: an unconfigured model's preprocessing is a
 * guess, and scores far outside what a classifier fed its training distribution produces (an unconfigured
 * torchvision ResNet-18 on 0..255 pixels gives "class 56 100.0%, score 1390") mean it is probably wrong.
 */
import type { PresetName, PresetTrial, Preprocessing, ResolvedModelConfig } from '../protocol';
import { pixelRange } from './image';
import { PRESET_NAMES } from './presets';

/**
 * Trained ImageNet and MNIST classifiers on inputs preprocessed as in training have top logits of about
 * 5 to 40 (torchvision's ResNet-18 and SqueezeNet on the shared photos: 15 to 30); hundreds mean the input
 * is on another scale than the model was trained on.
 */
export const IMPLAUSIBLE_LOGIT = 200;

export function preprocessingNotes(config: Pick<ResolvedModelConfig, 'guessed' | 'input'>, scores: ArrayLike<number>): string[] {
  const notes: string[] = [];
  if (config.guessed) {
    notes.push(
      'No configuration describes this model\'s preprocessing, so it is a guess (pixels 0..255 in RGB, stretched): ' +
        `set input.preset (${PRESET_NAMES.join(', ')}) in the model's .explain.json, or run "Select Model..." / ` +
        '`explain inspect` to compare the presets on an image.',
    );
  }
  let top = -Infinity;
  for (let i = 0; i < scores.length; i++) top = Math.max(top, Math.abs(scores[i]));
  if (top > IMPLAUSIBLE_LOGIT) {
    notes.push(
      `The largest score is ${top.toFixed(0)}, implausible for a classifier given the input it was trained on ` +
        `(usually below ${IMPLAUSIBLE_LOGIT}): the preprocessing${config.input.preset ? ` (preset ${config.input.preset})` : ''} is probably not the model's, ` +
        'e.g. 0..255 pixels where it expects normalised values.',
    );
  }
  return notes;
}

/**
 * "Far below": another preset makes the model at least twice as sure of its top class and by 25 points or more,
 * and puts the pixels on another scale (value ranges more than 2x apart). One image's confidence tells scales
 * apart (the bundled SqueezeNet answers "mosquito net" to every normalised preset on the shared photos) but not
 * RGB from BGR or a subtracted mean from none (raw, raw-bgr and keras-caffe each win some photos; on
 * darknet_dog keras-caffe is 3x as sure as the documented raw-bgr), so only a change of scale is warned about.
 */
const FAR_BELOW = { ratio: 2, points: 0.25, scale: 2 };

/** A warning when the configured preprocessing's top-1 probability is far below another preset's on the same image. */
export function presetMismatchNote(
  configured: { preset?: PresetName; probability: number; label: string; input: Preprocessing },
  best: { trial: PresetTrial; input: Preprocessing } | undefined,
): string | undefined {
  if (!best || best.trial.preset === configured.preset) return undefined;
  const { trial } = best;
  if (trial.probability < FAR_BELOW.ratio * configured.probability || trial.probability - configured.probability < FAR_BELOW.points) return undefined;
  const [a, b] = [rangeWidth(configured.input), rangeWidth(best.input)];
  if (Math.max(a, b) <= FAR_BELOW.scale * Math.min(a, b)) return undefined;
  const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
  return (
    `With the configured preprocessing${configured.preset ? ` (preset ${configured.preset})` : ''} the model's top class is "${configured.label}" at ${pct(configured.probability)}; ` +
    `with preset ${trial.preset} it is "${trial.label}" at ${pct(trial.probability)} on this image: the model probably expects ${trial.preset} ` +
    `(${trial.summary}). Set input.preset in the model's .explain.json if so.`
  );
}

/** The mean width over channels of the values pixels 0..255 become. */
function rangeWidth(pre: Preprocessing): number {
  const { low, high } = pixelRange(pre);
  return high.reduce((sum, h, c) => sum + h - low[c], 0) / high.length;
}
