/** The "Explain" output channel: where error details and timings go, so messages can stay short. */
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Explain', { log: true });
}
