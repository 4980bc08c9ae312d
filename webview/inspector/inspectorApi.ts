/** The inspector page's one handle to the host (acquired once per page, as VS Code requires). */
import type { FromInspector } from '../../src/protocol';
import type { HostApi } from '../hostApi';

declare function acquireVsCodeApi(): HostApi<FromInspector, never>;

export const host: HostApi<FromInspector, never> = acquireVsCodeApi();
