/**
 * Baselines ("the absence of the feature") for integrated gradients and DeepLIFT, all built in the model's
 * input space so that f(baseline) is a plain forward pass.
 */
import { ExplainError } from '../errors';
import type { BaselineSpec, Preprocessing, TensorInput } from '../protocol';
import { createRng } from '../util/random';
import { imageDims, imageLayout, type ImageLayout } from '../util/imageLayout';
import { decodeImage, normalizePixel, pixelRange } from './image';

export interface Baseline {
  tensor: TensorInput;
  /** For reports, e.g. "Gaussian blur of the input, sigma 11.2 px". */
  description: string;
}

export async function makeBaseline(spec: BaselineSpec, input: TensorInput, pre: Preprocessing): Promise<Baseline> {
  const geometry = imageLayout(input.dims, pre.layout);
  const like = (data: Float32Array): TensorInput => ({ data, dims: [...input.dims] });
  switch (spec.kind) {
    case 'zero':
      return { tensor: like(new Float32Array(input.data.length)), description: 'zeros in model-input space' };
    case 'black':
      return { tensor: blackImage(geometry, pre), description: 'a black image (pixel value 0 after preprocessing)' };
    case 'blur': {
      // Default: a twentieth of the image, enough to remove object detail but keep the coarse colour layout.
      const sigma = spec.sigma ?? Math.max(1, Math.min(geometry.width, geometry.height) / 20);
      if (!(sigma > 0)) throw new ExplainError('BAD_ARGUMENT', `The blur baseline needs a positive sigma (got ${sigma}).`);
      return { tensor: like(gaussianBlur(input.data, geometry, sigma)), description: `Gaussian blur of the input, sigma ${round(sigma)} px` };
    }
    case 'mean':
      return { tensor: like(channelMeans(input.data, geometry)), description: 'each channel filled with its mean over the input' };
    case 'noise': {
      const seed = spec.seed ?? 0;
      return { tensor: like(uniformNoise(geometry, pre, seed)), description: `uniform noise over the pixel range, seed ${seed}` };
    }
    case 'image': {
      const { tensor } = await decodeImage(spec.path, pre);
      if (tensor.data.length !== input.data.length) {
        throw new ExplainError('INTERNAL', `The baseline image gave dims [${tensor.dims}] for an input of [${input.dims}].`);
      }
      return { tensor, description: `the image ${spec.path}` };
    }
    default: {
      const kind = (spec as { kind?: unknown }).kind;
      throw new ExplainError(
        'BAD_ARGUMENT',
        `Unknown baseline kind ${JSON.stringify(kind)} (use zero, black, blur, mean, noise or image).`,
      );
    }
  }
}

/**
 * Every pixel of a black image preprocesses to the same value per channel, so the image is filled with those
 * (putting a whole black image through the preprocessing took ~1 ms per run).
 */
function blackImage(geometry: ImageLayout, pre: Preprocessing): TensorInput {
  return solidImage(geometry, pre, 0);
}

/** The image of one 8-bit value in every pixel and channel (0 black, 255 white), in model-input space. */
export function solidImage(geometry: ImageLayout, pre: Preprocessing, pixel: number): TensorInput {
  const pixelCount = geometry.width * geometry.height;
  const data = new Float32Array(pixelCount * geometry.channels);
  for (let c = 0; c < geometry.channels; c++) {
    const v = normalizePixel(pixel, c, pre);
    for (let p = 0; p < pixelCount; p++) data[c * geometry.channelStride + p * geometry.pixelStride] = v;
  }
  return { data, dims: imageDims(geometry.channels, geometry.height, geometry.width, pre.layout) };
}

function channelMeans(data: Float32Array, g: ImageLayout): Float32Array {
  const out = new Float32Array(data.length);
  const pixelCount = g.width * g.height;
  for (let c = 0; c < g.channels; c++) {
    let sum = 0;
    for (let p = 0; p < pixelCount; p++) sum += data[c * g.channelStride + p * g.pixelStride];
    for (let p = 0; p < pixelCount; p++) out[c * g.channelStride + p * g.pixelStride] = sum / pixelCount;
  }
  return out;
}

function uniformNoise(g: ImageLayout, pre: Preprocessing, seed: number): Float32Array {
  const { low, high } = pixelRange(pre);
  const rng = createRng(seed);
  const out = new Float32Array(g.channels * g.width * g.height);
  for (let i = 0; i < out.length; i++) {
    const c = Math.floor(i / g.channelStride) % g.channels;
    out[i] = low[c] + (high[c] - low[c]) * rng.uniform();
  }
  return out;
}

/**
 * Separable Gaussian over the spatial axes of every channel, kernel radius 3 sigma, borders mirrored with the
 * edge pixel repeated (scipy.ndimage's "reflect"), so a constant image stays exactly constant.
 */
function gaussianBlur(data: Float32Array, g: ImageLayout, sigma: number): Float32Array {
  const kernel = gaussianKernel(sigma);
  const rowStride = g.width * g.pixelStride;
  const horizontal = new Float32Array(data.length);
  const out = new Float32Array(data.length);
  for (let c = 0; c < g.channels; c++) {
    const base = c * g.channelStride;
    for (let y = 0; y < g.height; y++) {
      convolveLine(data, horizontal, base + y * rowStride, g.pixelStride, g.width, kernel);
    }
    for (let x = 0; x < g.width; x++) {
      convolveLine(horizontal, out, base + x * g.pixelStride, rowStride, g.height, kernel);
    }
  }
  return out;
}

function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const kernel = new Float64Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++) kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  const sum = kernel.reduce((a, b) => a + b, 0);
  return kernel.map((w) => w / sum);
}

/**
 * One row or column: `length` samples starting at `start`, `stride` apart. The line is copied once with its
 * mirrored borders, so the taps index it directly (the same products summed in the same order as mirroring
 * each tap, which cost two modulos a tap: 280 ms a 224x224 blur, a third of a faithfulness measurement).
 */
function convolveLine(
  src: Float32Array,
  dst: Float32Array,
  start: number,
  stride: number,
  length: number,
  kernel: Float64Array,
): void {
  const radius = (kernel.length - 1) / 2;
  const line = new Float32Array(length + 2 * radius);
  for (let j = 0; j < line.length; j++) line[j] = src[start + reflect(j - radius, length) * stride];
  for (let i = 0; i < length; i++) {
    let acc = 0;
    for (let k = 0; k < kernel.length; k++) acc += kernel[k] * line[i + k];
    dst[start + i * stride] = acc;
  }
}

/** Mirror with period 2n (d c b a | a b c d | d c b a), valid for any offset, even a kernel wider than the image. */
function reflect(i: number, n: number): number {
  const m = ((i % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
