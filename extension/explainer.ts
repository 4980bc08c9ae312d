/**
 * Explains images and puts the results in panels: picks the model, runs the engine through the Runner,
 * converts results for the view. Commands and the panel serializer all come through here. Each panel (one tab
 * per image when several are explained at once) keeps what it shows in a Shown; commands act on the last
 * active one. A shown explanation re-runs by itself when its image, model or `.explain.json` changes on disk.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ErrorCode } from '../src/errors';
import type { ClassScore, ExplainRequest, ExplainResult, ModelSource } from '../src/protocol';
import type { EngineHost } from './engineHost';
import { ContextKeys, EXTENSION_ID } from './ids';
import { METHODS, methodLabel } from './methods';
import { FileWatch, fingerprints } from './fileWatch';
import { chooseModel, modelLocation, type ChosenModel } from './modelSource';
import { sidecarPath } from '../src/config/modelConfig';
import { nameSetting } from './settingErrors';
import { readsParam } from '../src/methods/params';
import { ExplanationPanel, type ExportRequest, type LayerMapRequest, type NeuronExportRequest, type RenderedInfo, type ViewCatalog } from './panel/ExplanationPanel';
import { neuronExportKind, validNeuron } from './panel/exportFiles';
import { announceSaved, exportNeuronMap, exportResult, SaveDismissed } from './panel/exporter';
import type { PanelState } from './panel/panelState';
import { fieldsFor, paramFields } from './panel/paramFields';
import { rerunRequests, validRequests } from './panel/requests';
import { toViewExplanation } from './panel/viewModel';
import type { Log } from './log';
import { explainedOutcome, type ExplainedOutcome } from './outcome';
import type { Runner } from './runner';
import * as settings from './settings';
import { describeTimeline } from './timeline';
import type { Timeline, ViewCommand, ViewRequest } from '../src/protocol';

/** What explain commands return: for scripting and for the extension-host tests. */
export type ExplainOutcome =
  | ExplainedOutcome
  | { status: 'cancelled' }
  | { status: 'failed'; code: ErrorCode; message: string; actions: string[] };

/** One panel and what it shows. */
class Shown implements vscode.Disposable {
  top: ClassScore[] = [];
  /** The results the panel shows, in its order: exports are made from them. */
  results: ExplainResult[] = [];
  /** The layer maps sent to the view for the shown results, by `${index}|${layer}`: neuron maps are saved from them. */
  readonly layerMaps = new Map<string, NonNullable<ExplainResult['layerMap']>>();
  /** Counts explain() calls into this panel, so a run superseded by a newer one leaves its status alone. */
  latest = 0;
  watch: FileWatch | undefined;
  /** The .onnx file the shown results explain (a model inspector of it marks its graph with their layers). */
  modelPath: string | undefined;

  constructor(readonly panel: ExplanationPanel) {}

  dispose(): void {
    this.watch?.dispose();
    this.watch = undefined;
  }
}

export interface ExplainOptions {
  /** Into a new tab instead of the active panel (several images explained at once). */
  newTab?: boolean;
  /** Into this panel (a re-run of what it shows). */
  into?: Shown;
  /** Warnings about the settings, shown with the outcome. */
  warnings?: string[];
}

export class Explainer implements vscode.Disposable {
  private readonly views: Shown[] = [];
  /** The panel commands act on: the one last focused or created. */
  private active: Shown | undefined;
  private catalog: ViewCatalog | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedInfo>();
  /** Fires when a webview has drawn a result (tests wait on it). */
  readonly onDidRender = this.rendered.event;
  private readonly reran = new vscode.EventEmitter<{ requests: ViewRequest[]; changed: string; outcome: ExplainOutcome }>();
  /** Fires when a shown explanation re-ran because a file it was computed from changed (tests wait on it). */
  readonly onDidRerunForChange = this.reran.event;
  private readonly explained = new vscode.EventEmitter<ModelResult>();
  /** Fires when a panel shows new results: the model inspectors of that model mark their graphs with them. */
  readonly onDidExplainModel = this.explained.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engineHost: EngineHost,
    private readonly runner: Runner,
    private readonly log: Log,
    private readonly runViewCommand: (command: ViewCommand) => void,
    /** Where the panel keeps its state for a restore after a reload (see panelState.ts). */
    private readonly saved?: PanelState,
  ) {}

  /** The requests behind the active panel's content; empty when nothing is shown. */
  get requests(): ViewRequest[] {
    return this.active?.panel.requests ?? [];
  }

  /** The requests behind every open panel's content, in the order the panels were opened. */
  get allRequests(): ViewRequest[][] {
    return this.views.map((v) => v.panel.requests);
  }

  /** The top predictions of the active panel's image, for the target picker. */
  lastTop(): ClassScore[] {
    return this.active?.top ?? [];
  }

  /**
   * Explains several images, each in a tab of its own (the first in the active panel), one after the other:
   * the runner runs one job at a time. The outcome has every result; the first failure stops the rest.
   */
  async explainEach(requests: ViewRequest[], warnings: string[] = []): Promise<ExplainOutcome> {
    const results: ExplainResult[] = [];
    for (const [i, request] of requests.entries()) {
      const outcome = await this.explain([request], { newTab: i > 0, warnings: i === 0 ? warnings : [] });
      if (outcome.status !== 'ok') return outcome;
      results.push(...outcome.results);
    }
    return explainedOutcome(results, warnings);
  }

  async explain(requests: ViewRequest[], options: ExplainOptions = {}): Promise<ExplainOutcome> {
    const model = chooseModel(this.extensionUri);
    const modelInfo = { name: path.basename(model.file), isDefault: model.isDefault, note: model.note, location: modelLocation(this.extensionUri, model.file) };
    const imageName = path.basename(requests[0].imagePath);
    const what = requests.length > 1 ? `${requests.length} methods` : methodLabel(requests[0].method);
    const requested = Date.now();
    const timeline: Timeline = { invoked: requested };
    const read = fingerprints(inputFiles(requests, model));
    const view = options.into ?? (options.newTab ? this.open() : this.ensurePanel());
    const run = ++view.latest;
    const panel = view.panel;
    const warnings = options.warnings ?? [];
    for (const w of warnings) {
      this.log.info(`Warning: ${w}`);
      void vscode.window.showWarningMessage(`Explain: ${w}`);
    }
    panel.status(true, `Explaining ${imageName} with ${what}...`);

    const outcome = await this.runner.run(`Explaining ${imageName}`, async (signal, onProgress) => {
      const results: ExplainResult[] = [];
      timeline.engineSent = Date.now();
      for (const [i, request] of requests.entries()) {
        const result = await this.engineHost.engine
          .explain(engineRequest(model.source, request), {
            signal,
            onProgress: (f, message) => {
              const fraction = (i + f) / requests.length;
              onProgress(fraction, message);
              panel.progress(fraction, requests.length > 1 ? `${message} (method ${i + 1} of ${requests.length})` : message);
            },
            onTrace: ({ received, done }) => {
              timeline.workerReceived ??= received;
              timeline.workerDone = done;
            },
          })
          .catch((err: unknown) => Promise.reject(nameSetting(err, request)));
        results.push(result);
      }
      timeline.engineDone = Date.now();
      // Converted inside the job so a malformed result is reported like any engine failure.
      return { results, views: results.map((r, i) => toViewExplanation(requests[i], r, modelInfo)) };
    });

    switch (outcome.status) {
      case 'ok': {
        panel.show(outcome.value.views, settings.colormap(), this.viewCatalog(outcome.value.results), timeline);
        view.results = outcome.value.results;
        view.modelPath = explainedOnnx(model);
        view.layerMaps.clear();
        const shown = modelResult(view);
        if (shown) this.explained.fire(shown);
        this.watchInputs(view, model, read);
        const drawn = panel.onDidRender(({ renderMs, transferMs, timeline: marks }) => {
          drawn.dispose();
          this.log.info(
            `${imageName}: shown ${Date.now() - requested} ms after the request (to the webview ${transferMs.toFixed(0)} ms, drawing ${renderMs.toFixed(0)} ms; ${marks ? describeTimeline(marks) : 'no timeline'})`,
          );
        });
        view.top = outcome.value.results[0]?.top.slice(0, 5) ?? [];
        void vscode.commands.executeCommand('setContext', ContextKeys.hasResult, true);
        return explainedOutcome(outcome.value.results, warnings);
      }
      case 'cancelled':
        if (run === view.latest) panel.status(false, 'Cancelled.');
        return { status: 'cancelled' };
      case 'failed': {
        const { code, message, actions } = outcome.failure;
        if (run === view.latest) panel.status(false, message, true, modelInfo);
        return { status: 'failed', code, message, actions: actions.map((a) => a.title) };
      }
    }
  }

  /** Explains what the panel shows again with a change (another method or target); undefined if nothing is shown. */
  async rerun(change: Partial<ViewRequest>): Promise<ExplainOutcome | undefined> {
    if (this.requests.length === 0) return undefined;
    const changed = this.requests.map((r) => ({ ...r, ...change }));
    const unique = changed.filter((r, i) => changed.findIndex((o) => o.method === r.method) === i);
    return this.explain(unique);
  }

  /**
   * A neuron was selected in the view: explains shown result `index` again with its layer's map (a graph
   * variant per layer, compiled on its first request and cached within the engine's budget like the others)
   * and sends the map to the view. The layer name comes from the view, so it must be one of that result's layers.
   */
  async layerMap(view: Shown, { request: id, index, layer }: LayerMapRequest): Promise<boolean> {
    const result = view.results[index];
    const request = view.panel.requests[index];
    const panel = view.panel;
    if (!result || !request || !result.layers.some((l) => l.name === layer)) {
      this.log.info('The view asked for the map of a layer it does not show; ignored.');
      return false;
    }
    const model = chooseModel(this.extensionUri);
    // A newer explanation started meanwhile owns the status line; this one leaves it alone then.
    const run = view.latest;
    panel.status(true, `Mapping the neurons of ${layer}...`);
    const outcome = await this.runner.run(`Mapping ${layer}`, (signal, onProgress) =>
      // The shown result's target, not the request's (absent means top-1): the map is of what is shown.
      this.engineHost.engine.explain({ ...engineRequest(model.source, request), target: result.target, layerMap: layer }, { signal, onProgress }),
    );
    if (outcome.status === 'ok' && outcome.value.layerMap) {
      const map = outcome.value.layerMap;
      if (view.results[index] === result) view.layerMaps.set(`${index}|${layer}`, map);
      panel.layerMap({ request: id, index, layer, data: map.data.slice(), dims: map.dims });
      if (run === view.latest) panel.status(false);
      return true;
    }
    if (run === view.latest) panel.status(false, outcome.status === 'failed' ? outcome.failure.message : 'Cancelled.', outcome.status === 'failed');
    return false;
  }

  /** Saves one of the shown results into the workspace; the path, or undefined when there is nothing to save. */
  async exportShown(view: Shown, { what, index, display }: ExportRequest): Promise<string | undefined> {
    const result = view.results[index];
    const request = view.panel.requests[index];
    if (!result || !request) return undefined;
    return this.saveFile(view, `the ${what} export`, () => exportResult(result, request.imagePath, what, display));
  }

  /** Saves the own map of a neuron the view draws, from the layer map it was sent; the path, or undefined. */
  async exportNeuron(view: Shown, { what, index, neuron, display }: NeuronExportRequest): Promise<string | undefined> {
    const result = view.results[index];
    const request = view.panel.requests[index];
    const kind = neuronExportKind(what);
    const checked = result && validNeuron(result, neuron);
    const map = checked && view.layerMaps.get(`${index}|${checked.layer}`);
    if (!request || !kind || !checked || !map) {
      this.log.info('The view asked to save a neuron map it was not sent; ignored.');
      return undefined;
    }
    return this.saveFile(view, `neuron ${checked.channel} of ${checked.layer}`, () => exportNeuronMap(result, request.imagePath, map, checked, kind, display));
  }

  private async saveFile(view: Shown, what: string, write: () => Promise<string>): Promise<string | undefined> {
    try {
      const file = await write();
      this.log.info(`Saved ${file}`);
      view.panel.status(false);
      void announceSaved(file);
      return file;
    } catch (err) {
      if (err instanceof SaveDismissed) return undefined;
      const message = `Could not save ${what}: ${err instanceof Error ? err.message : String(err)}`;
      this.log.info(message);
      view.panel.status(false, message, true);
      return undefined;
    }
  }

  /**
   * Takes over a panel VS Code restored after a reload, and explains again what it showed. Only the first
   * restored panel keeps the host's saved state (there is one copy, of the panel opened first).
   */
  adopt(webviewPanel: vscode.WebviewPanel, state: unknown): void {
    // The webview's state and the host's copy are untrusted input: only well-formed requests are re-run.
    const first = this.views.length === 0;
    const fromView = validRequests((state as { requests?: unknown } | undefined)?.requests);
    const own = first && this.saved ? this.saved.restore(state).requests : [];
    // The host's copy is of the panel opened first; another restored tab keeps its own image.
    const sameImages = fromView.length === 0 || own.every((r) => fromView.some((v) => v.imagePath === r.imagePath));
    const requests = own.length > 0 && sameImages ? own : fromView;
    const view = this.attach(new ExplanationPanel(webviewPanel, this.extensionUri, first ? this.saved : undefined));
    if (requests.length > 0) void this.explain(requests, { into: view });
  }

  /** The result most recently shown for the model file `modelPath`, if a panel still shows one. */
  lastResultFor(modelPath: string): ModelResult | undefined {
    const views = [this.active, ...[...this.views].reverse()];
    return modelResult(views.find((v) => v && v.modelPath === modelPath && v.results.length > 0));
  }

  /** Opens layer `layer`'s row in the table of the panel showing `modelPath`'s last result; false when none does. */
  openLayer(modelPath: string, layer: string): boolean {
    const views = [this.active, ...[...this.views].reverse()];
    const view = views.find((v) => v && v.modelPath === modelPath && v.results.some((r) => r.layers.some((l) => l.name === layer)));
    if (!view) return false;
    this.active = view;
    view.panel.reveal();
    view.panel.openLayer(layer);
    return true;
  }

  recolor(): void {
    for (const v of this.views) v.panel.recolor(settings.colormap());
  }

  dispose(): void {
    for (const v of this.views.splice(0)) {
      v.dispose();
      v.panel.dispose();
    }
    this.rendered.dispose();
    this.reran.dispose();
    this.explained.dispose();
  }

  /** Re-runs `view` when its image, its model or the model's configuration changes on disk. */
  private watchInputs(view: Shown, model: ChosenModel, read: Map<string, string>): void {
    const files = inputFiles(view.panel.requests, model);
    if (view.watch?.watches(files)) {
      view.watch.refresh(read);
      return;
    }
    view.watch?.dispose();
    view.watch = new FileWatch(files, read, (changed) => {
      const requests = view.panel.requests;
      if (!this.views.includes(view) || requests.length === 0) return;
      this.log.info(`${vscode.workspace.asRelativePath(changed)} changed on disk: explaining ${path.basename(requests[0].imagePath)} again.`);
      void this.explain(requests, { into: view }).then((outcome) => this.reran.fire({ requests, changed, outcome }));
    });
  }

  /**
   * The method list and parameter editors, from the engine's list and the manifest (they do not change while
   * running), with what the shown results add: the layers a class activation method may read.
   */
  private viewCatalog(results: readonly ExplainResult[]): ViewCatalog {
    this.catalog ??= {
      methods: METHODS.map(({ name, label, description, defaults, params }) => ({ name, label, description, defaults, params })),
      paramFields: paramFields(vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON),
    };
    return { ...this.catalog, paramFields: fieldsFor(this.catalog.paramFields, results) };
  }

  private ensurePanel(): Shown {
    if (this.active) {
      this.active.panel.reveal();
      return this.active;
    }
    return this.open();
  }

  /** A new tab; the host's saved state goes with the first panel only. */
  private open(): Shown {
    return this.attach(ExplanationPanel.create(this.extensionUri, this.views.length === 0 ? this.saved : undefined));
  }

  private attach(panel: ExplanationPanel): Shown {
    const view = new Shown(panel);
    this.views.push(view);
    this.active = view;
    panel.onDidRender((info) => this.rendered.fire(info));
    panel.onDidRequestCommand((command) => {
      this.active = view;
      this.runViewCommand(command);
    });
    panel.onDidBecomeActive(() => (this.active = view));
    panel.onDidRequestRerun((value) => {
      const requests = rerunRequests(value, view.panel.requests);
      if (requests.length > 0) void this.explain(requests, { into: view });
      else this.log.info('The view asked to explain something it does not show; ignored.');
    });
    panel.onDidRequestExport((request) => void this.exportShown(view, request));
    panel.onDidRequestLayerMap((request) => void this.layerMap(view, request));
    panel.onDidRequestNeuronExport((request) => void this.exportNeuron(view, request));
    panel.onDidDispose(() => {
      view.dispose();
      const at = this.views.indexOf(view);
      if (at >= 0) this.views.splice(at, 1);
      if (this.active === view) this.active = this.views[this.views.length - 1];
      if (!this.active) void vscode.commands.executeCommand('setContext', ContextKeys.hasResult, false);
    });
    return view;
  }
}

/** A shown result of a model: what its inspector draws on the graph (the panel's first result; compare mode shows several). */
export interface ModelResult {
  modelPath: string;
  method: string;
  imageName: string;
  result: ExplainResult;
}

function modelResult(view: Shown | undefined): ModelResult | undefined {
  const result = view?.results[0];
  const request = view?.panel.requests[0];
  if (!view?.modelPath || !result || !request) return undefined;
  return { modelPath: view.modelPath, method: methodLabel(result.method), imageName: path.basename(request.imagePath), result };
}

/** The .onnx file a chosen model explains: the file itself, or the one its configuration names. */
function explainedOnnx(model: ChosenModel): string {
  if ('config' in model.source) return path.resolve(model.source.baseDir, model.source.config.model);
  if (!/\.json$/i.test(model.file)) return model.file;
  try {
    const named = (JSON.parse(fs.readFileSync(model.file, 'utf8').replace(/^\uFEFF/, '')) as { model?: unknown }).model;
    return typeof named === 'string' ? path.resolve(path.dirname(model.file), named) : model.file;
  } catch {
    // The engine read this file a moment ago; if it cannot be read now, no inspector is marked.
    return model.file;
  }
}

/** The files an explanation reads: its images, the model and (for an .onnx model) the model's `.explain.json`. */
function inputFiles(requests: ViewRequest[], model: ChosenModel): string[] {
  const files = [...requests.map((r) => r.imagePath), model.file];
  if (!/\.json$/i.test(model.file)) files.push(sidecarPath(model.file));
  return files;
}

/** What the engine is asked for a request of the view. */
function engineRequest(model: ModelSource, request: ViewRequest): ExplainRequest {
  const fromSettings = settings.params();
  // The composite has a default (epsilon-plus) in the settings: it goes only to the methods that read it.
  if (!readsParam(request.method, 'composite')) delete fromSettings.composite;
  return {
    model,
    image: { path: request.imagePath },
    method: request.method,
    // Parameters edited in the view win over the settings, for this request only.
    params: { ...fromSettings, ...request.params },
    target: request.target,
    ...(request.metrics && { metrics: request.metrics }),
  };
}
