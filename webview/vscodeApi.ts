/** The webview's one handle to the host, acquired once (VS Code allows only one call per page). */
import type { FromView, ViewState } from '../src/protocol';

interface VsCodeApi {
  postMessage(message: FromView): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const host: VsCodeApi = acquireVsCodeApi();
