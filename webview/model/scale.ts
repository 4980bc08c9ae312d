/**
 * Which colours a map gets: the sign mode a map is drawn in, the magnitude that maps to full colour (one per
 * map, or one shared by the compared maps) and the colour bar's labelled ticks. Pure (no DOM), tested under node.
 */
import type { Colormap } from '../../src/protocol';
import { heatmapRange, type ScalarMap } from '../../src/render/colormap';

/**
 * A non-negative map (Grad-CAM, CAM) has no sign to show: a diverging scale would spend half its colours on
 * values that never occur, so "signed" becomes the sequential "positive" there. Other choices stand.
 */
export function effectiveColormap(map: Pick<ScalarMap, 'data'>, chosen: Colormap): Colormap {
  return chosen === 'signed' && isNonNegative(map.data) ? 'positive' : chosen;
}

export function isNonNegative(values: Float32Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] < 0) return false;
  return true;
}

/**
 * Full-colour magnitude per map. `shareKeys[i]`: maps with the same defined key share one scale, the largest of
 * their own ranges, so no map is clipped more than on its own scale and one colour means one value among them;
 * a map without a key keeps its own.
 */
export function colorRanges(maps: readonly ScalarMap[], modes: readonly Colormap[], percentile: number, shareKeys: readonly (string | undefined)[]): number[] {
  const own = maps.map((m, i) => heatmapRange(m.data, { mode: modes[i], percentile }));
  const largest = new Map<string, number>();
  own.forEach((r, i) => {
    const k = shareKeys[i];
    if (k !== undefined) largest.set(k, Math.max(largest.get(k) ?? 0, r));
  });
  return own.map((r, i) => {
    const k = shareKeys[i];
    return k === undefined ? r : (largest.get(k) ?? r);
  });
}

export interface Tick {
  /** Relevance at this tick. */
  value: number;
  /** Where it sits along the bar, 0 (left) to 1 (right). */
  position: number;
}

/** Five ticks along the bar: -range..range for the signed scale, 0..range (or 0..-range) for the others. */
export function colorbarTicks(range: number, mode: Colormap): Tick[] {
  const fractions = [0, 0.25, 0.5, 0.75, 1];
  switch (mode) {
    case 'signed':
      return fractions.map((position) => ({ value: (position * 2 - 1) * range, position }));
    case 'negative':
      // The bar runs from no relevance to the most negative, as the map's colours do.
      return fractions.map((position) => ({ value: -position * range, position }));
    default:
      return fractions.map((position) => ({ value: position * range, position }));
  }
}

/** The relevance of the pixel at (x, y), or undefined outside the map. */
export function valueAt(map: ScalarMap, x: number, y: number): number | undefined {
  if (!(x >= 0 && y >= 0 && x < map.width && y < map.height)) return undefined;
  return map.data[Math.floor(y) * map.width + Math.floor(x)];
}
