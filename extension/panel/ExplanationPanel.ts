/**
 * Owns the explanation webview: its HTML, the typed messages both ways, and re-sending the last state
 * whenever the webview (re)loads. It knows nothing about the engine; the Explainer feeds it.
 */
import * as vscode from 'vscode';
import type { MethodName } from '../../src/protocol';
import { PANEL_VIEW_TYPE } from '../ids';
import type { Colormap, FromView, Timeline, ToView, ViewCommand, ViewExplanation, ViewMethod, ViewModelInfo, ViewParamField, ViewRequest } from '../../src/protocol';
import { panelHtml, webviewOptions } from './html';
import type { PanelState } from './panelState';

export interface RenderedInfo {
  methods: MethodName[];
  relevanceSums: number[];
  /** From the result's arrival in the webview to the first frame painted with it. */
  renderMs: number;
  /** From posting the result to its arrival in the webview. */
  transferMs: number;
  /** The result's path from the command to the painted frame, when the host started one. */
  timeline?: Timeline;
}

/** An export the view asked for; `index` is the explanation's position in what is shown. */
export type ExportRequest = Omit<Extract<FromView, { type: 'export' }>, 'type'>;

/** An export of a selected neuron's own map; its neuron is untrusted until checked against the result. */
export type NeuronExportRequest = Omit<Extract<FromView, { type: 'exportNeuron' }>, 'type'>;

/** What the panel shows besides the explanations: the method list and the parameter editors. */
export interface ViewCatalog {
  methods: ViewMethod[];
  paramFields: ViewParamField[];
}

/** A layer map the view asked for (a neuron was selected); its fields are untrusted until checked. */
export type LayerMapRequest = Omit<Extract<FromView, { type: 'layerMap' }>, 'type'>;

type ShowMessage = Extract<ToView, { type: 'show' }>;
type StatusMessage = Extract<ToView, { type: 'status' }>;

export class ExplanationPanel implements vscode.Disposable {
  /** The requests behind what is shown, for re-runs (switch method, choose target) and the serializer. */
  requests: ViewRequest[] = [];

  private ready = false;
  private lastShow: ShowMessage | undefined;
  private lastStatus: StatusMessage | undefined;
  private layerToOpen: string | undefined;
  private readonly rendered = new vscode.EventEmitter<RenderedInfo>();
  private readonly commandRequested = new vscode.EventEmitter<ViewCommand>();
  private readonly rerunRequested = new vscode.EventEmitter<unknown>();
  private readonly exportRequested = new vscode.EventEmitter<ExportRequest>();
  private readonly layerMapRequested = new vscode.EventEmitter<LayerMapRequest>();
  private readonly neuronExportRequested = new vscode.EventEmitter<NeuronExportRequest>();
  private readonly disposables: vscode.Disposable[] = [
    this.rendered,
    this.commandRequested,
    this.rerunRequested,
    this.exportRequested,
    this.layerMapRequested,
    this.neuronExportRequested,
  ];

  readonly onDidRender = this.rendered.event;
  readonly onDidRequestCommand = this.commandRequested.event;
  /** The view asks to explain again; the requests are as received (untrusted: see requests.ts). */
  readonly onDidRequestRerun = this.rerunRequested.event;
  readonly onDidRequestExport = this.exportRequested.event;
  readonly onDidRequestLayerMap = this.layerMapRequested.event;
  readonly onDidRequestNeuronExport = this.neuronExportRequested.event;
  readonly onDidDispose: vscode.Event<void>;
  /** The panel's tab became the active one (the host's commands then act on it). */
  readonly onDidBecomeActive: vscode.Event<void>;

  /** `saved`: where the panel's state is kept for a restore; a new panel starts it afresh. */
  static create(extensionUri: vscode.Uri, saved?: PanelState): ExplanationPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Explanation',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    saved?.clear();
    return new ExplanationPanel(panel, extensionUri, saved);
  }

  /** Also used by the serializer, with a panel VS Code restored after a reload. */
  constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly saved?: PanelState,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    panel.webview.html = panelHtml(panel.webview, extensionUri);
    this.onDidDispose = panel.onDidDispose;
    this.onDidBecomeActive = (listener, thisArg, disposables) => panel.onDidChangeViewState((e) => e.webviewPanel.active && listener.call(thisArg), undefined, disposables);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromView) => this.receive(m)),
      // A hidden webview is torn down; it says 'ready' again when shown, and gets the state again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.disposeListeners()),
    );
  }

  show(explanations: ViewExplanation[], colormap: Colormap, catalog: ViewCatalog, timeline?: Timeline): void {
    this.requests = explanations.map((e) => e.request);
    this.lastShow = { type: 'show', colormap, ...catalog, explanations, sentAt: Date.now(), timeline };
    this.lastStatus = { type: 'status', busy: false };
    this.post(this.lastShow);
    this.post(this.lastStatus);
    // Kept for a restore once the result is on its way: a file write the view need not wait for.
    this.saved?.showing(this.requests);
    // After the result: the window handles the host's messages in order, and retitling the tab (and the
    // window) costs it a few ms that would otherwise come before the result reaches the view.
    const first = explanations[0];
    this.panel.title = first
      ? explanations.length > 1
        ? `Compare: ${first.imageName}`
        : `Explain: ${first.imageName}`
      : 'Explanation';
  }

  /** Redraws what is shown with another colormap, without asking the engine again (or resending the result). */
  recolor(colormap: Colormap): void {
    if (!this.lastShow) return;
    this.lastShow = { ...this.lastShow, colormap };
    this.post({ type: 'colormap', colormap });
  }

  /** A layer's map for the view (not kept for re-sending: a reloaded view has no neuron selected). */
  layerMap(answer: Omit<Extract<ToView, { type: 'layerMap' }>, 'type'>): void {
    this.post({ type: 'layerMap', ...answer });
  }

  /** The model inspector asked for a layer: its row opens in the table (not kept: it is an action, not a state). */
  openLayer(layer: string): void {
    // A hidden panel's webview is torn down: revealing it reloads the page, which then gets the result first.
    if (this.ready) this.post({ type: 'openLayer', layer });
    else this.layerToOpen = layer;
  }

  /** `model`: for a failed run, the model it asked for, which the view names with the error. */
  status(busy: boolean, text?: string, error?: boolean, model?: ViewModelInfo): void {
    this.lastStatus = { type: 'status', busy, text, error, ...(model ? { model } : {}) };
    this.post(this.lastStatus);
  }

  /** The running explanation's progress, for the view's bar (not kept: a reloaded view gets the next one). */
  progress(fraction: number, message: string): void {
    this.post({ type: 'progress', fraction, message });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    this.panel.dispose();
  }

  private post(message: ToView): void {
    // A re-sent result (the webview reloaded) is stamped again, so its transfer time stays true.
    if (!this.ready) return;
    if (message.type === 'show') {
      const now = Date.now();
      message = { ...message, sentAt: now, timeline: { ...message.timeline, posted: now }, display: this.saved?.get()?.display };
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(message: FromView): void {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.lastShow) this.post(this.lastShow);
        if (this.lastStatus) this.post(this.lastStatus);
        if (this.layerToOpen !== undefined) this.post({ type: 'openLayer', layer: this.layerToOpen });
        this.layerToOpen = undefined;
        break;
      case 'rendered':
        this.rendered.fire({
          methods: message.methods,
          relevanceSums: message.relevanceSums,
          renderMs: message.renderMs,
          transferMs: message.transferMs,
          timeline: message.timeline,
        });
        break;
      case 'run':
        this.commandRequested.fire(message.command);
        break;
      case 'rerun':
        this.rerunRequested.fire(message.requests);
        break;
      case 'export':
        this.exportRequested.fire({ what: message.what, index: message.index, display: message.display });
        break;
      case 'layerMap':
        this.layerMapRequested.fire({ request: message.request, index: message.index, layer: message.layer });
        break;
      case 'exportNeuron':
        this.neuronExportRequested.fire({ what: message.what, index: message.index, neuron: message.neuron, display: message.display });
        break;
      case 'display':
        this.saved?.displayed(message.display);
        break;
    }
  }

  private disposeListeners(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
