/**
 * Watches the files an explanation was computed from (the image, the model, its `.explain.json`) and calls
 * back once, shortly after the last change: an editor's save or a copy over the file arrives as several events
 * (delete, create, change), and the explanation should re-run once for them, after the file is whole.
 */
import * as path from 'path';
import * as vscode from 'vscode';

/** Long enough to gather one save's events, short enough to feel immediate. */
export const RERUN_DEBOUNCE_MS = 400;

export class FileWatch implements vscode.Disposable {
  private readonly watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  readonly files: readonly string[];

  constructor(files: string[], onChange: (changed: string) => void) {
    this.files = [...new Set(files)].sort();
    for (const file of this.files) {
      // A pattern on the file's folder, so a file outside the workspace (a bundled model, an absolute path) is watched too.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const changed = (): void => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => onChange(file), RERUN_DEBOUNCE_MS);
      };
      this.watchers.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    }
  }

  /** True when it watches exactly these files (so a re-run of the same explanation keeps its watch). */
  watches(files: string[]): boolean {
    const wanted = [...new Set(files)].sort();
    return wanted.length === this.files.length && wanted.every((f, i) => f === this.files[i]);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.watchers.splice(0)) d.dispose();
  }
}
