/**
 * The Dataset view's pure logic: results merged as they stream in, the grid's order, the per-class mean map,
 * the progress line. No DOM, so the unit tests run it in Node.
 */
import type { DatasetItem, DatasetSortKey, DatasetViewItem } from '../../src/protocol';
import { formatDuration } from './format';

/** Results keyed by path: a resumed run and the final index name the same image again; the newest wins. */
export function mergeItems(into: Map<string, DatasetViewItem>, items: DatasetViewItem[]): void {
  for (const i of items) into.set(i.item.path, i);
}

/** Correct first, then wrong, then unlabelled (ascending), so a descending sort puts the mistakes on top. */
function correctness(i: DatasetItem): number {
  return i.correct === undefined ? 2 : i.correct ? 0 : 1;
}

const COMPARE: Record<DatasetSortKey, (a: DatasetItem, b: DatasetItem) => number> = {
  path: () => 0,
  predicted: (a, b) => a.targetLabel.localeCompare(b.targetLabel) || a.target - b.target,
  score: (a, b) => a.score - b.score,
  probability: (a, b) => a.probability - b.probability,
  correct: (a, b) => correctness(a) - correctness(b),
};

/** The grid's order: by `key`, ties (and `path`) by path, so the order is the same on every redraw. */
export function sortItems<T extends { item: DatasetItem }>(items: T[], key: DatasetSortKey, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  const byPath = (a: DatasetItem, b: DatasetItem) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return [...items].sort((x, y) => sign * (COMPARE[key](x.item, y.item) || byPath(x.item, y.item)));
}

export interface ClassMean {
  target: number;
  label: string;
  count: number;
  width: number;
  height: number;
  /**
   * Mean of the members' absolute maps, each scaled by its largest magnitude first so no image outweighs the
   * others (signs of gradients cancel out over images; where relevance sits does not), as SpRAy's class mean.
   */
  mean: Float32Array;
}

/**
 * Per predicted class, the mean of its images' maps (of the class's first map's size; another size, from a
 * model whose input size varies, is left out rather than misaligned). Ordered by class index.
 */
export function classMeans(items: DatasetViewItem[]): ClassMean[] {
  const byClass = new Map<number, ClassMean>();
  for (const { item, map } of items) {
    const { width, height } = item.map;
    if (map.length !== width * height) continue;
    let c = byClass.get(item.target);
    if (!c) byClass.set(item.target, (c = { target: item.target, label: item.targetLabel, count: 0, width, height, mean: new Float32Array(width * height) }));
    if (c.width !== width || c.height !== height) continue;
    let peak = 0;
    for (const v of map) peak = Math.max(peak, Math.abs(v));
    const s = peak > 0 ? 1 / peak : 0;
    for (let p = 0; p < map.length; p++) c.mean[p] += Math.abs(map[p]) * s;
    c.count++;
  }
  for (const c of byClass.values()) for (let p = 0; p < c.mean.length; p++) c.mean[p] /= c.count;
  return [...byClass.values()].sort((a, b) => a.target - b.target);
}

/** "3 of 10, 4.2 images/s, about 2 s left": the progress line of a folder run. */
export function progressLine(done: number, total: number, imagesPerSecond: number, secondsLeft: number | undefined): string {
  const rate = imagesPerSecond > 0 ? `, ${imagesPerSecond.toFixed(1)} images/s` : '';
  const left = secondsLeft !== undefined && Number.isFinite(secondsLeft) ? `, about ${formatDuration(secondsLeft * 1000)} left` : '';
  return `${done} of ${total}${rate}${left}`;
}
