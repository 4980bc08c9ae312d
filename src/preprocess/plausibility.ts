/**
 * Warnings about the preprocessing a result was computed with: an unconfigured model's preprocessing is a
 * guess, and scores far outside what a classifier fed its training distribution produces (an unconfigured
 * torchvision ResNet-18 on 0..255 pixels gives "class 56 100.0%, score 1390") mean it is probably wrong.
 */
import type { PresetName, PresetTrial, ResolvedModelConfig } from '../protocol';
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
 * "Far below": another preset makes the model at least twice as sure of its top class and by 25 points or more.
 * On the shared photos the bundled SqueezeNet's right preprocessing (BGR 0..255) and its RGB mistake differ by
 * more than that; presets that differ only in resampling stay within a few points of each other.
 */
const FAR_BELOW = { ratio: 2, points: 0.25 };

/** A warning when the configured preprocessing's top-1 probability is far below another preset's on the same image. */
export function presetMismatchNote(
  configured: { preset?: PresetName; probability: number; label: string },
  trials: readonly PresetTrial[],
): string | undefined {
  const best = trials.find((t) => t.suggested);
  if (!best || best.preset === configured.preset) return undefined;
  if (best.probability < FAR_BELOW.ratio * configured.probability || best.probability - configured.probability < FAR_BELOW.points) return undefined;
  const pct = (p: number) => `${(p * 100).toFixed(1)}%`;
  return (
    `With the configured preprocessing${configured.preset ? ` (preset ${configured.preset})` : ''} the model's top class is "${configured.label}" at ${pct(configured.probability)}; ` +
    `with preset ${best.preset} it is "${best.label}" at ${pct(best.probability)} on this image: the model probably expects ${best.preset} ` +
    `(${best.summary}). Set input.preset in the model's .explain.json if so.`
  );
}
