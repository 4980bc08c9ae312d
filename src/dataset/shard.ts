/**
 * Deterministic shards: an image belongs to shard hash(path) mod n, so n machines given 0/n .. (n-1)/n cover
 * every image exactly once, with no list handed out, whatever order each one lists the folder in.
 */
import { ExplainError } from '../errors';
import type { Shard } from '../protocol';

/** FNV-1a (32 bits) of the path's UTF-8 bytes: stable across platforms and Node versions, unlike any built-in hash. */
export function pathHash(path: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(path, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function inShard(path: string, shard: Shard | undefined): boolean {
  return !shard || pathHash(path) % shard.count === shard.index;
}

/** "i/n" with 0 <= i < n: Slurm's $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT (an array 0-(n-1)), Kubernetes' JOB_COMPLETION_INDEX. */
export function parseShard(s: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  if (!m) throw new ExplainError('BAD_ARGUMENT', `--shard must be i/n, this machine's index and the number of machines (got "${s}").`);
  return checkShard({ index: Number(m[1]), count: Number(m[2]) });
}

export function checkShard(shard: Shard): Shard {
  const { index, count } = shard;
  if (!Number.isInteger(count) || count < 1) throw new ExplainError('BAD_ARGUMENT', `The shard count must be a positive integer (got ${count}).`);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new ExplainError('BAD_ARGUMENT', `The shard index must be 0..${count - 1} for ${count} shards (got ${index}); Slurm arrays should run --array=0-${count - 1}.`);
  }
  return shard;
}
