/**
 * The toolkit's dropdown with a chosen value that holds. Its `selected` option attribute is not enough: when the
 * dropdown connects, it takes the first option that is marked selected *or whose value equals its own value*,
 * and its own value starts as "" — so a "" option ("default") ahead of the marked one wins, the dropdown shows
 * "default" and the next read of its value gives "" (measured in Chromium: composite epsilon-plus read back as "").
 * The dropdown's `value` attribute sets that starting value, so the marked option is the one it finds.
 */
import { el } from './dom';
import type { ValueElement } from './toolkit';

export interface DropdownOption {
  value: string;
  label: string;
  title?: string;
}

export function dropdown(attrs: Record<string, string>, options: readonly DropdownOption[], value: string): ValueElement {
  const chosen = options.some((o) => o.value === value) ? value : (options[0]?.value ?? '');
  const d = el(
    'vscode-dropdown',
    { ...attrs, value: chosen },
    ...options.map((o) => el('vscode-option', { value: o.value, ...(o.title ? { title: o.title } : {}), ...(o.value === chosen ? { selected: '' } : {}) }, o.label)),
  ) as ValueElement;
  return d;
}
