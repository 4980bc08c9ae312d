/**
 * A layer's neurons as a virtualized grid: only the rows in view (plus a few) are in the DOM, so a layer of
 * 10,000 neurons scrolls as smoothly as one of 10. Sortable by column, searchable, and navigable by keyboard
 * (arrows, Page Up/Down, Home/End) with the active row announced through aria-activedescendant; a click or
 * Enter selects a neuron (its own map is then drawn over the image).
 */
import { neuronShare } from '../src/report/layerTable';
import type { ViewLayer } from '../src/protocol';
import { el, num } from './dom';
import { moveActive, neuronOrder, revealRow, virtualWindow, type NeuronQuery, type NeuronSortKey } from './model/neuronTable';
import type { ValueElement } from './toolkit';

export const ROW_HEIGHT = 22;
const VIEWPORT_ROWS = 14;
const COLUMNS: { key: NeuronSortKey; label: string }[] = [
  { key: 'index', label: 'Neuron' },
  { key: 'relevance', label: 'Relevance' },
  { key: 'share', label: 'Share of layer' },
  { key: 'activation', label: 'Activation' },
];

let gridCount = 0;

export class NeuronGrid {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly body: HTMLElement;
  private readonly count: HTMLElement;
  private readonly headers: HTMLElement[];
  private readonly id = `grid${++gridCount}`;
  private query: NeuronQuery = { sort: 'relevance', descending: true, search: '' };
  private order: Int32Array = new Int32Array();
  private active = 0;
  private frame = 0;

  constructor(
    private readonly layer: ViewLayer,
    private readonly relevance: Float32Array,
    private readonly activation: Float32Array,
    /** A neuron was selected (click or Enter): absent for layers whose neurons have no map to show. */
    private readonly onSelect?: (neuron: number) => void,
  ) {
    const search = el('vscode-text-field', { placeholder: 'index, 10-20, >0.01', 'aria-label': `Search neurons of ${layer.name}: an index, a range like 10-20, or a comparison like >0.01` }) as ValueElement;
    search.addEventListener('input', () => this.update({ search: search.value }));
    this.count = el('span', { class: 'neuron-count', 'aria-live': 'polite' });
    this.headers = COLUMNS.map((c) => {
      const h = el('div', { role: 'columnheader', class: 'cell' }, el('button', { type: 'button', class: 'sort' }, c.label));
      h.firstElementChild?.addEventListener('click', () =>
        this.update(this.query.sort === c.key ? { descending: !this.query.descending } : { sort: c.key, descending: c.key !== 'index' }),
      );
      return h;
    });
    this.body = el('div', { role: 'rowgroup', class: 'neuron-rows' });
    this.scroller = el(
      'div',
      { class: 'neuron-scroll', tabindex: '0', role: 'grid', 'aria-label': `Neurons of ${layer.name}`, 'aria-colcount': String(COLUMNS.length) },
      el('div', { role: 'rowgroup', class: 'neuron-head' }, el('div', { role: 'row', class: 'neuron-row', 'aria-rowindex': '1' }, ...this.headers)),
      this.body,
    );
    this.scroller.style.height = `${ROW_HEIGHT * (VIEWPORT_ROWS + 1)}px`;
    this.scroller.addEventListener('scroll', () => this.schedule());
    this.scroller.addEventListener('keydown', (e) => this.key(e));
    this.element = el('div', { class: 'neurons' }, el('div', { class: 'neuron-tools' }, search, this.count), this.scroller);
    this.update({});
  }

  /** Rows currently in the DOM (for tests and the benchmark). */
  get renderedRows(): number {
    return this.body.querySelectorAll('[role=row]').length;
  }

  private update(change: Partial<NeuronQuery>): void {
    this.query = { ...this.query, ...change };
    this.order = neuronOrder({ relevance: this.relevance, activation: this.activation }, this.query);
    this.active = 0;
    this.count.textContent = `${this.order.length} of ${this.layer.neuronCount} neurons`;
    this.headers.forEach((h, i) => {
      const sorted = COLUMNS[i].key === this.query.sort || (COLUMNS[i].key === 'share' && this.query.sort === 'relevance');
      h.setAttribute('aria-sort', sorted ? (this.query.descending ? 'descending' : 'ascending') : 'none');
    });
    this.scroller.setAttribute('aria-rowcount', String(this.order.length + 1));
    this.scroller.scrollTop = 0;
    this.render();
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** The rows' part of the scroller (below the sticky header); its set height before it is in the document. */
  private viewportHeight(): number {
    const h = this.scroller.clientHeight;
    return h > ROW_HEIGHT ? h - ROW_HEIGHT : ROW_HEIGHT * VIEWPORT_ROWS;
  }

  private render(): void {
    const w = virtualWindow(this.scroller.scrollTop, this.viewportHeight(), ROW_HEIGHT, this.order.length);
    const rows: HTMLElement[] = [];
    for (let r = w.start; r < w.end; r++) rows.push(this.row(r));
    this.body.style.paddingTop = `${w.padTop}px`;
    this.body.style.paddingBottom = `${w.padBottom}px`;
    this.body.replaceChildren(...rows);
    if (this.order.length > 0) this.scroller.setAttribute('aria-activedescendant', `${this.id}-${this.active}`);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private row(r: number): HTMLElement {
    const n = this.order[r];
    const rel = this.relevance[n];
    const share = neuronShare(rel, this.layer);
    const cells = [String(n), num(rel), `${(share * 100).toFixed(2)}%`, num(this.activation[n])];
    const row = el(
      'div',
      { role: 'row', class: r === this.active ? 'neuron-row active' : 'neuron-row', id: `${this.id}-${r}`, 'aria-rowindex': String(r + 2), 'aria-selected': String(r === this.active) },
      ...cells.map((text) => el('div', { role: 'gridcell', class: 'cell' }, text)),
    );
    row.addEventListener('click', () => {
      this.active = r;
      this.render();
      this.onSelect?.(n);
    });
    return row;
  }

  private key(e: KeyboardEvent): void {
    if (e.key === 'Enter' && this.onSelect && this.order.length > 0) {
      e.preventDefault();
      this.onSelect(this.order[this.active]);
      return;
    }
    const next = moveActive(this.active, e.key, VIEWPORT_ROWS, this.order.length);
    if (next === undefined) return;
    e.preventDefault();
    this.active = next;
    this.scroller.scrollTop = revealRow(next, this.scroller.scrollTop, this.viewportHeight(), ROW_HEIGHT);
    this.render();
  }
}
