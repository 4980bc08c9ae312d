/**
 * Explain a folder: list its images, keep this shard's, skip those done already (resume), and explain the rest
 * in batches that fit the memory bound, writing each image's result as soon as its batch is done, the index
 * after every batch, and reporting progress (n of N, images per second, time left).
 */
import { resolve } from 'node:path';
import { ExplainError } from '../errors';
import type { Engine, StopFn } from '../engine/engine';
import type { DatasetFailure, DatasetIndex, DatasetItem, DatasetSettings, FolderProgress, FolderRequest, FolderSummary } from '../protocol';
import { decodeImage, type DecodedImage } from '../preprocess/image';
import { boxDownsample } from '../analysis/downsample';
import { BatchExplainer } from './batchExplainer';
import { folderLabel, labelMatcher } from './imageFolder';
import { listImages } from './listImages';
import { BatchSizer, DEFAULT_MEMORY_BYTES, MAX_BATCH, perImageBytes } from './memoryBound';
import { isDone } from './outLayout';
import { checkSameSettings, readIndexes, readItem, writeIndex, writeItem } from './resultFiles';
import { checkShard, inShard } from './shard';

/** Longest side of the stored relevance maps: enough for a report's mean maps, small enough for thousands. */
export const MAP_SIDE = 64;

/** The index is rewritten at most this often (ms): once per batch costs a JSON of every item done so far. */
const INDEX_INTERVAL = 2000;

export async function runFolder(engine: Engine, req: FolderRequest, onProgress: (p: FolderProgress) => void = () => {}, stop: StopFn = () => false): Promise<FolderSummary> {
  try {
    await engine.useDevice(req.device ?? 'cpu');
    return await explainFolder(engine, req, onProgress, stop);
  } finally {
    // Single images are explained on the CPU: a device is chosen per folder run.
    await engine.useDevice('cpu');
  }
}

async function explainFolder(engine: Engine, req: FolderRequest, onProgress: (p: FolderProgress) => void, stop: StopFn): Promise<FolderSummary> {
  const checkpoint = () => {
    if (stop()) throw new ExplainError('CANCELLED', 'Cancelled.');
  };
  const folder = resolve(req.folder);
  const out = resolve(req.out);
  const shard = req.shard && checkShard(req.shard);
  const budget = req.memoryBytes ?? DEFAULT_MEMORY_BYTES;
  if (!(budget > 0)) throw new ExplainError('BAD_ARGUMENT', `The memory bound must be a positive number of bytes (got ${req.memoryBytes}).`);

  const all = await listImages(folder, [out, ...(req.exclude ?? [])]);
  const mine = all.filter((p) => inShard(p, shard));
  checkpoint();
  const explainer = await BatchExplainer.open(engine, req.model, req.method, req.params);
  const { opened } = explainer;
  const settings: DatasetSettings = {
    model: opened.modelPath,
    method: req.method,
    params: explainer.params,
    folder,
    ...(shard && { shard }),
    device: req.device ?? 'cpu',
    mapSide: MAP_SIDE,
    ...(opened.labels && { labels: opened.labels }),
  };
  for (const earlier of await readIndexes(out)) checkSameSettings(settings, earlier.settings, out);

  const items: DatasetItem[] = [];
  const pending: string[] = [];
  for (const path of mine) {
    if (await isDone(out, path)) items.push(await readItem(out, path));
    else pending.push(path);
  }
  const resumed = items.length;
  const failed: DatasetFailure[] = [];
  const index = (): DatasetIndex => ({ version: 1, settings, items: [...items].sort((a, b) => (a.path < b.path ? -1 : 1)), failed });
  const labelIndexOf = labelMatcher(opened.labels, opened.classes);
  const labelOf = (k: number) => opened.labels?.[k] ?? `class ${k}`;

  const sizer = new BatchSizer(budget, perImageBytes(opened.sizes.canonical.shapes), process.memoryUsage().rss, Math.min(explainer.maxBatch, MAX_BATCH));
  let largest = 0;
  const t0 = performance.now();
  let explained = 0;
  let lastIndexWrite = 0;
  const progress = (fresh: DatasetItem[]) => {
    const seconds = (performance.now() - t0) / 1000;
    const ips = explained / Math.max(seconds, 1e-9);
    const left = mine.length - items.length - failed.length;
    onProgress({ done: items.length + failed.length, total: mine.length, resumed, failed: failed.length, imagesPerSecond: ips, secondsLeft: explained ? left / ips : undefined, items: fresh, batch: sizer.current });
  };
  progress(items.slice());
  try {
    for (let start = 0; start < pending.length; ) {
      checkpoint();
      const paths = pending.slice(start, start + sizer.current);
      start += paths.length;
      const decoded: { path: string; image: DecodedImage }[] = [];
      for (const path of paths) {
        try {
          decoded.push({ path, image: await decodeImage(resolve(folder, path), opened.config.input) });
        } catch (e) {
          if (!(e instanceof ExplainError)) throw e;
          failed.push({ path, message: e.message });
        }
      }
      const fresh: DatasetItem[] = [];
      if (decoded.length) {
        const results = await explainer.explain(decoded.map((d) => d.image.tensor), checkpoint);
        for (let j = 0; j < decoded.length; j++) {
          const { path, image } = decoded[j];
          const r = results[j];
          const label = folderLabel(path);
          const labelIndex = label === undefined ? undefined : labelIndexOf(label);
          const item = {
            path,
            ...(label !== undefined && { label }),
            ...(labelIndex !== undefined && { labelIndex, correct: labelIndex === r.target }),
            target: r.target,
            targetLabel: labelOf(r.target),
            score: r.score,
            probability: r.probability,
            relevanceSum: r.relevanceSum,
          };
          fresh.push(await writeItem(out, item, boxDownsample(r.map, MAP_SIDE), image.display));
        }
        explained += decoded.length;
        largest = Math.max(largest, decoded.length);
      }
      items.push(...fresh);
      sizer.measured(process.memoryUsage().rss);
      if (performance.now() - lastIndexWrite > INDEX_INTERVAL) {
        await writeIndex(out, index());
        lastIndexWrite = performance.now();
      }
      progress(fresh);
    }
  } finally {
    // What was done before a cancel or an error stays indexed (each result is on disk already).
    await writeIndex(out, index());
  }
  return { index: index(), explained, resumed, seconds: (performance.now() - t0) / 1000, batch: largest, peakBytes: process.resourceUsage().maxRSS * 1024 };
}
