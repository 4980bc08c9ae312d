/** The image files of a folder (not its subfolders), by name, for a set of baselines drawn from it. */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { ExplainError } from '../errors';

/** What the image decoder reads (sharp/libvips). */
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.gif', '.tif', '.tiff', '.bmp']);

export function imageFiles(folder: string): string[] {
  const dir = resolve(folder);
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new ExplainError('BAD_ARGUMENT', `The baseline folder "${folder}" is a file, not a folder: name a folder of images.`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof ExplainError) throw e;
    throw new ExplainError('BAD_ARGUMENT', `The baseline folder "${folder}" cannot be read (${(e as Error).message}).`);
  }
  const files = names.filter((n) => IMAGE_EXTENSIONS.has(extname(n).toLowerCase())).sort().map((n) => join(dir, n));
  if (!files.length) throw new ExplainError('BAD_ARGUMENT', `The baseline folder "${folder}" has no images (${[...IMAGE_EXTENSIONS].join(', ')}).`);
  return files;
}
