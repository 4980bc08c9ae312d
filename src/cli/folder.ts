/**
 * `explain --folder DIR --out OUT [--shard i/n]`: the folder through the worker, with a progress line on
 * stderr (rewritten in place on a terminal; on a batch system's log, one line every PLAIN_INTERVAL seconds).
 */
import type { FolderProgress, FolderSummary } from '../protocol';
import type { EngineClient } from '../worker/client';
import type { FolderCliOptions } from './args';

const PLAIN_INTERVAL = 30;

export function describeProgress(p: FolderProgress): string {
  const left = p.secondsLeft === undefined ? '' : `, ${clock(p.secondsLeft)} left`;
  const resumed = p.resumed ? ` (${p.resumed} done before)` : '';
  const failed = p.failed ? `, ${p.failed} unreadable` : '';
  return `${p.done}/${p.total} images${resumed}${failed}, ${p.imagesPerSecond.toFixed(1)} images/s${left}, batch ${p.batch}`;
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const hms = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  return (hms[0] ? hms : hms.slice(1)).map((v, i) => (i ? String(v).padStart(2, '0') : String(v))).join(':');
}

export async function runFolderCli(opts: FolderCliOptions, client: EngineClient, err: NodeJS.WriteStream, out: (s: string) => void): Promise<FolderSummary> {
  const tty = err.isTTY;
  let last = 0;
  const summary = await client.explainFolder(opts.request, {
    onFolderProgress: (p) => {
      const now = performance.now() / 1000;
      if (tty) err.write(`\r${describeProgress(p)}\x1b[K`);
      else if (now - last >= PLAIN_INTERVAL || p.done === p.total) {
        err.write(`${describeProgress(p)}\n`);
        last = now;
      }
    },
  });
  if (tty) err.write('\n');
  const { index } = summary;
  const where = index.settings.shard ? ` (shard ${index.settings.shard.index}/${index.settings.shard.count})` : '';
  const failed = index.failed.map((f) => `  unreadable: ${f.path}: ${f.message}\n`).join('');
  out(
    `${index.settings.method}: ${summary.explained} images explained, ${summary.resumed} done before${where}, in ${summary.seconds.toFixed(1)} s ` +
      `(${(summary.explained / Math.max(summary.seconds, 1e-9)).toFixed(1)} images/s, batches of up to ${summary.batch}, peak ${(summary.peakBytes / 2 ** 20).toFixed(0)} MB)\n` +
      failed +
      `  ${opts.request.out}\n`,
  );
  return summary;
}
