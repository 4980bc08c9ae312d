/** Builds the panel from the host's `show` message: header, overlay, top-5, per-layer table, notes. */
import type { Colormap, ViewCommand, ViewExplanation } from '../src/protocol';
import { el, num } from './dom';
import { heatmapPixels, imagePixels, overlayPixels } from './heatmap';

export type RunCommand = (command: ViewCommand) => void;

export function renderExplanations(explanations: ViewExplanation[], colormap: Colormap, run: RunCommand): HTMLElement {
  const first = explanations[0];
  const root = el('div', { class: 'explanations' }, header(first, run));
  if (explanations.length === 1) root.append(single(first, colormap));
  else root.append(el('div', { class: 'compare' }, ...explanations.map((e) => compareCard(e, colormap))));
  return root;
}

function header(e: ViewExplanation, run: RunCommand): HTMLElement {
  const button = (label: string, command: ViewCommand): HTMLButtonElement => {
    const b = el('button', { type: 'button', 'data-command': command }, label);
    b.addEventListener('click', () => run(command));
    return b;
  };
  const model = el('p', { class: 'model' }, 'Model: ', el('strong', {}, e.model.name));
  if (e.model.isDefault) {
    model.append(' (the bundled default: no model is configured', e.model.note ? `; ${e.model.note}` : '', ') ');
    model.append(button('Select Model...', 'explain.selectModel'));
  }
  return el(
    'header',
    {},
    el('h1', {}, e.imageName),
    model,
    el(
      'div',
      { class: 'actions' },
      button('Switch Method...', 'explain.switchMethod'),
      button('Choose Target Class...', 'explain.chooseTarget'),
      button('Settings', 'explain.openSettings'),
    ),
  );
}

function single(e: ViewExplanation, colormap: Colormap): HTMLElement {
  const heat = heatmapPixels(e, colormap);
  return el(
    'section',
    { class: 'single', 'data-method': e.method },
    el('h2', {}, e.methodLabel, ' for ', el('span', { class: 'label' }, `${e.target}: ${e.label}`)),
    el(
      'div',
      { class: 'images' },
      figure('Input', canvas(e.display.width, e.display.height, imagePixels(e))),
      figure(`${e.methodLabel} (${colormap})`, canvas(e.heatmap.width, e.heatmap.height, heat)),
      figure('Overlay', canvas(e.heatmap.width, e.heatmap.height, overlayPixels(e, heat))),
    ),
    facts(e),
    el('p', { class: 'explained' }, e.explained),
    topTable(e),
    layerTable(e),
    notes(e),
  );
}

function compareCard(e: ViewExplanation, colormap: Colormap): HTMLElement {
  return el(
    'section',
    { class: 'card', 'data-method': e.method },
    figure(e.methodLabel, canvas(e.heatmap.width, e.heatmap.height, heatmapPixels(e, colormap))),
    el('p', {}, 'Relevance sum ', el('span', { class: 'relevance-sum' }, num(e.relevanceSum))),
  );
}

function facts(e: ViewExplanation): HTMLElement {
  const rows: [string, string][] = [
    ['Explained score', num(e.score)],
    ['Relevance sum', num(e.relevanceSum)],
  ];
  if (e.completenessError !== undefined) rows.push(['Completeness error', num(e.completenessError)]);
  rows.push([
    'Time',
    `${num(e.timings.runMs, 3)} ms run, ${e.timings.cached ? 'compiled graph cached' : `${num(e.timings.compileMs, 3)} ms compile`}, forward ${num(e.timings.forwardMs, 3)} ms`,
  ]);
  return el(
    'dl',
    { class: 'facts' },
    ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { class: k === 'Relevance sum' ? 'relevance-sum' : '' }, v)]),
  );
}

function topTable(e: ViewExplanation): HTMLElement {
  return el(
    'table',
    { class: 'top' },
    el('caption', {}, 'Top predictions'),
    el('thead', {}, el('tr', {}, el('th', {}, 'Class'), el('th', {}, 'Label'), el('th', {}, 'Score'), el('th', {}, 'Probability'))),
    el(
      'tbody',
      {},
      ...e.top.map((c) =>
        el(
          'tr',
          c.index === e.target ? { class: 'target' } : {},
          el('td', {}, c.index),
          el('td', {}, c.label),
          el('td', {}, num(c.score)),
          el('td', {}, num(c.probability, 3)),
        ),
      ),
    ),
  );
}

function layerTable(e: ViewExplanation): HTMLElement {
  const quantity = { relevance: 'Relevance', gradient: 'Gradient', 'gradient-x-activation': 'Gradient × activation' }[e.layerQuantity];
  return el(
    'table',
    { class: 'layers' },
    el('caption', {}, `Per layer (${quantity.toLowerCase()} sum)`),
    el('thead', {}, el('tr', {}, el('th', {}, 'Layer'), el('th', {}, 'Op'), el('th', {}, 'Shape'), el('th', {}, `${quantity} sum`))),
    el(
      'tbody',
      {},
      ...e.layers.map((l) =>
        el('tr', {}, el('td', {}, l.name), el('td', {}, l.op), el('td', {}, `[${l.shape.join(', ')}]`), el('td', {}, num(l.sum))),
      ),
    ),
  );
}

function notes(e: ViewExplanation): HTMLElement | undefined {
  if (e.notes.length === 0) return undefined;
  return el('ul', { class: 'notes' }, ...e.notes.map((n) => el('li', {}, n)));
}

function figure(caption: string, c: HTMLCanvasElement): HTMLElement {
  return el('figure', {}, c, el('figcaption', {}, caption));
}

function canvas(width: number, height: number, pixels: Uint8ClampedArray<ArrayBuffer>): HTMLCanvasElement {
  const c = el('canvas', { width: String(width), height: String(height) });
  // Small inputs (MNIST is 28x28) are drawn at their resolution and scaled up by CSS without smoothing.
  if (width < 128) c.classList.add('pixelated');
  c.getContext('2d')?.putImageData(new ImageData(pixels, width, height), 0, 0);
  return c;
}
