/**
 * Runs one engine job at a time with a cancellable progress notification (shown only when the job takes
 * longer than a moment). A new job cancels the one before it. Never throws: every end is an Outcome.
 */
import * as vscode from 'vscode';
import { ExplainError } from '../src/errors';
import { describeFailure, logFailure, showFailure, type Failure } from './failures';
import { ContextKeys } from './ids';
import type { Log } from './log';

export type Outcome<T> = { status: 'ok'; value: T } | { status: 'cancelled' } | { status: 'failed'; failure: Failure };

export type Job<T> = (signal: AbortSignal, onProgress: (fraction: number, message: string) => void) => Promise<T>;

/** Below this a notification would only flicker. */
const PROGRESS_DELAY_MS = 300;

export class Runner implements vscode.Disposable {
  private current: AbortController | undefined;

  constructor(private readonly log: Log) {}

  async run<T>(title: string, job: Job<T>): Promise<Outcome<T>> {
    this.current?.abort();
    const controller = new AbortController();
    this.current = controller;
    void vscode.commands.executeCommand('setContext', ContextKeys.running, true);

    const progress: ProgressState = { fraction: 0, message: '' };
    const onProgress = (fraction: number, message: string): void => {
      Object.assign(progress, { fraction, message });
      progress.report?.(fraction, message);
    };
    const work = job(controller.signal, onProgress);
    const timer = setTimeout(() => this.showProgress(title, controller, work, progress), PROGRESS_DELAY_MS);
    const started = Date.now();
    try {
      const value = await work;
      this.log.info(`${title}: done in ${Date.now() - started} ms`);
      return { status: 'ok', value };
    } catch (err) {
      if (controller.signal.aborted || (err instanceof ExplainError && err.code === 'CANCELLED')) {
        this.log.info(`${title}: cancelled after ${Date.now() - started} ms`);
        return { status: 'cancelled' };
      }
      logFailure(this.log, err);
      const failure = describeFailure(err);
      showFailure(failure);
      return { status: 'failed', failure };
    } finally {
      clearTimeout(timer);
      if (this.current === controller) {
        this.current = undefined;
        void vscode.commands.executeCommand('setContext', ContextKeys.running, false);
      }
    }
  }

  /** Cancels the running job, if any; true when there was one. */
  cancel(): boolean {
    if (!this.current) return false;
    this.current.abort();
    return true;
  }

  dispose(): void {
    this.cancel();
  }

  private showProgress(title: string, controller: AbortController, work: Promise<unknown>, state: ProgressState): void {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        let shown = 0;
        state.report = (fraction, message) => {
          const percent = Math.max(0, Math.min(100, fraction * 100));
          progress.report({ increment: Math.max(0, percent - shown), message });
          shown = Math.max(shown, percent);
        };
        state.report(state.fraction, state.message);
        return work.then(
          () => undefined,
          () => undefined,
        );
      },
    );
  }
}

/** The latest progress, so a notification that appears late starts where the job is. */
interface ProgressState {
  fraction: number;
  message: string;
  report?: (fraction: number, message: string) => void;
}
