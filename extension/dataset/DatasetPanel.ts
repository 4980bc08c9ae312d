/**
 * One Dataset tab: the results of an explained folder as they stream in, then its SpRAy clusters, and the
 * report written on request. The host keeps everything it sent, so a page torn down while hidden (no
 * retainContextWhenHidden) gets it all again when it says ready; the page keeps the user's sort and cluster names.
 */
import { readFile } from 'fs/promises';
import * as path from 'path';
import * as vscode from 'vscode';
import { decodeNpy } from '../../src/io/npy';
import type { DatasetDrawn, DatasetItem, DatasetRunInfo, DatasetViewItem, FolderProgress, FromDataset, SprayClass, ToDataset } from '../../src/protocol';
import type { EngineHost } from '../engineHost';
import { Commands, DATASET_VIEW_TYPE } from '../ids';
import type { Log } from '../log';
import { localResourceRoots, webviewHtml } from '../panel/html';

export interface DatasetPanelDeps {
  extensionUri: vscode.Uri;
  engineHost: EngineHost;
  log: Log;
}

/** What every Dataset page drew (the extension-host tests read it through the extension's API). */
export const datasetDrawn = new vscode.EventEmitter<{ out: string; drawn: DatasetDrawn }>();

export class DatasetPanel implements vscode.Disposable {
  /** The panel Write Dataset Report acts on: the one focused last. */
  static latest: DatasetPanel | undefined;

  private readonly panel: vscode.WebviewPanel;
  private readonly items = new Map<string, DatasetViewItem>();
  private finished: Extract<ToDataset, { type: 'finished' }> | undefined;
  private classes: SprayClass[] | undefined;
  private report: string | undefined;
  private progress: FolderProgress | undefined;
  /** What the user named clusters in the page, for the report. */
  private clusterNames: Record<string, string> = {};
  private readonly errors: string[] = [];
  /** The page said ready and is not torn down since (hidden, without retainContextWhenHidden). */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    private readonly run: DatasetRunInfo,
    private readonly deps: DatasetPanelDeps,
  ) {
    this.panel = vscode.window.createWebviewPanel(DATASET_VIEW_TYPE, `Dataset: ${path.basename(run.folder)}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      // The thumbnails are the results folder's files.
      localResourceRoots: [...localResourceRoots(deps.extensionUri), vscode.Uri.file(run.out)],
      retainContextWhenHidden: false,
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, deps.extensionUri, {
      title: `Dataset: ${path.basename(run.folder)}`,
      script: 'dataset.js',
      styles: ['base.css', 'dataset.css'],
      body: '<main id="root"><p class="empty">Explaining the folder...</p></main>',
    });
    DatasetPanel.latest = this;
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((m: FromDataset) => void this.receive(m)),
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) DatasetPanel.latest = this;
        if (!e.webviewPanel.visible) this.ready = false;
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    this.disposed = true;
    if (DatasetPanel.latest === this) DatasetPanel.latest = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  /** Images finished (FolderProgress.items, or the final index): their maps read and sent. */
  async addItems(items: DatasetItem[], progress?: FolderProgress): Promise<void> {
    const viewItems = await Promise.all(items.map((item) => this.viewItem(item)));
    for (const v of viewItems) this.items.set(v.item.path, v);
    if (progress) this.progress = { ...progress, items: [] };
    this.post({ type: 'items', items: viewItems, ...(this.progress && { progress: this.progress }) });
  }

  finish(message: Extract<ToDataset, { type: 'finished' }>): void {
    this.finished = message;
    this.post(message);
  }

  showClusters(classes: SprayClass[]): void {
    this.classes = classes;
    this.post({ type: 'clusters', classes });
  }

  fail(message: string): void {
    this.errors.push(message);
    this.post({ type: 'error', message });
  }

  /** report.html and results.csv into the results folder; offers to open the report unless `quiet`. */
  async writeReport(quiet = false): Promise<{ html: string; csv: string }> {
    const written = await this.deps.engineHost.engine.writeDatasetReport([this.run.out], this.run.out, { clusterNames: this.clusterNames });
    this.report = written.html;
    this.deps.log.info(`Dataset report written: ${written.html}, ${written.csv}`);
    this.post({ type: 'reportWritten', html: written.html });
    if (!quiet) {
      void vscode.window.showInformationMessage(`Explain: wrote ${path.basename(written.html)} and ${path.basename(written.csv)} in ${vscode.workspace.asRelativePath(this.run.out)}.`, 'Open report.html').then((choice) => {
        if (choice) void vscode.env.openExternal(vscode.Uri.file(written.html));
      });
    }
    return written;
  }

  /** writeReport for a button: a failure is shown (in the page and as a message), not thrown. */
  async writeReportOrSay(): Promise<{ html: string; csv: string } | undefined> {
    try {
      return await this.writeReport();
    } catch (e) {
      const text = e instanceof Error ? e.message : String(e);
      this.fail(`The report was not written: ${text}`);
      void vscode.window.showErrorMessage(`Explain: ${text}`);
      return undefined;
    }
  }

  private async viewItem(item: DatasetItem): Promise<DatasetViewItem> {
    const npy = decodeNpy(await readFile(path.join(this.run.out, item.map.file)));
    const thumbnailUri = this.panel.webview.asWebviewUri(vscode.Uri.file(path.join(this.run.out, item.thumbnail))).toString();
    return { item, thumbnailUri, map: Array.from(npy.data) };
  }

  private post(message: ToDataset): void {
    // Before the page is ready (or while it is torn down) nothing is sent: 'ready' replays everything.
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }

  private async receive(message: FromDataset): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'run', run: this.run });
        if (this.items.size) this.post({ type: 'items', items: [...this.items.values()], ...(this.progress && { progress: this.progress }) });
        for (const e of this.errors) this.post({ type: 'error', message: e });
        if (this.finished) this.post(this.finished);
        if (this.classes) this.post({ type: 'clusters', classes: this.classes });
        if (this.report) this.post({ type: 'reportWritten', html: this.report });
        break;
      case 'drawn':
        datasetDrawn.fire({ out: this.run.out, drawn: message.drawn });
        break;
      case 'open':
        // Only an image of this run: the page names it by its DatasetItem path.
        if (!this.items.has(message.path)) return;
        await vscode.commands.executeCommand(Commands.explain, vscode.Uri.file(path.join(this.run.folder, ...message.path.split('/'))));
        break;
      case 'clusterNames':
        this.clusterNames = { ...message.names };
        break;
      case 'writeReport':
        await this.writeReportOrSay();
        break;
    }
  }
}
