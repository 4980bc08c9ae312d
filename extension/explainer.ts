/**
 * Explains images and puts the result in the panel: picks the model, runs the engine through the Runner,
 * converts results for the view. Commands and the panel serializer all come through here.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import type { ErrorCode } from '../src/errors';
import type { ClassScore, ExplainRequest, ExplainResult, ModelSource } from '../src/protocol';
import type { EngineHost } from './engineHost';
import { ContextKeys, EXTENSION_ID } from './ids';
import { METHODS, methodLabel } from './methods';
import { chooseModel } from './modelSource';
import { ExplanationPanel, type ExportRequest, type LayerMapRequest, type NeuronExportRequest, type RenderedInfo, type ViewCatalog } from './panel/ExplanationPanel';
import { neuronExportKind, validNeuron } from './panel/exportFiles';
import { exportNeuronMap, exportResult } from './panel/exporter';
import type { PanelState } from './panel/panelState';
import { paramFields } from './panel/paramFields';
import { rerunRequests } from './panel/requests';
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

export class Explainer implements vscode.Disposable {
  private panel: ExplanationPanel | undefined;
  private top: ClassScore[] = [];
  /** The results the panel shows, in its order: exports are made from them. */
  private shown: ExplainResult[] = [];
  /** The layer maps sent to the view for the shown results, by `${index}|${layer}`: neuron maps are saved from them. */
  private readonly layerMaps = new Map<string, NonNullable<ExplainResult['layerMap']>>();
  private catalog: ViewCatalog | undefined;
  /** Counts explain() calls, so a run superseded by a newer one leaves the panel's status alone. */
  private latest = 0;
  private readonly rendered = new vscode.EventEmitter<RenderedInfo>();
  /** Fires when the webview has drawn a result (tests wait on it). */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly engineHost: EngineHost,
    private readonly runner: Runner,
    private readonly log: Log,
    private readonly runViewCommand: (command: ViewCommand) => void,
    /** Where the panel keeps its state for a restore after a reload (see panelState.ts). */
    private readonly saved?: PanelState,
  ) {}

  /** The requests behind the open panel's content; empty when nothing is shown. */
  get requests(): ViewRequest[] {
    return this.panel?.requests ?? [];
  }

  /** The top predictions of the last explained image, for the target picker. */
  lastTop(): ClassScore[] {
    return this.panel ? this.top : [];
  }

  async explain(requests: ViewRequest[]): Promise<ExplainOutcome> {
    const model = chooseModel(this.extensionUri);
    const modelInfo = { name: path.basename(model.file), isDefault: model.isDefault, note: model.note };
    const imageName = path.basename(requests[0].imagePath);
    const what = requests.length > 1 ? `${requests.length} methods` : methodLabel(requests[0].method);
    const requested = Date.now();
    const timeline: Timeline = { invoked: requested };
    const run = ++this.latest;
    const panel = this.ensurePanel();
    panel.status(true, `Explaining ${imageName} with ${what}...`);

    const outcome = await this.runner.run(`Explaining ${imageName}`, async (signal, onProgress) => {
      const results: ExplainResult[] = [];
      timeline.engineSent = Date.now();
      for (const [i, request] of requests.entries()) {
        const result = await this.engineHost.engine.explain(engineRequest(model.source, request), {
          signal,
          onProgress: (f, message) => onProgress((i + f) / requests.length, message),
          onTrace: ({ received, done }) => {
            timeline.workerReceived ??= received;
            timeline.workerDone = done;
          },
        });
        results.push(result);
      }
      timeline.engineDone = Date.now();
      // Converted inside the job so a malformed result is reported like any engine failure.
      return { results, views: results.map((r, i) => toViewExplanation(requests[i], r, modelInfo)) };
    });

    switch (outcome.status) {
      case 'ok': {
        panel.show(outcome.value.views, settings.colormap(), this.viewCatalog(), timeline);
        this.shown = outcome.value.results;
        this.layerMaps.clear();
        const drawn = panel.onDidRender(({ renderMs, transferMs, timeline: marks }) => {
          drawn.dispose();
          this.log.info(
            `${imageName}: shown ${Date.now() - requested} ms after the request (to the webview ${transferMs.toFixed(0)} ms, drawing ${renderMs.toFixed(0)} ms; ${marks ? describeTimeline(marks) : 'no timeline'})`,
          );
        });
        this.top = outcome.value.results[0]?.top.slice(0, 5) ?? [];
        void vscode.commands.executeCommand('setContext', ContextKeys.hasResult, true);
        return explainedOutcome(outcome.value.results);
      }
      case 'cancelled':
        if (run === this.latest) panel.status(false, 'Cancelled.');
        return { status: 'cancelled' };
      case 'failed': {
        const { code, message, actions } = outcome.failure;
        panel.status(false, message, true);
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
  async layerMap({ request: id, index, layer }: LayerMapRequest): Promise<boolean> {
    const result = this.shown[index];
    const request = this.requests[index];
    const panel = this.panel;
    if (!panel || !result || !request || !result.layers.some((l) => l.name === layer)) {
      this.log.info('The view asked for the map of a layer it does not show; ignored.');
      return false;
    }
    const model = chooseModel(this.extensionUri);
    // A newer explanation started meanwhile owns the status line; this one leaves it alone then.
    const run = this.latest;
    panel.status(true, `Mapping the neurons of ${layer}...`);
    const outcome = await this.runner.run(`Mapping ${layer}`, (signal, onProgress) =>
      // The shown result's target, not the request's (absent means top-1): the map is of what is shown.
      this.engineHost.engine.explain({ ...engineRequest(model.source, request), target: result.target, layerMap: layer }, { signal, onProgress }),
    );
    if (outcome.status === 'ok' && outcome.value.layerMap) {
      const map = outcome.value.layerMap;
      if (this.shown[index] === result) this.layerMaps.set(`${index}|${layer}`, map);
      panel.layerMap({ request: id, index, layer, data: map.data.slice(), dims: map.dims });
      if (run === this.latest) panel.status(false);
      return true;
    }
    if (run === this.latest) panel.status(false, outcome.status === 'failed' ? outcome.failure.message : 'Cancelled.', outcome.status === 'failed');
    return false;
  }

  /** Saves one of the shown results into the workspace; the path, or undefined when there is nothing to save. */
  async exportShown({ what, index, display }: ExportRequest): Promise<string | undefined> {
    const result = this.shown[index];
    const request = this.requests[index];
    if (!result || !request) return undefined;
    return this.saveFile(`the ${what} export`, () => exportResult(result, request.imagePath, what, display));
  }

  /** Saves the own map of a neuron the view draws, from the layer map it was sent; the path, or undefined. */
  async exportNeuron({ what, index, neuron, display }: NeuronExportRequest): Promise<string | undefined> {
    const result = this.shown[index];
    const request = this.requests[index];
    const kind = neuronExportKind(what);
    const checked = result && validNeuron(result, neuron);
    const map = checked && this.layerMaps.get(`${index}|${checked.layer}`);
    if (!request || !kind || !checked || !map) {
      this.log.info('The view asked to save a neuron map it was not sent; ignored.');
      return undefined;
    }
    return this.saveFile(`neuron ${checked.channel} of ${checked.layer}`, () => exportNeuronMap(result, request.imagePath, map, checked, kind, display));
  }

  private async saveFile(what: string, write: () => Promise<string>): Promise<string | undefined> {
    try {
      const file = await write();
      this.log.info(`Saved ${file}`);
      this.panel?.status(false, `Saved ${vscode.workspace.asRelativePath(file)}`);
      return file;
    } catch (err) {
      const message = `Could not save ${what}: ${err instanceof Error ? err.message : String(err)}`;
      this.log.info(message);
      this.panel?.status(false, message, true);
      return undefined;
    }
  }

  /** Takes over a panel VS Code restored after a reload, and explains again what it showed. */
  adopt(webviewPanel: vscode.WebviewPanel, requests: ViewRequest[]): void {
    this.panel?.dispose();
    this.attach(new ExplanationPanel(webviewPanel, this.extensionUri, this.saved));
    if (requests.length > 0) void this.explain(requests);
  }

  recolor(): void {
    this.panel?.recolor(settings.colormap());
  }

  dispose(): void {
    this.panel?.dispose();
    this.rendered.dispose();
  }

  /** The method list and parameter editors, from the engine's list and the manifest (they do not change while running). */
  private viewCatalog(): ViewCatalog {
    this.catalog ??= {
      methods: METHODS.map(({ name, label, description, defaults, params }) => ({ name, label, description, defaults, params })),
      paramFields: paramFields(vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON),
    };
    return this.catalog;
  }

  private ensurePanel(): ExplanationPanel {
    if (this.panel) {
      this.panel.reveal();
      return this.panel;
    }
    return this.attach(ExplanationPanel.create(this.extensionUri, this.saved));
  }

  private attach(panel: ExplanationPanel): ExplanationPanel {
    this.panel = panel;
    panel.onDidRender((info) => this.rendered.fire(info));
    panel.onDidRequestCommand((command) => this.runViewCommand(command));
    panel.onDidRequestRerun((value) => {
      const requests = rerunRequests(value, this.requests);
      if (requests.length > 0) void this.explain(requests);
      else this.log.info('The view asked to explain something it does not show; ignored.');
    });
    panel.onDidRequestExport((request) => void this.exportShown(request));
    panel.onDidRequestLayerMap((request) => void this.layerMap(request));
    panel.onDidRequestNeuronExport((request) => void this.exportNeuron(request));
    panel.onDidDispose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      void vscode.commands.executeCommand('setContext', ContextKeys.hasResult, false);
    });
    return panel;
  }
}

/** What the engine is asked for a request of the view. */
function engineRequest(model: ModelSource, request: ViewRequest): ExplainRequest {
  return {
    model,
    image: { path: request.imagePath },
    method: request.method,
    // Parameters edited in the view win over the settings, for this request only.
    params: { ...settings.params(), ...request.params },
    target: request.target,
  };
}
