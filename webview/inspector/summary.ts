/** The inspector's summary: the file's inputs and outputs, opset, producer, parameters and op histogram. */
import type { ModelStructure, ValueSummary } from '../../src/protocol';
import { el } from '../dom';
import { bytesText, countText } from '../model/sizes';

export function summarySection(s: ModelStructure): HTMLElement {
  const file = s.modelPath.split(/[\\/]/).pop() ?? s.modelPath;
  const p = s.parameters;
  const most = s.ops[0]?.count ?? 1;
  return el(
    'section',
    { class: 'summary', 'aria-label': 'Summary' },
    el('h1', {}, file),
    el(
      'p',
      { class: 'facts' },
      `opset ${s.opset}, producer ${s.producer ?? 'not recorded'}; `,
      el('span', { class: 'params', title: `${p.values} values in ${p.tensors} tensors, ${p.bytes} bytes in the file` }, `${countText(p.values)} parameters (${bytesText(p.bytes)}) in ${p.tensors} tensors`),
      `; ${s.ops.reduce((a, o) => a + o.count, 0)} nodes, ${s.graph.nodes.length} on the image's path.`,
    ),
    el('div', { class: 'values' }, valueTable('Inputs', s.inputs), valueTable('Outputs', s.outputs)),
    el('h2', {}, 'Ops'),
    el(
      'ul',
      { class: 'histogram', 'aria-label': 'Op histogram: how many nodes of each op type' },
      ...s.ops.map((o) => {
        const bar = el('span', { class: 'hist-bar', 'aria-hidden': 'true' });
        bar.style.width = `${(o.count / most) * 100}%`;
        return el('li', { 'data-op': o.op }, el('span', { class: 'hist-op' }, o.op), el('span', { class: 'hist-track' }, bar), el('span', { class: 'hist-count' }, o.count));
      }),
    ),
  );
}

function valueTable(caption: string, values: readonly ValueSummary[]): HTMLElement {
  return el(
    'table',
    { class: 'value-table' },
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'type'), el('th', {}, 'shape'))),
    el('tbody', {}, ...values.map((v) => el('tr', {}, el('td', {}, el('code', {}, v.name)), el('td', {}, v.type), el('td', {}, `[${v.dims.join(', ')}]`)))),
  );
}
