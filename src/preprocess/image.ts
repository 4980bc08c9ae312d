/**
 * Image file -> model input tensor, following the model's Preprocessing. Decoding is sharp's (libvips);
 * resizing is PIL's (resample.ts), so the input matches torchvision's on a PIL image; the arithmetic that
 * defines the model's input is in preprocessPixels, pure and testable.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ExplainError } from '../errors';
import type { InputGeometry, Preprocessing, TensorInput } from '../protocol';
import { channelCount, imageDims, imageLayout } from '../util/imageLayout';
import { inputGeometry } from './geometry';
import { resample, toGray, type Pixels } from './resample';

/** RGB bytes, what the heatmap is laid over. */
export interface DisplayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** The original is kept for overlays at most this large (longer side), so a 24-megapixel photo stays cheap to send. */
export const ORIGINAL_MAX_SIDE = 1024;

/**
 * Decodes, orients (EXIF), removes alpha, converts to gray for gray models (PIL's luma), resizes and crops
 * or pads as pre.resize says, and converts to the model's channels. Transparent pixels become black: a
 * transparent background has no colour of its own, and black is "no signal" for MNIST-style models.
 */
export async function decodeImage(path: string, pre: Preprocessing): Promise<DecodedImage> {
  return decodeImageBytes(await readImageFile(path), pre, path);
}

export interface DecodedImage {
  tensor: TensorInput;
  /** The model's input as RGB at the model's resolution. */
  display: DisplayImage;
  /** Where the input lies on the original image (crop, letterbox). */
  geometry: InputGeometry;
  /** The original image as RGB, scaled down to ORIGINAL_MAX_SIDE if larger (geometry's source size is the full one). */
  original: DisplayImage;
  /** The file had transparent pixels, which were composited onto black before anything else (the view says so). */
  transparencyFlattened: boolean;
}

/** decodeImage of a file's bytes read already; `path` names it in errors. */
export async function decodeImageBytes(bytes: Buffer, pre: Preprocessing, path: string): Promise<DecodedImage> {
  const [rgb, transparencyFlattened] = await Promise.all([decodePixels(bytes, path), hasTransparency(bytes)]);
  const gray = pre.channels === 'gray';
  const source = gray ? toGray(rgb) : rgb;
  const geometry = inputGeometry(source.width, source.height, pre);
  const resized = resample(source, geometry.resizedWidth, geometry.resizedHeight, pre.interpolation ?? 'bilinear', pre.antialias ?? true);
  const window = cutWindow(resized, geometry, padValue(pre));
  const sourceChannels = channelCount(pre.channels);
  return {
    tensor: preprocessPixels(window.data, pre.width, pre.height, sourceChannels, pre),
    display: { data: gray ? grayToRgb(window.data) : window.data, width: pre.width, height: pre.height },
    geometry,
    original: shrinkForDisplay(rgb),
    transparencyFlattened,
  };
}

/**
 * Whether any pixel is less than opaque: an alpha channel alone says nothing (many RGBA files are opaque
 * throughout), so only then are the pixels looked at. A file that does not decode is decodePixels' to report.
 */
async function hasTransparency(bytes: Buffer): Promise<boolean> {
  try {
    const image = sharp(bytes, { failOn: 'truncated' });
    if (!(await image.metadata()).hasAlpha) return false;
    return !(await image.stats()).isOpaque;
  } catch {
    return false;
  }
}

/** Full-size sRGB bytes, 3 per pixel, whatever the file held (gray, alpha, 16 bits, EXIF rotation). */
async function decodePixels(bytes: Buffer, path: string): Promise<Pixels> {
  try {
    // Decoding from a buffer, not the path, keeps libvips' cache from serving an image edited since.
    const options = { failOn: 'truncated', autoOrient: true } as const;
    const { data, info } = await sharp(bytes, options)
      .flatten({ background: '#000000' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== info.width * info.height * 3) {
      throw new Error(`decoding gave ${info.channels} channel(s) and ${data.length} bytes for ${info.width}x${info.height}`);
    }
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    // The decoder's own words ("Input buffer has corrupt header") go to the details, not the message.
    throw new ExplainError('IMAGE_UNREADABLE', `Cannot decode ${path}: it is corrupt or not a ${formatName(path)}.`, `${(err as Error).message}\n${(err as Error).stack ?? ''}`);
  }
}

/** The model's width x height window of the resized image; outside it (letterbox, small crops) the pad value. */
function cutWindow(resized: Pixels, g: InputGeometry, pad: number[]): Pixels {
  const { channels } = resized;
  const out = new Uint8Array(g.width * g.height * channels);
  for (let y = 0; y < g.height; y++) {
    const ry = y + g.top;
    for (let x = 0; x < g.width; x++) {
      const rx = x + g.left;
      const o = (y * g.width + x) * channels;
      if (rx >= 0 && ry >= 0 && rx < resized.width && ry < resized.height) {
        const i = (ry * resized.width + rx) * channels;
        for (let c = 0; c < channels; c++) out[o + c] = resized.data[i + c];
      } else {
        for (let c = 0; c < channels; c++) out[o + c] = pad[c];
      }
    }
  }
  return { data: out, width: g.width, height: g.height, channels };
}

/** The letterbox fill per source channel (RGB, or gray by PIL's luma); torchvision's crop pads with 0. */
function padValue(pre: Preprocessing): number[] {
  const pad = typeof pre.resize === 'object' && 'longer' in pre.resize ? (pre.resize.pad ?? 0) : 0;
  const rgb = (typeof pad === 'number' ? [pad, pad, pad] : pad).map((v) => Math.round(v));
  if (pre.channels !== 'gray') return rgb;
  return [toGray({ data: Uint8Array.from(rgb), width: 1, height: 1, channels: 3 }).data[0]];
}

function shrinkForDisplay(rgb: Pixels): DisplayImage {
  const scale = ORIGINAL_MAX_SIDE / Math.max(rgb.width, rgb.height);
  const small = scale >= 1 ? rgb : resample(rgb, Math.max(1, Math.round(rgb.width * scale)), Math.max(1, Math.round(rgb.height * scale)), 'box');
  return { data: small.data, width: small.width, height: small.height };
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

/** The format a file's extension promises, for "not a PNG". */
function formatName(path: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  const names: Record<string, string> = { png: 'PNG', jpg: 'JPEG', jpeg: 'JPEG', webp: 'WebP', gif: 'GIF', tif: 'TIFF', tiff: 'TIFF', bmp: 'BMP' };
  return (ext && names[ext]) ?? 'readable image';
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
