/**
 * "Explain Folder...": the current method and model over every image under a folder, through the worker's
 * batched folder run, into `<workspace>/explain-dataset/<folder>-<method>` (resumable: a second run skips
 * what is done). A cancellable notification shows n of N, images per second and the time left; a Dataset tab
 * shows the results as they come, then the folder's SpRAy clusters.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { ExplainError } from '../../src/errors';
import type { FolderRequest, FolderSummary, SprayClass } from '../../src/protocol';
import { progressLine } from '../../webview/model/datasetGrid';
import type { CommandDeps } from '../commands/deps';
import { describeFailure, logFailure, showFailure, type Failure } from '../failures';
import { chooseModel, modelLocation } from '../modelSource';
import { requestParams } from '../panel/requests';
import * as settings from '../settings';
import { DatasetPanel } from './DatasetPanel';

export const RESULTS_DIR = 'explain-dataset';

/** Folder runs in progress, so "Cancel Explanation" stops them as well as the notification's button does. */
const running = new Set<AbortController>();

/** Cancels every folder run; true when there was one. */
export function cancelFolderRuns(): boolean {
  for (const c of running) c.abort();
  return running.size > 0;
}

export type FolderOutcome =
  | { status: 'ok'; out: string; summary: FolderSummary; classes: SprayClass[]; panel: DatasetPanel }
  | { status: 'cancelled'; out: string }
  | { status: 'failed'; failure: Failure };

export async function explainFolder(deps: CommandDeps, arg?: unknown): Promise<FolderOutcome | undefined> {
  const folder = arg instanceof vscode.Uri ? arg.fsPath : await pickFolder();
  if (!folder) return undefined;
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
    const failure = describeFailure(new ExplainError('BAD_ARGUMENT', `${folder} is not a folder: Explain Folder takes a folder of images (right-click one in the explorer).`));
    showFailure(failure);
    return { status: 'failed', failure };
  }
  const method = settings.method();
  const model = chooseModel(deps.extensionUri);
  const out = resultsFolder(folder, method);
  // Explaining the workspace itself must not explain the thumbnails of earlier runs.
  const request: FolderRequest = { model: model.source, method, params: requestParams(method, settings.params()), folder, out, exclude: [path.dirname(out)], device: settings.device() };
  const panel = new DatasetPanel({ folder, out, method, model: modelLocation(deps.extensionUri, model.file) }, deps);
  const controller = new AbortController();
  running.add(controller);
  // The panel's own tasks (reading maps) finish before clustering starts, so every image is in the view first.
  const streamed: Promise<void>[] = [];
  deps.log.info(`Explain Folder: ${method} over ${folder} into ${out} (device ${request.device}).`);
  try {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Explain: ${method} over ${path.basename(folder)}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let shown = 0;
        return deps.engineHost.engine.explainFolder(request, {
          signal: controller.signal,
          onFolderProgress: (p) => {
            const percent = p.total ? (100 * p.done) / p.total : 100;
            progress.report({ increment: Math.max(0, percent - shown), message: progressLine(p.done, p.total, p.imagesPerSecond, p.secondsLeft) });
            shown = Math.max(shown, percent);
            if (!panel.isDisposed) streamed.push(panel.addItems(p.items, p).catch((e) => deps.log.info(`Dataset view: ${(e as Error).message}`)));
          },
        });
      },
    );
    await Promise.all(streamed);
    const { index } = summary;
    deps.log.info(`Explain Folder: ${summary.explained} explained and ${summary.resumed} done before in ${summary.seconds.toFixed(1)} s (batch ${summary.batch}), ${index.failed.length} unreadable.`);
    if (!panel.isDisposed) {
      await panel.addItems(index.items);
      panel.finish({ type: 'finished', seconds: summary.seconds, explained: summary.explained, resumed: summary.resumed, failed: index.failed });
    }
    const { classes } = await deps.engineHost.engine.clusterFolder([out]);
    deps.log.info(`Explain Folder: clustered ${classes.length} classes (${classes.map((c) => `${c.label}: k = ${c.clusters.length}`).join(', ')}).`);
    panel.showClusters(classes);
    return { status: 'ok', out, summary, classes, panel };
  } catch (err) {
    if (controller.signal.aborted || (err instanceof ExplainError && err.code === 'CANCELLED')) {
      deps.log.info(`Explain Folder: cancelled; what is done stays in ${out} and a second run resumes.`);
      panel.fail('Cancelled. What is done stays in the results folder; Explain Folder again resumes where this run stopped.');
      return { status: 'cancelled', out };
    }
    logFailure(deps.log, err);
    const failure = describeFailure(err);
    showFailure(failure);
    panel.fail(failure.message);
    return { status: 'failed', failure };
  } finally {
    running.delete(controller);
  }
}

/**
 * "Write Dataset Report": the focused Dataset tab's report.html and results.csv, into its results folder. A
 * script passes 'quiet': no offer to open the report, and a failure is thrown to it.
 */
export async function writeDatasetReport(arg?: unknown): Promise<{ html: string; csv: string } | undefined> {
  const panel = DatasetPanel.latest;
  if (!panel) {
    void vscode.window.showInformationMessage('Explain: no Dataset view is open. Run "Explain Folder..." on a folder of images first.');
    return undefined;
  }
  return arg === 'quiet' ? panel.writeReport(true) : panel.writeReportOrSay();
}

/** `<workspace folder holding it, else the first>/explain-dataset/<name>-<method>`; beside the folder without a workspace. */
export function resultsFolder(folder: string, method: string): string {
  const holder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder)) ?? vscode.workspace.workspaceFolders?.[0];
  const base = holder ? holder.uri.fsPath : path.dirname(folder);
  return path.join(base, RESULTS_DIR, `${path.basename(folder)}-${method}`);
}

async function pickFolder(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Explain Folder', title: 'Explain every image in a folder' });
  return picked?.[0]?.fsPath;
}
