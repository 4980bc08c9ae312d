/**
 * The display controls: which picture, the overlay's opacity, the sign mode, the clipping percentile and (when
 * methods are compared) one shared colour scale or one per map. They change only how things are drawn.
 */
import type { DisplaySettings } from '../src/protocol';
import { el } from './dom';
import { dropdown } from './dropdown';
import { COLORMAPS, COLORMAP_LABELS, PICTURES } from './model/display';
import type { CheckElement, ValueElement } from './toolkit';

/** Compared maps that may share a colour scale: one group per unit, two methods or more each. */
export interface ScaleGroup {
  unit: string;
  methods: string[];
}

/** `outlinable`: some map is of features (a black-box method's), whose outlines the view can draw. */
export function displayControls(display: DisplaySettings, shareable: readonly ScaleGroup[], change: (next: Partial<DisplaySettings>) => void, outlinable = false): HTMLElement {
  const picture = el(
    'vscode-radio-group',
    { class: 'picture-choice', 'aria-label': 'Picture' },
    el('label', { slot: 'label' }, 'Picture'),
    ...PICTURES.map((p) => el('vscode-radio', { value: p, ...(p === display.picture ? { checked: '' } : {}) }, p[0].toUpperCase() + p.slice(1))),
  ) as ValueElement;
  picture.addEventListener('change', () => {
    const p = PICTURES.find((x) => x === picture.value);
    if (p) change({ picture: p });
  });

  // A native range input: the toolkit has no slider, and this one is keyboard and screen-reader ready.
  const opacity = el('input', { type: 'range', min: '0', max: '1', step: '0.01', value: String(display.opacity), id: 'opacity', 'aria-label': 'Overlay opacity' });
  const opacityValue = el('output', { for: 'opacity' }, `${Math.round(display.opacity * 100)}%`);
  opacity.addEventListener('input', () => {
    opacityValue.textContent = `${Math.round(Number(opacity.value) * 100)}%`;
    change({ opacity: Number(opacity.value) });
  });

  const sign = dropdown(
    { id: 'sign-mode', 'aria-label': 'Sign mode' },
    COLORMAPS.map((c) => ({ value: c, label: COLORMAP_LABELS[c] })),
    display.colormap,
  );
  sign.addEventListener('change', () => {
    const c = COLORMAPS.find((x) => x === sign.value);
    if (c) change({ colormap: c });
  });

  const percentile = el('vscode-text-field', { value: String(display.percentile), size: '5', 'aria-label': 'Clip at percentile of |R|', title: 'Values above this percentile of |R| get full colour (50 to 100)' }) as ValueElement;
  percentile.addEventListener('change', () => {
    const p = Number(percentile.value);
    if (p >= 50 && p <= 100) change({ percentile: p });
    else percentile.value = String(display.percentile);
  });

  const controls = el(
    'div',
    { class: 'controls', role: 'group', 'aria-label': 'Display' },
    picture,
    el('label', { class: 'control' }, 'Opacity ', opacity, ' ', opacityValue),
    el('label', { class: 'control' }, 'Sign ', sign),
    el('label', { class: 'control' }, 'Clip at percentile ', percentile),
  );
  if (outlinable) {
    const outline = el('vscode-checkbox', { class: 'outline-features', ...(display.outline ? { checked: '' } : {}) }, 'Outline the features') as CheckElement;
    outline.addEventListener('change', () => change({ outline: outline.checked }));
    controls.append(el('span', { class: 'control' }, outline));
  }
  // Offered only where it means something: one colour is one value only among maps in the same unit.
  if (shareable.length > 0) {
    const shared = el('vscode-checkbox', { class: 'shared-scale', ...(display.sharedScale ? { checked: '' } : {}) }, 'One colour scale for maps in the same unit') as CheckElement;
    shared.addEventListener('change', () => change({ sharedScale: shared.checked }));
    const which = shareable.map((g) => `${g.methods.join(', ')} (${g.unit})`).join('; ');
    controls.append(el('span', { class: 'control shared-scale-control' }, shared, el('span', { class: 'shared-scale-note' }, `: ${which}. Other maps keep their own.`)));
  }
  return controls;
}
