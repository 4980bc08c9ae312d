/**
 * Completes a user's preprocessing settings from the model's declared input shape, and refuses settings
 * that contradict it: a wrong size would otherwise surface as an opaque onnxruntime shape error.
 */
import { ExplainError } from '../errors';
import type { Layout, Preprocessing } from '../protocol';
import { channelCount } from '../util/imageLayout';

type Dim = number | string;

export function resolvePreprocessing(given: Partial<Preprocessing>, modelInputDims: readonly Dim[]): Preprocessing {
  const shape = `[${modelInputDims.join(', ')}]`;
  if (modelInputDims.length !== 4) {
    throw new ExplainError(
      'UNSUPPORTED_MODEL',
      `The model's input has shape ${shape}; an image classifier needs a 4-D input [N,C,H,W] or [N,H,W,C].`,
    );
  }
  const layout = given.layout ?? inferLayout(modelInputDims);
  const [channelDim, heightDim, widthDim] =
    layout === 'NCHW' ? modelInputDims.slice(1) : [modelInputDims[3], modelInputDims[1], modelInputDims[2]];

  const modelChannels = fixedDim(channelDim);
  if (modelChannels !== undefined && modelChannels !== 1 && modelChannels !== 3) {
    throw new ExplainError(
      'INPUT_SIZE',
      `With layout ${layout} the model's input ${shape} has ${modelChannels} channels; only 1 (gray) or 3 (RGB/BGR) ` +
        'channel images are supported. If the layout is wrong, set input.layout in the model configuration.',
    );
  }
  const channels = given.channels ?? (modelChannels === 1 ? 'gray' : 'RGB');
  if (modelChannels !== undefined && channelCount(channels) !== modelChannels) {
    throw new ExplainError(
      'INPUT_SIZE',
      `The configuration sets input.channels to "${channels}" (${channelCount(channels)} channel(s)) but the ` +
        `model's input ${shape} has ${modelChannels} channel(s).`,
    );
  }

  const width = sizeFromDim('width', given.width, widthDim, shape);
  const height = sizeFromDim('height', given.height, heightDim, shape);
  const count = channelCount(channels);
  return {
    width,
    height,
    channels,
    layout,
    scale: given.scale ?? 1,
    mean: perChannel('mean', given.mean, count, 0),
    std: perChannel('std', given.std, count, 1),
    resize: given.resize ?? 'stretch',
  };
}

/** Channels-first wins when both positions could hold channels: most exported CNNs (PyTorch, Caffe) are NCHW. */
function inferLayout(dims: readonly Dim[]): Layout {
  if (isChannelCount(fixedDim(dims[1]))) return 'NCHW';
  if (isChannelCount(fixedDim(dims[3]))) return 'NHWC';
  return 'NCHW';
}

function isChannelCount(n: number | undefined): boolean {
  return n === 1 || n === 3;
}

/** A dimension is fixed when it is a positive integer; symbolic names, 0 and -1 all mean "dynamic". */
function fixedDim(dim: Dim | undefined): number | undefined {
  return typeof dim === 'number' && Number.isInteger(dim) && dim > 0 ? dim : undefined;
}

function sizeFromDim(name: 'width' | 'height', given: number | undefined, dim: Dim, shape: string): number {
  const fixed = fixedDim(dim);
  if (given !== undefined && fixed !== undefined && given !== fixed) {
    throw new ExplainError(
      'INPUT_SIZE',
      `The configuration sets input.${name} = ${given} but the model's input ${shape} has ${name} ${fixed}.`,
    );
  }
  const size = given ?? fixed;
  if (size === undefined) {
    throw new ExplainError(
      'INPUT_SIZE',
      `The model's input ${shape} has a dynamic ${name}; set input.width and input.height in the model configuration.`,
    );
  }
  return size;
}

function perChannel(name: 'mean' | 'std', given: number[] | undefined, count: number, fallback: number): number[] {
  if (given === undefined) return new Array<number>(count).fill(fallback);
  if (given.length === 1) return new Array<number>(count).fill(given[0]);
  if (given.length !== count) {
    throw new ExplainError(
      'BAD_CONFIG',
      `input.${name} has ${given.length} values but the model has ${count} channel(s); give one value per channel or a single value for all.`,
    );
  }
  return [...given];
}
