/** What command handlers need; built once in activate(). */
import type * as vscode from 'vscode';
import type { EngineHost } from '../engineHost';
import type { Explainer } from '../explainer';
import type { Log } from '../log';
import type { Runner } from '../runner';

export interface CommandDeps {
  extensionUri: vscode.Uri;
  engineHost: EngineHost;
  runner: Runner;
  explainer: Explainer;
  log: Log;
}
