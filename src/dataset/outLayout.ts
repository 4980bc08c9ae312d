/**
 * Where a results folder keeps what: OUT/index.json, and per image OUT/results/<path>.json (its DatasetItem),
 * <path>.map.npy and <path>.thumb.png. A result's JSON is written last, so its presence means the image is done.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';

export const INDEX_FILE = 'index.json';
export const RESULTS_DIR = 'results';

export function itemFiles(path: string): { json: string; map: string; thumbnail: string } {
  const base = `${RESULTS_DIR}/${path}`;
  return { json: `${base}.json`, map: `${base}.map.npy`, thumbnail: `${base}.thumb.png` };
}

/** Whether an image's result is in OUT already (resume). */
export async function isDone(out: string, path: string): Promise<boolean> {
  try {
    await access(join(out, itemFiles(path).json));
    return true;
  } catch {
    return false;
  }
}
