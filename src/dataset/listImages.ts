/** The images of a folder, recursively: every file whose extension the engine decodes (sharp's formats). */
import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ExplainError } from '../errors';
import { IMAGE_EXTENSIONS } from '../preprocess/imageTypes';

/**
 * Paths relative to `folder`, '/'-separated and sorted (by code unit, the same on every platform), so that
 * they name an image alike on every machine of a sharded run. Hidden entries (".git", ".DS_Store") and
 * anything under `exclude` (the results folder, when it lies inside) are left out.
 */
export async function listImages(folder: string, exclude: string[] = []): Promise<string[]> {
  const root = resolve(folder);
  const skip = new Set(exclude.map((e) => resolve(e)));
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (dir === root && code === 'ENOENT') throw new ExplainError('IMAGE_NOT_FOUND', `Folder not found: ${root}`);
      if (dir === root && code === 'ENOTDIR') throw new ExplainError('BAD_ARGUMENT', `${root} is a file, not a folder: give the folder that holds the images.`);
      throw new ExplainError('IMAGE_UNREADABLE', `Cannot read the folder ${dir}: ${(e as Error).message}`);
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (skip.has(path)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && isImageName(entry.name)) out.push(relative(root, path).split(sep).join('/'));
    }
  };
  await walk(root);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function isImageName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (IMAGE_EXTENSIONS as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}
