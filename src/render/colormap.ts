/**
 * Relevance -> colours. Pure (no Node imports): the webview recolours maps with the same code when the user
 * changes the mode or the percentile, without asking the engine again.
 */
import { ExplainError } from '../errors';
import type { Layout, TensorInput } from '../protocol';
import { imageLayout } from '../util/imageLayout';

export type Rgb = [number, number, number];

/** One value per pixel, row-major. */
export interface ScalarMap {
  data: Float32Array;
  width: number;
  height: number;
}

export type HeatmapMode = 'signed' | 'absolute' | 'positive' | 'negative';

export interface HeatmapOptions {
  mode: HeatmapMode;
  /** Percentile of the shown magnitudes that maps to full colour; larger values are clipped. Default 99.5. */
  percentile?: number;
  /**
   * The magnitude that maps to full colour, when given: the view sets it to draw several maps on one shared
   * scale (see heatmapRange), so equal colours mean equal relevance across them.
   */
  range?: number;
}

export const DEFAULT_PERCENTILE = 99.5;

// ColorBrewer RdBu (11 classes), reversed so negative is blue, with its near-white centre made pure white.
const DIVERGING: readonly Rgb[] = [
  [5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240],
  [255, 255, 255],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31],
];

// matplotlib's inferno sampled at 17 evenly spaced points: perceptually uniform, dark = no relevance.
const SEQUENTIAL: readonly Rgb[] = [
  [0, 0, 4], [11, 7, 36], [33, 12, 74], [61, 9, 101], [87, 16, 110], [113, 25, 110], [138, 34, 106],
  [163, 44, 97], [188, 55, 84], [208, 69, 69], [227, 89, 51], [241, 113, 31], [249, 140, 10],
  [252, 170, 15], [249, 201, 50], [242, 232, 101], [252, 255, 164],
];

/** Blue (-1) through white (0) to red (+1); t is clipped to [-1, 1]. */
export function divergingColor(t: number): Rgb {
  return interpolate(DIVERGING, (clip(t, -1, 1) + 1) / 2);
}

/** Dark (0) to bright (1), inferno; t is clipped to [0, 1]. */
export function sequentialColor(t: number): Rgb {
  return interpolate(SEQUENTIAL, clip(t, 0, 1));
}

/** Sum over channels of a batch-1 tensor, the usual way to show per-pixel relevance. */
export function collapseChannels(rel: TensorInput, layout: Layout): ScalarMap {
  const g = imageLayout(rel.dims, layout);
  const pixelCount = g.width * g.height;
  const data = new Float32Array(pixelCount);
  for (let p = 0; p < pixelCount; p++) {
    let sum = 0;
    for (let c = 0; c < g.channels; c++) sum += rel.data[c * g.channelStride + p * g.pixelStride];
    data[p] = sum;
  }
  return { data, width: g.width, height: g.height };
}

/** The p-th percentile (0..100) of |values|, interpolating linearly between ranks like numpy's default. */
export function percentileAbs(values: Float32Array, p: number): number {
  if (!(p >= 0 && p <= 100)) throw new ExplainError('BAD_ARGUMENT', `A percentile must be between 0 and 100 (got ${p}).`);
  if (values.length === 0) return 0;
  const sorted = values.map(Math.abs).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/**
 * Colours a map, opaque. Signed: diverging, centred at 0, scaled by the percentile of |R|. The other modes
 * show one magnitude (|R|, the positive part or the negative part) on the sequential map, scaled by that
 * magnitude's percentile, so a few extreme pixels cannot wash out the rest.
 */
export function relevanceToRgba(map: ScalarMap, opts: HeatmapOptions): Uint8ClampedArray {
  const shown = map.data.map(shownMagnitude(opts.mode));
  const range = opts.range ?? percentileAbs(shown, opts.percentile ?? DEFAULT_PERCENTILE);
  const scale = range > 0 ? 1 / range : 0; // an all-zero map is drawn as "no relevance", not NaN

  const rgba = new Uint8ClampedArray(map.width * map.height * 4);
  for (let p = 0; p < map.width * map.height; p++) {
    const color = opts.mode === 'signed' ? divergingColor(map.data[p] * scale) : sequentialColor(shown[p] * scale);
    rgba.set(color, p * 4);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

/** The magnitude relevanceToRgba maps to full colour for these values: the percentile of what the mode shows. */
export function heatmapRange(values: Float32Array, opts: Omit<HeatmapOptions, 'range'>): number {
  return percentileAbs(values.map(shownMagnitude(opts.mode)), opts.percentile ?? DEFAULT_PERCENTILE);
}

function shownMagnitude(mode: HeatmapMode): (v: number) => number {
  const magnitude = SHOWN_MAGNITUDE[mode];
  if (!magnitude) throw new ExplainError('BAD_ARGUMENT', `Unknown heatmap mode "${mode}" (use signed, absolute, positive or negative).`);
  return magnitude;
}

const SHOWN_MAGNITUDE: Record<HeatmapMode, (v: number) => number> = {
  signed: Math.abs,
  absolute: Math.abs,
  positive: (v) => Math.max(v, 0),
  negative: (v) => Math.max(-v, 0),
};

/** Heatmap over an RGB image: opacity 0 shows the image, 1 the heatmap (scaled by its alpha). Opaque RGBA out. */
export function blend(
  base: Uint8Array,
  heat: Uint8ClampedArray,
  width: number,
  height: number,
  opacity: number,
): Uint8ClampedArray {
  const pixelCount = width * height;
  if (base.length !== pixelCount * 3 || heat.length !== pixelCount * 4) {
    throw new ExplainError('BAD_ARGUMENT', `blend needs ${width}x${height} RGB and RGBA images (got ${base.length} and ${heat.length} bytes).`);
  }
  const out = new Uint8ClampedArray(pixelCount * 4);
  for (let p = 0; p < pixelCount; p++) {
    const a = clip(opacity, 0, 1) * (heat[p * 4 + 3] / 255);
    for (let c = 0; c < 3; c++) out[p * 4 + c] = base[p * 3 + c] * (1 - a) + heat[p * 4 + c] * a;
    out[p * 4 + 3] = 255;
  }
  return out;
}

function interpolate(table: readonly Rgb[], t: number): Rgb {
  const position = t * (table.length - 1);
  const i = Math.min(Math.floor(position), table.length - 2);
  const f = position - i;
  const [a, b] = [table[i], table[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as Rgb;
}

/** NaN counts as 0, so a broken pixel shows as "no relevance" rather than as an extreme. */
function clip(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Number.isNaN(x) ? 0 : x));
}
