/**
 * Activation: wires the output channel, the engine worker host, the runner, the explainer, the commands and
 * the panel serializer. Nothing heavy happens here; the worker starts on the first explanation.
 */
import * as vscode from 'vscode';
import { answerQuickPicks, type QuickPickAnswerer } from './commands/picks';
import { registerCommands, runViewCommand } from './commands/register';
import { datasetDrawn } from './dataset/DatasetPanel';
import { EngineHost } from './engineHost';
import { Explainer } from './explainer';
import { CONFIG_SECTION, PANEL_VIEW_TYPE } from './ids';
import { registerInspector } from './inspector/InspectorProvider';
import { createLog } from './log';
import type { RenderedInfo } from './panel/ExplanationPanel';
import { fileStore, mementoStore, PanelState } from './panel/panelState';
import { Runner } from './runner';
import { MethodStatusBar, type StatusBarInfo } from './statusBar';
import type { DatasetDrawn, InspectorDrawn, ViewRequest } from '../src/protocol';

/** What activate() returns: read-only hooks for the extension-host tests and for other extensions. */
export interface ExplainApi {
  /** Fires when the panel's webview has drawn a result. */
  readonly onDidRender: vscode.Event<RenderedInfo>;
  /** The requests behind what the active panel shows. */
  shownRequests(): ViewRequest[];
  /** The requests behind every open panel, in the order they were opened. */
  shownPanels(): ViewRequest[][];
  /** Fires when a shown explanation re-ran because its image, model or `.explain.json` changed on disk. */
  readonly onDidRerunForChange: Explainer['onDidRerunForChange'];
  /** What the status bar item shows. */
  statusBar(): StatusBarInfo;
  /** Tests: answers Select Model's configuration QuickPicks (the items a user would see) instead of the user; undefined restores them. */
  answerQuickPicks(answerer: QuickPickAnswerer | undefined): void;
  /** Fires when a model inspector's page has drawn a stage (its summary and graph, its method checks, relevance). */
  readonly onDidDrawInspector: vscode.Event<{ modelPath: string; drawn: InspectorDrawn }>;
  /** Fires when a Dataset view's page has drawn what it was sent (`out`: its results folder). */
  readonly onDidDrawDataset: vscode.Event<{ out: string; drawn: DatasetDrawn }>;
}

export function activate(context: vscode.ExtensionContext): ExplainApi {
  const log = createLog();
  const engineHost = new EngineHost();
  const runner = new Runner(log);
  const panelState = new PanelState(
    context.storageUri ? fileStore(vscode.Uri.joinPath(context.storageUri, 'panel-state.json').fsPath) : mementoStore(context.workspaceState, 'explain.panelState'),
  );
  const explainer = new Explainer(context.extensionUri, engineHost, runner, log, runViewCommand, panelState);
  const deps = { extensionUri: context.extensionUri, engineHost, runner, explainer, log };
  const statusBar = new MethodStatusBar(context.extensionUri);
  const inspectorDrawn = new vscode.EventEmitter<{ modelPath: string; drawn: InspectorDrawn }>();

  context.subscriptions.push(
    log,
    runner,
    explainer,
    engineHost,
    statusBar,
    ...registerCommands(deps),
    inspectorDrawn,
    datasetDrawn,
    registerInspector({ ...deps, drawn: inspectorDrawn }),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        // The host's copy of the state when it has one (the workbench's can be seconds old).
        explainer.adopt(panel, state);
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${CONFIG_SECTION}.colormap`)) explainer.recolor();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: the configured model will be used from the next run.');
      statusBar.update();
    }),
  );
  log.info(`Activated (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'not trusted'}).`);
  return { onDidRender: explainer.onDidRender, shownRequests: () => explainer.requests, shownPanels: () => explainer.allRequests, onDidRerunForChange: explainer.onDidRerunForChange, statusBar: () => statusBar.info, answerQuickPicks, onDidDrawInspector: inspectorDrawn.event, onDidDrawDataset: datasetDrawn.event };
}

export function deactivate(): void {
  // Everything is in context.subscriptions; the engine worker is terminated with the EngineHost.
}
