/**
 * Watches the files an explanation was computed from (the image, the model, its `.explain.json`) and calls
 * back once, shortly after the last change: an editor's save or a copy over the file arrives as several events
 * (delete, create, change), and the explanation should re-run once for them, after the file is whole.
 * Events are only hints: a file watcher can report a write that happened before the explanation read the file
 * (file system events arrive late, especially in a remote workspace), so a file re-runs only when its content
 * differs from what the explanation read.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

/** Long enough to gather one save's events, short enough to feel immediate. */
export const RERUN_DEBOUNCE_MS = 400;

/** Files up to this size are compared by content; larger ones (models) by size and modification time. */
const HASHED_BYTES = 4 * 1024 * 1024;

/** What a file holds now, as a short string: equal strings mean the same content ("missing" when absent). */
export function fingerprint(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'missing';
  }
  if (stat.size > HASHED_BYTES) return `${stat.size}:${stat.mtimeMs}`;
  try {
    return `${stat.size}:${createHash('sha1').update(fs.readFileSync(file)).digest('hex')}`;
  } catch {
    return `${stat.size}:${stat.mtimeMs}`;
  }
}

/** The fingerprint of each file, taken before an explanation reads them. */
export function fingerprints(files: string[]): Map<string, string> {
  return new Map(files.map((f) => [f, fingerprint(f)]));
}

export class FileWatch implements vscode.Disposable {
  private readonly watchers: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private seen: Map<string, string>;
  readonly files: readonly string[];

  /** `seen`: the fingerprints of the files as the explanation read them (see `fingerprints`). */
  constructor(files: string[], seen: Map<string, string>, onChange: (changed: string) => void) {
    this.files = [...new Set(files)].sort();
    this.seen = seen;
    const pending = new Set<string>();
    for (const file of this.files) {
      // A pattern on the file's folder, so a file outside the workspace (a bundled model, an absolute path) is watched too.
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      const changed = (): void => {
        pending.add(file);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          const really = [...pending].find((f) => fingerprint(f) !== this.seen.get(f));
          pending.clear();
          if (really) onChange(really);
        }, RERUN_DEBOUNCE_MS);
      };
      this.watchers.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    }
  }

  /** True when it watches exactly these files (so a re-run of the same explanation keeps its watch). */
  watches(files: string[]): boolean {
    const wanted = [...new Set(files)].sort();
    return wanted.length === this.files.length && wanted.every((f, i) => f === this.files[i]);
  }

  /** The explanation was computed again: compare later events with what that run read. */
  refresh(seen: Map<string, string>): void {
    this.seen = seen;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.watchers.splice(0)) d.dispose();
  }
}
