/** Results folders (one per shard, or one that shards shared) merged into one list, for the report and the CSV. */
import { ExplainError } from '../errors';
import type { DatasetFailure, DatasetItem, DatasetSettings } from '../protocol';
import { checkSameSettings, readIndexes } from './resultFiles';

export interface MergedEntry {
  item: DatasetItem;
  /** The results folder the item's files are in. */
  out: string;
}

export interface MergedResults {
  settings: DatasetSettings;
  /** Sorted by path. */
  entries: MergedEntry[];
  failed: DatasetFailure[];
  /** The shards found, as "i/n" (none when unsharded). */
  shards: string[];
  /** Shards of the count found that are missing, so a partial report says it is partial. */
  missingShards: string[];
}

export async function mergeResults(outs: string[]): Promise<MergedResults> {
  if (outs.length === 0) throw new ExplainError('BAD_ARGUMENT', 'Give at least one results folder (the --out of explain --folder).');
  const byPath = new Map<string, MergedEntry>();
  const failed = new Map<string, DatasetFailure>();
  const shards = new Set<string>();
  let settings: DatasetSettings | undefined;
  let count: number | undefined;
  for (const out of outs) {
    const indexes = await readIndexes(out);
    if (indexes.length === 0) throw new ExplainError('BAD_ARGUMENT', `${out} holds no index.json: it is not the --out of an explain --folder run (or that run has not finished a batch yet).`);
    for (const index of indexes) {
      if (settings) checkSameSettings(settings, index.settings, out);
      else settings = index.settings;
      const s = index.settings.shard;
      if (s) {
        if (count !== undefined && s.count !== count) throw new ExplainError('BAD_ARGUMENT', `${out} has shards of ${s.count}, the folders before it of ${count}: merge one sharding's results.`);
        count = s.count;
        shards.add(`${s.index}/${s.count}`);
      }
      // A shard only ever writes its own images, so the first result of a path is its only one.
      for (const item of index.items) if (!byPath.has(item.path)) byPath.set(item.path, { item, out });
      for (const f of index.failed) failed.set(f.path, f);
    }
  }
  for (const path of byPath.keys()) failed.delete(path);
  const missingShards = count === undefined ? [] : Array.from({ length: count }, (_, i) => `${i}/${count}`).filter((s) => !shards.has(s));
  const sorted = [...byPath.values()].sort((a, b) => (a.item.path < b.item.path ? -1 : 1));
  return { settings: settings!, entries: sorted, failed: [...failed.values()], shards: [...shards].sort(), missingShards };
}
