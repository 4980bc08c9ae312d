/**
 * The view's display settings: defaults, and a check of what setState gave back (state restored after a
 * reload is data from an older view and is treated as untrusted). Pure, tested under node.
 */
import type { Colormap, DisplaySettings } from '../../src/protocol';
import { DEFAULT_PERCENTILE } from '../../src/render/colormap';

export const COLORMAPS: readonly Colormap[] = ['signed', 'positive', 'negative', 'absolute'];
/** What the sign-mode dropdown calls each colormap. */
export const COLORMAP_LABELS: Record<Colormap, string> = { signed: 'Both signs', positive: 'Positive', negative: 'Negative', absolute: 'Absolute' };
export const PICTURES: readonly DisplaySettings['picture'][] = ['overlay', 'heatmap', 'original'];

export function defaultDisplay(colormap: Colormap): DisplaySettings {
  return { picture: 'overlay', opacity: 0.5, colormap, percentile: DEFAULT_PERCENTILE, sharedScale: false };
}

export function sanitizeDisplay(saved: unknown, fallback: DisplaySettings): DisplaySettings {
  const s = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Record<keyof DisplaySettings, unknown>>;
  const num = (v: unknown, low: number, high: number, d: number): number => (typeof v === 'number' && v >= low && v <= high ? v : d);
  return {
    picture: PICTURES.find((p) => p === s.picture) ?? fallback.picture,
    opacity: num(s.opacity, 0, 1, fallback.opacity),
    colormap: COLORMAPS.find((c) => c === s.colormap) ?? fallback.colormap,
    percentile: num(s.percentile, 50, 100, fallback.percentile),
    sharedScale: typeof s.sharedScale === 'boolean' ? s.sharedScale : fallback.sharedScale,
    ...((s.outline ?? fallback.outline) === true && { outline: true }),
  };
}
