/**
 * One model inspector tab: an `.onnx` file's summary and graph (read without its weights, at once), then what
 * the engine makes of it (which methods can run, the configuration found), then the relevance of its last
 * explanation on the graph's nodes. Its buttons set `explain.model`, explain an image with the model, write
 * the model's `.explain.json`, and open a layer's row in the explanation's table.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { sidecarPath } from '../../src/config/modelConfig';
import { saveSidecar } from '../../src/config/sidecarEdit';
import { PRESETS, PRESET_NAMES } from '../../src/preprocess/presets';
import type { FromInspector, InspectorConfig, InspectorDrawn, ModelReport, ModelStructure, ToInspector } from '../../src/protocol';
import type { EngineHost } from '../engineHost';
import type { Explainer, ModelResult } from '../explainer';
import { FileWatch, fingerprints } from '../fileWatch';
import { Commands } from '../ids';
import { pickImage } from '../imageTarget';
import type { Log } from '../log';
import { escapeHtml, webviewHtml, webviewOptions } from '../panel/html';
import * as settings from '../settings';

export interface InspectorDeps {
  extensionUri: vscode.Uri;
  engineHost: EngineHost;
  explainer: Explainer;
  log: Log;
  /** Where each inspector reports what its page drew (the extension-host tests read it). */
  drawn: vscode.EventEmitter<{ modelPath: string; drawn: InspectorDrawn }>;
}

export class ModelInspector implements vscode.Disposable {
  private structure: ModelStructure | undefined;
  private report: ModelReport | undefined;
  private readonly failed: Partial<Record<'structure' | 'report', string>> = {};
  private readonly disposables: vscode.Disposable[] = [];
  private readonly files: string[];
  private readonly watch: FileWatch;

  constructor(
    private readonly modelPath: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: InspectorDeps,
  ) {
    this.files = [modelPath, sidecarPath(modelPath)];
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, {
      title: path.basename(modelPath),
      script: 'inspector.js',
      styles: ['base.css', 'inspector.css'],
      body: `<main id="root"><p class="empty">Reading ${escapeHtml(path.basename(modelPath))}...</p></main>`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: FromInspector) => void this.receive(m)),
      deps.explainer.onDidExplainModel((r) => r.modelPath === modelPath && this.postRelevance(r)),
      panel.onDidDispose(() => this.dispose()),
    );
    // The model rebuilt or its configuration edited elsewhere: what is shown is read again.
    this.watch = new FileWatch(this.files, fingerprints(this.files), (changed) => {
      this.watch.refresh(fingerprints(this.files));
      void (changed === modelPath ? this.load() : this.loadReport());
    });
    this.disposables.push(this.watch);
    void this.load();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  /** Reads the file (fast, no weights), then asks the engine for its report (compiles every method's graph). */
  private async load(): Promise<void> {
    const engine = this.deps.engineHost.engine;
    const started = Date.now();
    try {
      this.structure = await engine.structure(this.modelPath);
      this.deps.log.info(`Model inspector: ${path.basename(this.modelPath)} read in ${Date.now() - started} ms (${this.structure.graph.nodes.length} nodes on the image's path).`);
      this.post({ type: 'structure', structure: this.structure });
    } catch (err) {
      this.fail('structure', err);
      return;
    }
    await this.loadReport();
  }

  private async loadReport(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      this.failed.report = 'This workspace is not trusted: the engine does not load its models. Trust the workspace to see which methods can explain this model and its configuration.';
      this.post({ type: 'error', stage: 'report', message: this.failed.report });
      return;
    }
    const started = Date.now();
    try {
      this.report = await this.deps.engineHost.engine.report({ path: this.modelPath });
      delete this.failed.report;
      this.deps.log.info(`Model inspector: ${path.basename(this.modelPath)}'s methods checked in ${Date.now() - started} ms.`);
      this.postReport();
    } catch (err) {
      this.fail('report', err);
    }
  }

  private fail(stage: 'structure' | 'report', err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.failed[stage] = message;
    this.deps.log.info(`Model inspector: ${this.modelPath}: ${message}`);
    this.post({ type: 'error', stage, message });
  }

  private postReport(): void {
    if (!this.report) return;
    const presets = PRESET_NAMES.map((name) => ({ name, summary: PRESETS[name].summary }));
    this.post({ type: 'report', report: this.report, presets });
  }

  private postRelevance(r: ModelResult): void {
    const layers = r.result.layers.map((l) => ({ name: l.name, node: l.node, sum: l.sum, ...(l.gap !== undefined && { gap: l.gap }) }));
    this.post({ type: 'relevance', method: r.method, imageName: r.imageName, layers });
  }

  private post(message: ToInspector): void {
    void this.panel.webview.postMessage(message);
  }

  private async receive(message: FromInspector): Promise<void> {
    switch (message.type) {
      case 'ready': {
        // A hidden tab's page is torn down; shown again it says ready, and gets what is known so far.
        if (this.structure) this.post({ type: 'structure', structure: this.structure });
        for (const stage of ['structure', 'report'] as const) if (this.failed[stage]) this.post({ type: 'error', stage, message: this.failed[stage]! });
        this.postReport();
        const last = this.deps.explainer.lastResultFor(this.modelPath);
        if (last) this.postRelevance(last);
        break;
      }
      case 'drawn':
        this.deps.drawn.fire({ modelPath: this.modelPath, drawn: message.drawn });
        break;
      case 'useModel':
        await this.useModel();
        void vscode.window.showInformationMessage(`Explain: ${path.basename(this.modelPath)} explains from now on (explain.model).`);
        break;
      case 'explainImage': {
        const image = await pickImage();
        if (!image) return;
        await this.useModel();
        await vscode.commands.executeCommand(Commands.explain, vscode.Uri.file(image));
        break;
      }
      case 'saveConfig':
        await this.saveConfig(message.config);
        break;
      case 'openLayer':
        if (!this.deps.explainer.openLayer(this.modelPath, message.layer)) {
          void vscode.window.showInformationMessage(`Explain: no open explanation of ${path.basename(this.modelPath)} has a layer ${message.layer}. Explain an image with this model first.`);
        }
        break;
    }
  }

  private async useModel(): Promise<void> {
    const current = settings.modelSetting().value;
    const value = settings.toSettingPath(this.modelPath);
    if (current !== value && settings.resolvePath(current) !== this.modelPath) await settings.setModel(value);
  }

  private async saveConfig(config: InspectorConfig): Promise<void> {
    try {
      const file = await saveSidecar(this.modelPath, config);
      // Read again here, not by the watch as well.
      this.watch.refresh(fingerprints(this.files));
      this.deps.log.info(`Model inspector: saved ${file}`);
      this.post({ type: 'saved', ok: true, message: `Saved ${path.basename(file)}.` });
      await this.loadReport();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.post({ type: 'saved', ok: false, message: `Not saved: ${message}` });
    }
  }
}
