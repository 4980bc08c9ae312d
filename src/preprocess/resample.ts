/**
 * PIL's resampling of 8-bit images (Pillow src/libImaging/Resample.c and, for nearest, Geometry.c's
 * ImagingScaleAffine), so an image resized here is the image torchvision's transforms see on a PIL image:
 * separable, horizontal pass first, each pass rounded to 8 bits, kernels widened by the scale when shrinking
 * (PIL's antialiasing) and normalised to 22-bit fixed point. sharp (libvips) decodes but cannot resize like
 * this: its kernels, centres and rounding differ, by up to tens of levels on photos.
 */
import type { Interpolation } from '../protocol';

/** Interleaved 8-bit pixels, `channels` per pixel. */
export interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

interface Filter {
  support: number;
  kernel: (x: number) => number;
}

const FILTERS: Record<Exclude<Interpolation, 'nearest'>, Filter> = {
  box: { support: 0.5, kernel: (x) => (x > -0.5 && x <= 0.5 ? 1 : 0) },
  bilinear: { support: 1, kernel: (x) => Math.max(0, 1 - Math.abs(x)) },
  bicubic: { support: 2, kernel: bicubic },
  lanczos: { support: 3, kernel: (x) => (x >= -3 && x < 3 ? sinc(x) * sinc(x / 3) : 0) },
};

/** Keys's cubic convolution with a = -0.5, PIL's BICUBIC. */
function bicubic(x: number): number {
  const a = -0.5;
  x = Math.abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  x *= Math.PI;
  return Math.sin(x) / x;
}

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

/**
 * `image` resized to width x height with PIL's filter of that name. `antialias: false` samples the kernel at
 * its own width when shrinking (like torch's interpolate without antialias), which PIL never does.
 */
export function resample(image: Pixels, width: number, height: number, interpolation: Interpolation, antialias = true): Pixels {
  if (width === image.width && height === image.height) return { ...image, data: image.data.slice() };
  if (interpolation === 'nearest') return nearest(image, width, height);
  const filter = FILTERS[interpolation];
  let current = image;
  if (width !== image.width) current = pass(current, width, coefficients(image.width, width, filter, antialias), true);
  if (height !== image.height) current = pass(current, height, coefficients(image.height, height, filter, antialias), false);
  return current;
}

interface Coefficients {
  /** Per output index: first input index and how many follow. */
  start: Int32Array;
  count: Int32Array;
  /** ksize fixed-point weights per output index. */
  weights: Int32Array;
  ksize: number;
}

/** Resample.c precompute_coeffs + normalize_coeffs_8bpc, with in0 = 0 and in1 = inSize. */
function coefficients(inSize: number, outSize: number, filter: Filter, antialias: boolean): Coefficients {
  const scale = inSize / outSize;
  const filterScale = antialias ? Math.max(1, scale) : 1;
  const support = filter.support * filterScale;
  const ksize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const k = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const ss = 1 / filterScale;
    // C's (int) truncates toward zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    let sum = 0;
    for (let x = 0; x < xmax; x++) {
      k[x] = filter.kernel((x + xmin - center + 0.5) * ss);
      sum += k[x];
    }
    for (let x = 0; x < xmax; x++) {
      const w = sum !== 0 ? k[x] / sum : k[x];
      weights[xx * ksize + x] = w < 0 ? Math.trunc(-0.5 + w * ONE) : Math.trunc(0.5 + w * ONE);
    }
    start[xx] = xmin;
    count[xx] = xmax;
  }
  return { start, count, weights, ksize };
}

/** One separable pass (ImagingResampleHorizontal_8bpc / Vertical_8bpc), rounding to 8 bits. */
function pass(image: Pixels, outSize: number, c: Coefficients, horizontal: boolean): Pixels {
  const { width, height, channels, data } = image;
  const outWidth = horizontal ? outSize : width;
  const outHeight = horizontal ? height : outSize;
  const out = new Uint8Array(outWidth * outHeight * channels);
  // Stride between neighbouring taps, and per output index the offset of its first tap.
  const tapStride = horizontal ? channels : width * channels;
  for (let o = 0; o < outSize; o++) {
    const first = c.start[o];
    const taps = c.count[o];
    const kOffset = o * c.ksize;
    const lines = horizontal ? height : width;
    for (let line = 0; line < lines; line++) {
      const inBase = horizontal ? (line * width + first) * channels : (first * width + line) * channels;
      const outBase = horizontal ? (line * outWidth + o) * channels : (o * outWidth + line) * channels;
      for (let ch = 0; ch < channels; ch++) {
        let ss = HALF;
        for (let t = 0; t < taps; t++) ss += data[inBase + t * tapStride + ch] * c.weights[kOffset + t];
        const v = ss >> PRECISION_BITS;
        out[outBase + ch] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  return { data: out, width: outWidth, height: outHeight, channels };
}

/**
 * PIL's NEAREST resize: an affine scale (Geometry.c ImagingScaleAffine) whose source positions are
 * accumulated in doubles from the centre of the first pixel, then truncated.
 */
function nearest(image: Pixels, width: number, height: number): Pixels {
  const { channels } = image;
  const columns = nearestIndices(image.width, width);
  const rows = nearestIndices(image.height, height);
  const out = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (rows[y] * image.width + columns[x]) * channels;
      out.set(image.data.subarray(from, from + channels), (y * width + x) * channels);
    }
  }
  return { data: out, width, height, channels };
}

function nearestIndices(inSize: number, outSize: number): Int32Array {
  const step = inSize / outSize;
  const indices = new Int32Array(outSize);
  let position = step * 0.5;
  for (let i = 0; i < outSize; i++) {
    indices[i] = Math.min(inSize - 1, Math.max(0, Math.trunc(position)));
    position += step;
  }
  return indices;
}

/** PIL's convert("L"): ITU-R 601-2 luma in 16-bit fixed point, rounded. */
export function toGray(rgb: Pixels): Pixels {
  const pixels = rgb.width * rgb.height;
  const out = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const i = p * 3;
    out[p] = (rgb.data[i] * 19595 + rgb.data[i + 1] * 38470 + rgb.data[i + 2] * 7471 + 0x8000) >> 16;
  }
  return { data: out, width: rgb.width, height: rgb.height, channels: 1 };
}
