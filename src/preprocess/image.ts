/**
 * Image file -> model input tensor, following the model's Preprocessing. Decoding and resampling are sharp's
 * (libvips); the arithmetic that defines the model's input is in preprocessPixels, pure and testable.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ExplainError } from '../errors';
import type { Preprocessing, TensorInput } from '../protocol';
import { channelCount, imageDims, imageLayout } from '../util/imageLayout';

/** RGB bytes at the model's resolution, what the heatmap is laid over. */
export interface DisplayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Decodes, orients (EXIF), removes alpha, resizes to pre.width x pre.height and converts to the model's
 * channels. Transparent pixels become black: a transparent background has no colour of its own, and black
 * is "no signal" for MNIST-style models (white digit on black).
 */
export async function decodeImage(path: string, pre: Preprocessing): Promise<DecodedImage> {
  return decodeImageBytes(await readImageFile(path), pre, path);
}

export interface DecodedImage {
  tensor: TensorInput;
  display: DisplayImage;
}

/** decodeImage of a file's bytes read already; `path` names it in errors. */
export async function decodeImageBytes(bytes: Buffer, pre: Preprocessing, path: string): Promise<DecodedImage> {
  const gray = pre.channels === 'gray';
  let pixels: Buffer;
  try {
    // Decoding from a buffer, not the path, keeps libvips' cache from serving an image edited since.
    const options = { failOn: 'truncated', autoOrient: true } as const;
    const { autoOrient: size } = await sharp(bytes, options).metadata();
    let pipeline = sharp(bytes, options).flatten({ background: '#000000' });
    if (size.width !== pre.width || size.height !== pre.height) {
      pipeline = pipeline.resize(pre.width, pre.height, {
        fit: pre.resize === 'center-crop' ? 'cover' : 'fill',
        position: 'centre',
      });
    }
    // toColourspace also fixes the channel count: one band for b-w, three for srgb, whatever the source.
    pixels = await pipeline.toColourspace(gray ? 'b-w' : 'srgb').raw({ depth: 'uchar' }).toBuffer();
  } catch (err) {
    throw new ExplainError('IMAGE_UNREADABLE', `Cannot decode ${path} as an image: ${(err as Error).message}`);
  }
  const sourceChannels = channelCount(pre.channels);
  const expected = pre.width * pre.height * sourceChannels;
  if (pixels.length !== expected) {
    throw new ExplainError('INTERNAL', `Decoding ${path} gave ${pixels.length} bytes, expected ${expected}.`);
  }
  const data = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
  return {
    tensor: preprocessPixels(data, pre.width, pre.height, sourceChannels, pre),
    display: { data: gray ? grayToRgb(data) : data, width: pre.width, height: pre.height },
  };
}

/**
 * Interleaved 8-bit pixels (gray, or RGB in that order) -> the model's tensor, batch 1, in pre.layout and
 * pre.channels order, each value (p * scale - mean[c]) / std[c]. A gray source feeds every colour channel.
 */
export function preprocessPixels(
  rgbOrGray: Uint8Array,
  width: number,
  height: number,
  srcChannels: 1 | 3,
  pre: Preprocessing,
): TensorInput {
  const pixelCount = width * height;
  if (rgbOrGray.length !== pixelCount * srcChannels) {
    throw new ExplainError(
      'BAD_ARGUMENT',
      `${rgbOrGray.length} bytes do not make a ${width}x${height} image with ${srcChannels} channel(s).`,
    );
  }
  const modelChannels = channelCount(pre.channels);
  if (srcChannels > modelChannels) {
    throw new ExplainError('BAD_ARGUMENT', 'A gray model needs gray pixels; convert the image to gray first.');
  }
  const dims = imageDims(modelChannels, height, width, pre.layout);
  const { channelStride, pixelStride } = imageLayout(dims, pre.layout);
  const data = new Float32Array(pixelCount * modelChannels);
  for (let c = 0; c < modelChannels; c++) {
    const source = srcChannels === 1 ? 0 : pre.channels === 'BGR' ? 2 - c : c;
    for (let p = 0; p < pixelCount; p++) {
      data[c * channelStride + p * pixelStride] = normalizePixel(rgbOrGray[p * srcChannels + source], c, pre);
    }
  }
  return { data, dims };
}

/** Per model channel, the input values of pixel 0 and pixel 255 (ordered, since scale or std may flip them). */
export function pixelRange(pre: Preprocessing): { low: number[]; high: number[] } {
  const channels = Array.from({ length: channelCount(pre.channels) }, (_, c) => c);
  const black = channels.map((c) => normalizePixel(0, c, pre));
  const white = channels.map((c) => normalizePixel(255, c, pre));
  return {
    low: channels.map((c) => Math.min(black[c], white[c])),
    high: channels.map((c) => Math.max(black[c], white[c])),
  };
}

/** One 8-bit pixel value as the model reads it in model channel `channel`. */
export function normalizePixel(pixel: number, channel: number, pre: Preprocessing): number {
  return (pixel * pre.scale - pre.mean[channel]) / pre.std[channel];
}

function grayToRgb(gray: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(gray.length * 3);
  for (let p = 0; p < gray.length; p++) rgb.fill(gray[p], p * 3, p * 3 + 3);
  return rgb;
}

export async function readImageFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExplainError('IMAGE_NOT_FOUND', `Image not found: ${path}`);
    throw new ExplainError('IMAGE_UNREADABLE', `Cannot read the image ${path}: ${(err as Error).message}`);
  }
}
