/** The export buttons: the host saves each into the workspace (the view only says what, and how it is drawn). */
import type { ExportKind } from '../src/protocol';
import { el } from './dom';

const EXPORTS: { what: ExportKind; label: string }[] = [
  { what: 'overlay', label: 'Overlay PNG' },
  { what: 'heatmap', label: 'Heatmap PNG' },
  { what: 'json', label: 'Result JSON' },
  { what: 'csv', label: 'Table CSV' },
];

export function exportBar(save: (what: ExportKind) => void): HTMLElement {
  return el(
    'div',
    { class: 'exports', role: 'group', 'aria-label': 'Save into the workspace' },
    el('span', {}, 'Save: '),
    ...EXPORTS.map(({ what, label }) => {
      const b = el('vscode-button', { appearance: 'secondary', 'data-export': what }, label);
      b.addEventListener('click', () => save(what));
      return b;
    }),
  );
}
