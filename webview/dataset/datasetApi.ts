/** The Dataset page's one handle to the host (acquired once per page, as VS Code requires). */
import type { DatasetViewState, FromDataset } from '../../src/protocol';
import type { HostApi } from '../hostApi';

declare function acquireVsCodeApi(): HostApi<FromDataset, DatasetViewState>;

export const host: HostApi<FromDataset, DatasetViewState> = acquireVsCodeApi();
