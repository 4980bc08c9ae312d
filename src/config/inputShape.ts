/**
 * Completes a user's preprocessing settings (a preset and fields overriding it) from the model's declared
 * input shape, and refuses settings that contradict it: a wrong size would otherwise surface as an opaque
 * onnxruntime shape error.
 */
import { ExplainError } from '../errors';
import type { ConfigSources, CropSpec, Layout, Preprocessing, PreprocessingConfig, ResizeMode } from '../protocol';
import { PRESETS, PRESET_NAMES, isPresetName } from '../preprocess/presets';
import { channelCount } from '../util/imageLayout';

type Dim = number | string;

export function resolvePreprocessing(given: PreprocessingConfig, modelInputDims: readonly Dim[]): Preprocessing {
  return resolveInput(given, modelInputDims).input;
}

/** resolvePreprocessing, also saying which fields came from the preset (the rest were given or defaulted). */
export function resolveInput(
  config: PreprocessingConfig,
  modelInputDims: readonly Dim[],
): { input: Preprocessing; sources: ConfigSources } {
  const { given, sources } = applyPreset(config);
  const input = resolveFields(given, modelInputDims);
  return { input, sources };
}

function applyPreset(config: PreprocessingConfig): { given: PreprocessingConfig; sources: ConfigSources } {
  const sources: ConfigSources = {};
  if (config.preset === undefined) return { given: config, sources };
  if (!isPresetName(config.preset)) {
    throw new ExplainError('BAD_CONFIG', `input.preset "${String(config.preset)}" is not one of ${PRESET_NAMES.join(', ')}.`);
  }
  const presetFields = PRESETS[config.preset].input;
  const given: PreprocessingConfig = { ...presetFields };
  for (const key of Object.keys(presetFields) as (keyof PreprocessingConfig)[]) sources[key] = `preset ${config.preset}`;
  for (const [key, value] of Object.entries(config) as [keyof PreprocessingConfig, unknown][]) {
    if (value === undefined) continue;
    (given as Record<string, unknown>)[key] = value;
    delete sources[key];
  }
  // A resize or crop given beside the preset replaces the preset's pair: they describe one geometry.
  if (config.resize !== undefined && config.crop === undefined) delete given.crop;
  if (config.crop !== undefined && config.resize === undefined) delete given.resize;
  return { given, sources };
}

function resolveFields(given: PreprocessingConfig, modelInputDims: readonly Dim[]): Preprocessing {
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
    resize: resolveResize(given, width, height),
    interpolation: given.interpolation ?? 'bilinear',
    antialias: given.antialias ?? true,
    ...(given.preset !== undefined ? { preset: given.preset } : {}),
  };
}

/**
 * Folds a crop into the resize: timm's crop_pct p resizes the shorter side to floor(size / p) first; a crop
 * in pixels must be the model's size, except a preset's, whose resize is scaled to the model's size.
 */
function resolveResize(given: PreprocessingConfig, width: number, height: number): ResizeMode {
  const crop: CropSpec | undefined = given.crop;
  const size = Math.min(width, height);
  if (crop === undefined) return given.resize ?? 'stretch';
  if (typeof crop === 'object') {
    if (given.resize !== undefined && given.resize !== 'center-crop') {
      throw new ExplainError('BAD_CONFIG', 'input.crop {"crop_pct"} sets the resize itself; leave input.resize out or give the crop in pixels.');
    }
    // timm: scale_size = math.floor(img_size / crop_pct); the epsilon keeps 224 / 0.875 at 256, not 255.
    return { shorter: Math.floor(size / crop.crop_pct + 1e-9) };
  }
  const resize = given.resize ?? { shorter: crop };
  if (typeof resize !== 'object' || !('shorter' in resize)) {
    throw new ExplainError('BAD_CONFIG', 'input.crop in pixels goes with input.resize {"shorter": N} (or no resize).');
  }
  if (crop === size && width === height) return resize;
  if (given.preset !== undefined && given.crop === PRESETS[given.preset].input.crop) {
    return { shorter: Math.floor((resize.shorter * size) / crop) };
  }
  throw new ExplainError(
    'INPUT_SIZE',
    `input.crop = ${crop} but the model's input is ${width}x${height}; the crop must be the input size (or leave it out).`,
  );
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
