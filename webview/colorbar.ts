/**
 * The colour bar under a map: the map's own colours from no relevance (or most negative) to full colour, with
 * labelled ticks, so a colour can be read as a value (and the values do not depend on seeing colour).
 */
import type { Colormap } from '../src/protocol';
import { relevanceToRgba } from '../src/render/colormap';
import { el, num } from './dom';
import { colorbarTicks } from './model/scale';

const STEPS = 256;

/** `unit`: what the numbers are ("logit", "score drop"), said under the bar. */
export function colorbar(mode: Colormap, range: number, unit?: string): HTMLElement {
  const ticks = colorbarTicks(range, mode);
  // The bar is a one-pixel-high map of the tick values' span, coloured exactly as the heatmap is.
  const first = ticks[0].value;
  const last = ticks[ticks.length - 1].value;
  const values = Float32Array.from({ length: STEPS }, (_, i) => first + ((last - first) * i) / (STEPS - 1));
  const rgba = relevanceToRgba({ data: values, width: STEPS, height: 1 }, { mode, range: range > 0 ? range : 1 }) as Uint8ClampedArray<ArrayBuffer>;
  const canvas = el('canvas', { width: String(STEPS), height: '1', class: 'colorbar-strip', 'aria-hidden': 'true' });
  canvas.getContext('2d')?.putImageData(new ImageData(rgba, STEPS, 1), 0, 0);
  const labels = el(
    'div',
    { class: 'colorbar-ticks', 'aria-hidden': 'true' },
    ...ticks.map((t) => {
      const label = el('span', {}, num(t.value, 3));
      // Through the CSSOM: the CSP allows no inline style attributes.
      label.style.left = `${(t.position * 100).toFixed(1)}%`;
      return label;
    }),
  );
  const described = `Colour scale ${mode === 'signed' ? 'blue negative, white zero, red positive' : 'dark to bright'}, from ${num(first, 3)} to ${num(last, 3)}${unit ? ` ${unit}` : ''}`;
  return el('div', { class: 'colorbar', role: 'img', 'aria-label': described, 'data-range': String(range) }, canvas, labels, unit ? el('span', { class: 'colorbar-unit', 'aria-hidden': 'true' }, unit) : undefined);
}
