/**
 * The explanation view: header, display controls, one picture per shown explanation (with its colour bar and
 * method editor), the prediction, the exports and the layer table. Built once per result; display changes
 * (opacity, sign mode, percentile, scale) redraw the pictures in place without rebuilding anything.
 */
import type { ViewUi } from '../src/protocol';
import type { Colormap, DisplaySettings, ExportKind, NeuronExportKind, NeuronRef, ToView, ViewCommand, ViewExplanation, ViewLayer, ViewRequest } from '../src/protocol';
import type { ScalarMap } from '../src/render/colormap';
import { colorbar } from './colorbar';
import { displayControls } from './controls';
import { el, num, secondaryButton } from './dom';
import { dropdown } from './dropdown';
import { notes } from './engineNotes';
import { ExportBar } from './exportBar';
import { metricsSection } from './metricsSection';
import { ImageStage, type StageOptions } from './imageStage';
import { StageSizer } from './stageSizer';
import { SharedViewport } from './sharedViewport';
import { layerTable, type LayerTableState } from './layerTable';
import { methodEditor } from './methodEditor';
import { neuronMap } from './model/neuronMap';
import { colorRanges, effectiveColormap } from './model/scale';
import { formatDuration } from './model/format';
import { mapSentence, mapUnit, scaleGroups, sumMeans } from './model/units';
import { Pictures } from './pictures';
import { prediction } from './prediction';

export type ShowMessage = Extract<ToView, { type: 'show' }>;
export type LayerMapMessage = Extract<ToView, { type: 'layerMap' }>;

export interface ViewActions {
  run(command: ViewCommand): void;
  rerun(requests: ViewRequest[]): void;
  save(what: ExportKind, index: number, display: DisplaySettings): void;
  /** Save the own map of the neuron card `index` draws. */
  saveNeuron(what: NeuronExportKind, index: number, neuron: NeuronRef, display: DisplaySettings): void;
  displayChanged(display: DisplaySettings): void;
  /** Where the user is in the view changed (open layer, table order, neuron map, compared result shown). */
  uiChanged(ui: Omit<ViewUi, 'scrollY'>): void;
  /** Ask the host for a layer's map of explanation `index`; the answer comes back with the same `request`. */
  layerMap(request: number, index: number, layer: string): void;
}

/** Methods side by side at most (the host enforces the same). */
const MAX_COMPARED = 4;

/** Ids of layer-map requests, unique across rebuilt views, so an answer meant for an older one is ignored. */
let layerMapRequests = 0;

export class ExplanationView {
  readonly element: HTMLElement;
  private readonly viewport: SharedViewport;
  /** What each card draws: the explanation's input relevance, or a selected neuron's own map. */
  private readonly maps: ScalarMap[];
  private readonly pictures: Pictures[];
  private readonly stages: ImageStage[];
  private readonly stageSlots: HTMLElement[];
  /** Compare mode: the original (and what the model saw) once, before the cards, on the cards' viewport. */
  private readonly reference: ImageStage | undefined;
  private readonly sizer: StageSizer;
  /** "What the model saw" is shown beside the original (kept when a neuron's map rebuilds the stage). */
  private inputShown = false;
  /** Per card: which neuron's map is shown ("Neuron k of <layer>" and the way back), empty when none. */
  private readonly neuronBars: HTMLElement[];
  /** Layer maps received, by `${index}|${layer}`: selecting another neuron of the layer asks nothing again. */
  private readonly layerMaps = new Map<string, { data: Float32Array; dims: number[] }>();
  private pending: { request: number; index: number; layer: string; neuron: number } | undefined;
  private readonly bars: HTMLElement[];
  private readonly editorSlots: HTMLElement[];
  /** A re-run was asked for and no result has replaced this view yet. */
  private awaiting = false;
  private ranges: { key: string; modes: Colormap[]; values: number[] } | undefined;
  /** The explanation whose table and exports are shown (compare mode picks one). */
  private active: number;
  /** Its table's open layer and order, kept when the table is rebuilt and across a tab switch. */
  private table: LayerTableState | undefined;
  /** The neuron whose own map a card draws (the last one selected). */
  private neuron: ViewUi['neuron'];
  private readonly tableSlot = el('div', { class: 'table-slot' });
  private readonly exports = new ExportBar(
    (what) => this.actions.save(what, this.active, this.exportDisplay()),
    (what, index, neuron) => this.actions.saveNeuron(what, index, neuron, this.exportDisplay()),
  );

  constructor(
    private readonly show: ShowMessage,
    private display: DisplaySettings,
    private readonly actions: ViewActions,
    /** Where the user was in this same result before the page was reloaded (a tab switch), if it was. */
    restored?: ViewUi,
  ) {
    this.active = restored && restored.active < show.explanations.length ? restored.active : 0;
    this.exports.setActive(this.active);
    this.table = restored?.table as LayerTableState | undefined;
    const { explanations } = show;
    const first = explanations[0];
    const compared = explanations.length > 1;
    this.maps = explanations.map((e) => e.heatmap);
    this.pictures = explanations.map((e) => new Pictures(e));
    // One picture per card, and the original once more: beside the map in one card, before the cards in a comparison.
    this.sizer = new StageSizer(this.pictures[0].base, compared ? explanations.length + 1 : 2, compared);
    this.viewport = new SharedViewport(this.pictures[0].base, this.sizer.initialBox());
    this.stages = explanations.map((e, i) => this.stageFor(i, e.heatmap, `${e.methodLabel} of ${e.imageName} for class ${e.label}`));
    this.reference = compared ? this.referenceStage(first) : undefined;
    this.stageSlots = this.stages.map((stage) => el('div', { class: 'stage-slot' }, stage.element));
    this.neuronBars = explanations.map(() => el('div', { class: 'neuron-map', 'aria-live': 'polite' }));
    this.bars = explanations.map(() => el('div', { class: 'colorbar-slot' }));
    this.editorSlots = explanations.map((_, i) => el('div', { class: 'editor-slot' }, this.editor(i)));

    this.element = el(
      'div',
      { class: compared ? 'explanations compared' : 'explanations' },
      this.header(first),
      displayControls(display, scaleGroups(explanations.map((e) => e.method)).map((g) => ({ unit: g.unit.label, methods: g.members.map((i) => explanations[i].methodLabel) })), (change) => this.setDisplay(change), explanations.some((e) => e.segmentation)),
      el(
        'div',
        { class: 'overview' },
        el('div', { class: 'maps' }, this.reference && el('section', { class: 'reference-card', 'aria-label': 'The image' }, el('h2', {}, first.imageName), this.reference.element), ...explanations.map((e, i) => this.card(e, i))),
        prediction(first, (target) => this.rerun(this.requests().map((r) => ({ ...r, target })))),
      ),
      compared && explanations.length < MAX_COMPARED ? this.addMethod() : undefined,
      compared ? this.activePicker() : undefined,
      this.exports.element,
      metricsSection(explanations, (next) => this.rerun(next)),
      this.tableSlot,
      notes(explanations),
    );
    this.showTable();
    this.redraw();
    this.sizer.follow(this.element, (box) => {
      this.viewport.resize(box);
      for (const stage of this.allStages()) stage.setBox(box.width, box.height);
    });
    const n = restored?.neuron;
    const layer = n && n.index === this.active ? show.explanations[n.index].layers.find((l) => l.name === n.layer) : undefined;
    if (n && layer) this.selectNeuron(layer, n.channel);
  }

  /** Card `i`'s stage for `map`; a single explanation's also carries the original beside the map. */
  private stageFor(i: number, map: ScalarMap, label: string): ImageStage {
    const e = this.show.explanations[i];
    const single = this.show.explanations.length === 1;
    return new ImageStage({
      pictures: this.pictures[i],
      viewport: this.viewport,
      map,
      label,
      ...(single ? { reference: this.referenceOptions(e) } : {}),
    });
  }

  private referenceStage(e: ViewExplanation): ImageStage {
    return new ImageStage({ pictures: this.pictures[0], viewport: this.viewport, reference: this.referenceOptions(e), label: `${e.imageName}, as the model's input was cut from it` });
  }

  private referenceOptions(e: ViewExplanation): NonNullable<StageOptions['reference']> {
    return { transparencyFlattened: !!e.transparencyFlattened, inputShown: this.inputShown, onInputShown: (shown) => (this.inputShown = shown) };
  }

  private allStages(): ImageStage[] {
    return this.reference ? [this.reference, ...this.stages] : this.stages;
  }

  /** What uiChanged reports: the result shown in the table, its table, the neuron whose map is drawn. */
  private reportUi(): void {
    this.actions.uiChanged({ active: this.active, ...(this.table ? { table: this.table } : {}), ...(this.neuron ? { neuron: this.neuron } : {}) });
  }

  /** Another `explain.colormap` setting: it becomes the sign mode. */
  setColormap(colormap: Colormap): void {
    this.setDisplay({ colormap });
  }

  setDisplay(change: Partial<DisplaySettings>): void {
    this.display = { ...this.display, ...change };
    this.redraw();
    this.actions.displayChanged(this.display);
  }

  private requests(): ViewRequest[] {
    return this.show.explanations.map((e) => e.request);
  }

  private redraw(): void {
    const d = this.display;
    const key = `${d.colormap}|${d.percentile}|${d.sharedScale}`;
    if (this.ranges?.key !== key) {
      // The percentile sorts every pixel: computed when these settings change, not on every opacity step.
      const modes = this.maps.map((m) => effectiveColormap(m, d.colormap));
      this.ranges = { key, modes, values: colorRanges(this.maps, modes, d.percentile, this.shareKeys(d.sharedScale)) };
      this.bars.forEach((slot, i) => {
        const e = this.show.explanations[i];
        // A neuron's own map is in its layer's quantity; the input relevance in the method's unit.
        const own = this.maps[i] === e.heatmap;
        const bar = colorbar(modes[i], this.ranges!.values[i], own ? mapUnit(e.method).label : undefined);
        if (own) slot.replaceChildren(bar, el('p', { class: 'map-sentence' }, mapSentence(e.method, e.label, modes[i])));
        else slot.replaceChildren(bar);
      });
    }
    const { modes, values } = this.ranges;
    this.stages.forEach((stage, i) => stage.draw(this.pictures[i].pixels(d, modes[i], values[i]), d.picture));
  }

  /**
   * Which maps share a scale: with the box ticked, those of one unit (model/units.ts); a neuron's own map is in
   * its layer's quantity, not the input relevance's, so it keeps its own.
   */
  private shareKeys(shared: boolean): (string | undefined)[] {
    return this.show.explanations.map((e, i) => (shared && this.maps[i] === e.heatmap ? mapUnit(e.method).key : undefined));
  }

  /** Exports are drawn as shown: with the sign mode the active map is actually drawn in. */
  private exportDisplay(): DisplaySettings {
    return { ...this.display, colormap: this.ranges?.modes[this.active] ?? this.display.colormap };
  }

  private header(e: ViewExplanation): HTMLElement {
    const button = (label: string, command: ViewCommand, secondary = true): HTMLElement => {
      const b = el('vscode-button', { 'data-command': command, ...(secondary ? { appearance: 'secondary' } : {}) }, label);
      b.addEventListener('click', () => this.actions.run(command));
      return b;
    };
    const model = el('p', { class: 'model' }, 'Model: ', el('strong', {}, e.model.name));
    if (e.model.location && !e.model.isDefault) model.append(` (${e.model.location})`);
    if (e.model.isDefault) {
      model.append(` (bundled default${e.model.note ? `: ${e.model.note}` : ''}) `);
      model.append(button('Select Model...', 'explain.selectModel', false));
    }
    // Where each preprocessing field and the labels came from (metadata beside the model, a preset, the input shape).
    const origins = Object.entries(e.sources ?? {});
    const sources = el(
      'details',
      { class: 'sources' },
      el('summary', {}, 'Where the preprocessing and labels came from'),
      el('ul', {}, ...origins.map(([field, from]) => el('li', {}, el('code', {}, field), `: ${from}`))),
    );
    return el(
      'header',
      {},
      el('h1', {}, e.imageName),
      model,
      ...(origins.length ? [sources] : []),
      el('div', { class: 'actions' }, button('Choose Target Class...', 'explain.chooseTarget'), button('Settings', 'explain.openSettings'), button('Output', 'explain.showOutput')),
    );
  }

  /**
   * Card `i`'s method editor, showing the parameters of the result on screen. Built anew when a re-run ends
   * without a new result (cancelled, failed): the fields then still held what was asked for, not what is shown.
   */
  private editor(i: number): HTMLElement {
    const e = this.show.explanations[i];
    const requests = this.requests();
    return methodEditor({
      request: e.request,
      ran: e.params,
      methods: this.show.methods,
      fields: this.show.paramFields,
      rerun: (changed) => this.rerun(requests.map((r, j) => (j === i ? changed : r))),
      remove: requests.length > 1 ? () => this.rerun(requests.filter((_, j) => j !== i)) : undefined,
    });
  }

  private rerun(requests: ViewRequest[]): void {
    this.awaiting = true;
    this.actions.rerun(requests);
  }

  /** The host is idle again; if no new result came for a re-run of this view, its editors go back to what is shown. */
  settled(): void {
    if (!this.awaiting) return;
    this.awaiting = false;
    this.editorSlots.forEach((slot, i) => slot.replaceChildren(this.editor(i)));
  }

  private card(e: ViewExplanation, i: number): HTMLElement {
    const t = e.timings;
    return el(
      'section',
      // The sum in full, so a test can tell two results apart (or the same result again).
      { class: 'card', 'data-method': e.method, 'data-relevance-sum': String(e.relevanceSum), 'aria-label': e.methodLabel },
      el('h2', {}, e.methodLabel, ' for ', el('span', { class: 'label' }, `${e.target}: ${e.label}`)),
      this.neuronBars[i],
      this.stageSlots[i],
      this.bars[i],
      this.editorSlots[i],
      el(
        'p',
        { class: 'timing' },
        `${sumMeans(e.method) ? `Relevance sum ${num(e.relevanceSum)}. ` : ''}${formatDuration(t.runMs)} run, ${t.cached ? 'compiled graph cached' : `${formatDuration(t.compileMs)} compile`}.`,
      ),
    );
  }

  /** Compare: add another method (the first one not shown yet) next to the others. */
  private addMethod(): HTMLElement {
    const shown = new Set(this.show.explanations.map((e) => e.method));
    const picker = dropdown(
      { 'aria-label': 'Add a method to the comparison' },
      [{ value: '', label: 'Add a method...' }, ...this.show.methods.filter((m) => !shown.has(m.name)).map((m) => ({ value: m.name, label: m.label }))],
      '',
    );
    picker.addEventListener('change', () => {
      const method = this.show.methods.find((m) => m.name === picker.value);
      const base = this.requests()[0];
      if (method) this.rerun([...this.requests(), { imagePath: base.imagePath, target: base.target, method: method.name }]);
    });
    return el('div', { class: 'add-method' }, picker);
  }

  private activePicker(): HTMLElement {
    const picker = dropdown(
      { 'aria-label': 'Table and exports for' },
      this.show.explanations.map((e, i) => ({ value: String(i), label: e.methodLabel })),
      String(this.active),
    );
    picker.addEventListener('change', () => {
      this.active = Number(picker.value) || 0;
      this.exports.setActive(this.active);
      this.table = undefined;
      this.showTable();
      this.reportUi();
    });
    return el('label', { class: 'control' }, 'Table and exports for ', picker);
  }

  /** The model inspector asked for a layer: its row opens in the table (the filter cleared so it shows), in view. */
  openLayer(name: string): void {
    if (!this.show.explanations[this.active].layers.some((l) => l.name === name)) return;
    this.table = { open: name, query: { ...(this.table?.query ?? { descending: false }), filter: '' } };
    this.showTable(true);
    this.reportUi();
  }

  private showTable(reveal = false): void {
    this.tableSlot.replaceChildren(
      layerTable(this.show.explanations[this.active], {
        onNeuron: (layer, neuron) => this.selectNeuron(layer, neuron),
        initial: this.table,
        reveal,
        onChange: (state) => {
          this.table = state;
          this.reportUi();
        },
      }),
    );
  }

  /** A neuron selected in the table: its map over the image of the table's explanation, asked for once per layer. */
  private selectNeuron(layer: ViewLayer, neuron: number): void {
    const index = this.active;
    if (this.layerMaps.has(`${index}|${layer.name}`)) {
      this.pending = undefined;
      this.showMap(index, { layer: layer.name, neuron });
      return;
    }
    this.pending = { request: ++layerMapRequests, index, layer: layer.name, neuron };
    this.actions.layerMap(this.pending.request, index, layer.name);
  }

  /** The host's answer to a layer-map request; only the latest request's is drawn (the user may have moved on). */
  receiveLayerMap(message: LayerMapMessage): void {
    const p = this.pending;
    if (!p || p.request !== message.request || p.index !== message.index || p.layer !== message.layer) return;
    this.pending = undefined;
    this.layerMaps.set(`${p.index}|${p.layer}`, { data: message.data, dims: message.dims });
    this.showMap(p.index, { layer: p.layer, neuron: p.neuron });
  }

  /** Card `i` draws a neuron's own map, or (no neuron) the input relevance again. */
  private showMap(i: number, neuron: { layer: string; neuron: number } | undefined): void {
    const e = this.show.explanations[i];
    const { width, height } = e.display;
    const map = neuron ? neuronMap(this.layerMaps.get(`${i}|${neuron.layer}`)!, neuron.neuron, width, height) : e.heatmap;
    const label = neuron ? `Neuron ${neuron.neuron} of ${neuron.layer}` : undefined;
    this.maps[i] = map;
    // The pictures and the stage's pixel readout depend on the map: both are made anew, the viewport is kept.
    this.pictures[i] = new Pictures({ ...e, heatmap: map });
    this.stages[i].dispose();
    this.stages[i] = this.stageFor(i, map, label ? `${label}: its own relevance over ${e.imageName}` : `${e.methodLabel} of ${e.imageName} for class ${e.label}`);
    this.stageSlots[i].replaceChildren(this.stages[i].element);
    if (label) {
      const back = secondaryButton('Back to input relevance', { class: 'neuron-back' }, () => this.showMap(i, undefined));
      this.neuronBars[i].replaceChildren(el('span', { class: 'neuron-label' }, label), ' ', back);
    } else this.neuronBars[i].replaceChildren();
    this.exports.setNeuron(i, neuron && { layer: neuron.layer, channel: neuron.neuron });
    this.neuron = neuron ? { index: i, layer: neuron.layer, channel: neuron.neuron } : this.neuron?.index === i ? undefined : this.neuron;
    this.reportUi();
    this.ranges = undefined;
    this.redraw();
  }
}
