/** The webview's one handle to the host, acquired once (VS Code allows only one call per page). */
import type { FromView, ViewState } from '../src/protocol';
import type { HostApi } from './hostApi';

declare function acquireVsCodeApi(): HostApi<FromView, ViewState>;

export const host: HostApi<FromView, ViewState> = acquireVsCodeApi();
