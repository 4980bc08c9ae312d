/**
 * Owns the window's one engine worker: created on first use (activation stays cheap), reused so compiled
 * sessions stay cached, disposed with the extension. The client itself restarts a dead worker lazily.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EngineClient } from '../src/worker/client';

export class EngineHost implements vscode.Disposable {
  private client: EngineClient | undefined;

  get engine(): EngineClient {
    this.client ??= new EngineClient({ workerPath: workerPath() });
    return this.client;
  }

  dispose(): void {
    void this.client?.dispose();
    this.client = undefined;
  }
}

/**
 * The worker script beside the running code: dist/worker.js in the esbuild bundle (dist/extension.js),
 * out/src/worker/engineWorker.js when running tsc's output (out/extension/*.js).
 */
export function workerPath(): string {
  const bundled = path.join(__dirname, 'worker.js');
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, '..', 'src', 'worker', 'engineWorker.js');
}
