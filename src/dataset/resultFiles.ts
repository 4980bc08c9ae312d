/**
 * Writing and reading a results folder. Every file is written to a temporary name and renamed into place,
 * and an image's JSON last of its files, so a run killed at any moment leaves only whole results behind
 * (the next run redoes the image whose JSON is missing).
 */
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { ExplainError } from '../errors';
import { decodeNpy, encodeNpy } from '../io/npy';
import type { DatasetIndex, DatasetItem, DatasetSettings, Shard } from '../protocol';
import type { DisplayImage } from '../preprocess/image';
import type { ScalarMap } from '../render/colormap';
import { INDEX_FILE, itemFiles } from './outLayout';

/** Longest side of the stored thumbnails. */
export const THUMBNAIL_SIDE = 64;

async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/** The image's map, thumbnail and JSON; `item` is completed with their paths. */
export async function writeItem(out: string, item: Omit<DatasetItem, 'map' | 'thumbnail'>, map: ScalarMap, display: DisplayImage): Promise<DatasetItem> {
  const files = itemFiles(item.path);
  const thumb = await sharp(Buffer.from(display.data.buffer, display.data.byteOffset, display.data.byteLength), { raw: { width: display.width, height: display.height, channels: 3 } })
    .resize({ width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, fit: 'inside', withoutEnlargement: true })
    .png()
    .toBuffer();
  const full: DatasetItem = { ...item, map: { file: files.map, width: map.width, height: map.height }, thumbnail: files.thumbnail };
  await writeAtomic(join(out, files.map), encodeNpy(map.data, [map.height, map.width]));
  await writeAtomic(join(out, files.thumbnail), thumb);
  await writeAtomic(join(out, files.json), JSON.stringify(full, null, 1));
  return full;
}

export async function readItem(out: string, path: string): Promise<DatasetItem> {
  const file = join(out, itemFiles(path).json);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as DatasetItem;
  } catch (e) {
    throw new ExplainError('BAD_ARGUMENT', `The result ${file} is unreadable (${(e as Error).message}): delete it and run again to redo that image.`);
  }
}

/** An item's stored map. */
export async function readMap(out: string, item: DatasetItem): Promise<ScalarMap> {
  const npy = decodeNpy(await readFile(join(out, item.map.file)));
  const [height, width] = npy.shape;
  return { data: npy.data, width, height };
}

/** index.json, or index-<i>-of-<n>.json for a shard: shards may share one OUT on a shared file system. */
export function indexFileName(shard: Shard | undefined): string {
  return shard ? `index-${shard.index}-of-${shard.count}.json` : INDEX_FILE;
}

export async function writeIndex(out: string, index: DatasetIndex): Promise<void> {
  await writeAtomic(join(out, indexFileName(index.settings.shard)), JSON.stringify(index));
}

/** Every index in a results folder (one per shard that wrote there); none for a new folder. */
export async function readIndexes(out: string): Promise<DatasetIndex[]> {
  let names: string[];
  try {
    names = await readdir(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ExplainError('BAD_ARGUMENT', `Cannot read the results folder ${out}: ${(e as Error).message}`);
  }
  const files = names.filter((n) => /^index(-\d+-of-\d+)?\.json$/.test(n)).sort();
  return Promise.all(
    files.map(async (n) => {
      const file = join(out, n);
      let index: DatasetIndex;
      try {
        index = JSON.parse(await readFile(file, 'utf8')) as DatasetIndex;
      } catch (e) {
        throw new ExplainError('BAD_ARGUMENT', `${file} is not a results index (${(e as Error).message}).`);
      }
      if (index.version !== 1 || !Array.isArray(index.items)) throw new ExplainError('BAD_ARGUMENT', `${file} is not a results index of this version of explain.`);
      return index;
    }),
  );
}

/** Refuses to mix results of another model, method or parameters into a folder (resume or merge). */
export function checkSameSettings(a: DatasetSettings, b: DatasetSettings, where: string): void {
  const what = (s: DatasetSettings) => JSON.stringify({ model: modelName(s.model), method: s.method, params: s.params, mapSide: s.mapSide });
  if (what(a) !== what(b)) {
    throw new ExplainError(
      'BAD_ARGUMENT',
      `${where} holds results of ${b.method} ${JSON.stringify(b.params)} on ${modelName(b.model)}, not of ${a.method} ${JSON.stringify(a.params)} on ${modelName(a.model)}: give another --out, or delete it to start again.`,
    );
  }
}

/** The model's file name: the same model may sit at another path on each machine. */
function modelName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
