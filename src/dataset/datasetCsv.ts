/** The per-image CSV of a (merged) results folder: one row per image, with its SpRAy cluster when clustered. */
import { csvRow } from '../report/layerTable';
import type { DatasetItem } from '../protocol';

export const CSV_COLUMNS = ['path', 'label', 'label_index', 'predicted', 'predicted_label', 'score', 'probability', 'correct', 'relevance_sum', 'cluster'];

/** `clusterOf`: the image's cluster id within its class, if the classes were clustered. */
export function datasetCsv(items: DatasetItem[], clusterOf: (path: string) => number | undefined = () => undefined): string {
  const rows = items.map((i) =>
    csvRow([i.path, i.label ?? '', i.labelIndex ?? '', i.target, i.targetLabel, i.score, i.probability, i.correct === undefined ? '' : String(i.correct), i.relevanceSum, clusterOf(i.path) ?? '']),
  );
  return [csvRow(CSV_COLUMNS), ...rows].join('\r\n') + '\r\n';
}
