/**
 * The panel's state, kept by the host as well as by the view. The view saves it with setState at once, but the
 * web workbench (code-server) writes a webview's state to storage only with the rest of its UI state: when idle,
 * every 5 s, and on unload without waiting for the write, which a browser reload cuts short. So after a reload
 * the serializer can be handed a state seconds old (measured: reloading right after a method switch restored
 * the method before it; 7 s later, or through "Developer: Reload Window", which awaits the write, the latest).
 * The host's copy is a file, written as the result it describes is posted to the view (workspaceState was tried
 * first: the workbench writes it about 100 ms later, and a test reloading sooner restored the class before).
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as vscode from 'vscode';
import type { DisplaySettings, ViewRequest, ViewState } from '../../src/protocol';
import { defaultDisplay, sanitizeDisplay } from '../../webview/model/display';
import { validRequests } from './requests';

/** Where the host's copy is kept; `undefined` removes it. */
export interface StateStore {
  read(): unknown;
  write(value: unknown): void;
}

export class PanelState {
  constructor(private readonly store: StateStore) {}

  /** The host's copy, checked like any saved state (an older version of the extension may have written it). */
  get(): ViewState | undefined {
    return parse(this.store.read());
  }

  /** The panel shows these requests now. */
  showing(requests: ViewRequest[]): void {
    this.store.write({ ...this.get(), requests });
  }

  /** The view reported how it draws (untrusted: only known settings in their ranges are kept). */
  displayed(display: unknown): void {
    this.store.write({ requests: this.get()?.requests ?? [], display: sanitizeDisplay(display, defaultDisplay('signed')) });
  }

  /** A new panel starts from nothing: what an older one showed must not come back with it. */
  clear(): void {
    this.store.write(undefined);
  }

  /** What a panel VS Code restored shows: the host's copy when it has requests, else the state the workbench kept. */
  restore(webviewState: unknown): ViewState {
    const own = this.get();
    return own && own.requests.length > 0 ? own : (parse(webviewState) ?? { requests: [] });
  }
}

/**
 * A JSON file (in the workspace's extension storage), written synchronously and replaced whole by a rename, so
 * a window reload, which ends the extension host, finds the last state complete. A few hundred bytes, a few
 * times a second at most (the view throttles its display reports).
 */
export function fileStore(file: string): StateStore {
  return {
    read() {
      try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    },
    write(value) {
      try {
        if (value === undefined) return fs.rmSync(file, { force: true });
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(`${file}.tmp`, JSON.stringify(value));
        fs.renameSync(`${file}.tmp`, file);
      } catch {
        // Without the copy a restore falls back to the workbench's state: older, but a state.
      }
    },
  };
}

/** A window without a workspace folder has no workspace storage folder: its memento, written a little later. */
export function mementoStore(memento: Pick<vscode.Memento, 'get' | 'update'>, key: string): StateStore {
  return { read: () => memento.get(key), write: (value) => void memento.update(key, value) };
}

function parse(value: unknown): ViewState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { requests, display } = value as { requests?: unknown; display?: unknown };
  const checked: DisplaySettings | undefined = display === undefined ? undefined : sanitizeDisplay(display, defaultDisplay('signed'));
  return { requests: validRequests(requests), ...(checked ? { display: checked } : {}) };
}
