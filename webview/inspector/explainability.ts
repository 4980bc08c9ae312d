/**
 * "Can it be explained?": each op on the path from the image to the score with the methods that get through it,
 * an op that stops methods marked with them and the engine's own message (the error an explanation would give),
 * and the methods the model stops as a whole. On the toolkit's data grid, like the explanation's layer table.
 */
import type { MethodCheck, ModelReport } from '../../src/protocol';
import { el } from '../dom';
import { opSupport, type OpSupport } from '../model/opSupport';

export function explainabilitySection(r: ModelReport): { element: HTMLElement; support: OpSupport } {
  const support = opSupport(r);
  const total = r.methods.length;
  const grid = el(
    'vscode-data-grid',
    { class: 'op-grid', 'grid-template-columns': '14em 5em 1fr 1fr', 'aria-label': 'Ops on the path from the input to the score, with the methods they support and those they stop' },
    el('vscode-data-grid-row', { 'row-type': 'sticky-header' }, ...['op', 'count', 'supported by', 'stops'].map((t, i) => el('vscode-data-grid-cell', { 'cell-type': 'columnheader', 'grid-column': String(i + 1) }, t))),
    ...support.rows.map((row) =>
      el(
        'vscode-data-grid-row',
        { class: row.blocks.length ? 'op-row blocked' : 'op-row', 'data-op': row.op, 'data-blocks': row.blocks.map((m) => m.method).join(' ') },
        el('vscode-data-grid-cell', { 'grid-column': '1', 'cell-type': 'rowheader' }, row.op),
        el('vscode-data-grid-cell', { 'grid-column': '2', class: 'num' }, row.count),
        el('vscode-data-grid-cell', { 'grid-column': '3', class: 'methods' }, row.supports.length === total ? 'every method' : methodList(row.supports)),
        el('vscode-data-grid-cell', { 'grid-column': '4', class: 'stops' }, row.blocks.length ? methodList(row.blocks) : ''),
      ),
    ),
  );
  const blocked = [...support.rows.flatMap((row) => row.blocks.map((m) => ({ m, why: `${row.op} stops ${m.title}` }))), ...support.modelBlocks.map((m) => ({ m, why: `The model stops ${m.title}` }))];
  const element = el(
    'section',
    { class: 'explainable', 'aria-label': 'Can it be explained?' },
    el('h2', {}, 'Can it be explained?'),
    el('p', { class: 'verdict' }, `${support.runnable.length} of ${total} methods can explain this model`, support.runnable.length < total ? `; ${total - support.runnable.length} cannot (below, with the engine's message).` : '.'),
    el('div', { class: 'op-scroll' }, grid),
    blocked.length > 0 &&
      el(
        'ul',
        { class: 'refusals', 'aria-label': 'Why methods cannot run' },
        ...blocked.map(({ m, why }) => el('li', { 'data-method': m.method }, el('strong', {}, `${why}: `), el('span', { class: 'reason' }, m.reason ?? ''))),
      ),
  );
  return { element, support };
}

function methodList(methods: readonly MethodCheck[]): HTMLElement {
  return el('span', { class: 'method-list' }, ...methods.map((m) => el('span', { class: 'method-chip', title: m.title }, m.method)));
}
