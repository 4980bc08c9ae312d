/**
 * `explain report OUT...` and the extension's export: results folders merged, every class clustered (SpRAy),
 * and the HTML report and per-image CSV written into a folder.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { sprayByClass } from '../analysis/spray';
import type { DatasetItem, ReportOptions, SprayClass, SprayOptions } from '../protocol';
import { relevanceToRgba } from '../render/colormap';
import { encodePng } from '../render/png';
import { datasetReportHtml, mapKey } from '../report/datasetReport';
import { datasetCsv } from './datasetCsv';
import { type MergedResults, mergeResults } from './mergeResults';
import { readMap } from './resultFiles';

export const REPORT_FILE = 'report.html';
export const CSV_FILE = 'results.csv';

export interface WrittenReport {
  html: string;
  csv: string;
  merged: MergedResults;
  classes: SprayClass[];
}

/** Results folders merged and every class clustered: what a Dataset view shows. */
export async function clusterResults(outs: string[], opts: SprayOptions = {}): Promise<{ merged: MergedResults; items: DatasetItem[]; classes: SprayClass[] }> {
  const merged = await mergeResults(outs.map((o) => resolve(o)));
  const outOf = new Map(merged.entries.map((e) => [e.item.path, e.out]));
  const items = merged.entries.map((e) => e.item);
  return { merged, items, classes: await sprayByClass(items, (item) => readMap(outOf.get(item.path)!, item), opts) };
}

export async function writeDatasetReport(outs: string[], into: string, opts: ReportOptions = {}): Promise<WrittenReport> {
  const { merged, items, classes } = await clusterResults(outs, opts);
  const thumbnails = new Map<string, string>();
  for (const { item, out } of merged.entries) thumbnails.set(item.path, `data:image/png;base64,${(await readFile(join(out, item.thumbnail))).toString('base64')}`);
  const maps = new Map<string, string>();
  const drawn = async (data: number[], width: number, height: number) => {
    const png = await encodePng(relevanceToRgba({ data: Float32Array.from(data), width, height }, { mode: 'positive' }), width, height, 4);
    return `data:image/png;base64,${png.toString('base64')}`;
  };
  for (const c of classes) {
    maps.set(mapKey(c.target), await drawn(c.mean, c.width, c.height));
    for (const cl of c.clusters) maps.set(mapKey(c.target, cl.id), await drawn(cl.mean, c.width, c.height));
  }
  const clusterOf = new Map<string, number>();
  for (const c of classes) c.paths.forEach((p, i) => clusterOf.set(p, c.assignment[i]));
  const dir = resolve(into);
  await mkdir(dir, { recursive: true });
  const html = join(dir, REPORT_FILE);
  const csv = join(dir, CSV_FILE);
  await writeFile(html, datasetReportHtml({ ...merged, settings: merged.settings, items, classes, thumbnails, maps, clusterNames: opts.clusterNames ?? {}, generated: new Date().toISOString() }));
  await writeFile(csv, datasetCsv(items, (p) => clusterOf.get(p)));
  return { html, csv, merged, classes };
}
