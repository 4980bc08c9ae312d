/**
 * Which loaded model a file holds, without reading and hashing it on every request: a 45 MB model costs
 * about 100 ms to read and hash, paid on each warm explanation otherwise. A file is read again only when
 * its size or modification time changed; its content hash still decides whether it is a model we have.
 */
import { stat } from 'node:fs/promises';
import { ExplainError } from '../errors';
import { contentHash } from './modelSessions';
import { readModelBytes } from './modelSource';

interface Seen {
  size: number;
  mtimeMs: number;
  hash: string;
}

export class ModelFiles {
  private seen = new Map<string, Seen>();

  /** The content hash of the file, and its bytes when they had to be read (always when `fresh`). */
  async identify(path: string, fresh = false): Promise<{ hash: string; bytes?: Uint8Array }> {
    const s = await stat(path).catch(() => {
      throw new ExplainError('MODEL_NOT_FOUND', `Model file not found: ${path}`);
    });
    const known = this.seen.get(path);
    if (!fresh && known && known.size === s.size && known.mtimeMs === s.mtimeMs) return { hash: known.hash };
    const bytes = await readModelBytes(path);
    const hash = contentHash(bytes);
    this.seen.set(path, { size: s.size, mtimeMs: s.mtimeMs, hash });
    return { hash, bytes };
  }
}
