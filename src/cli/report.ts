/** `explain report OUT... [--into DIR] [--clusters k] [--max-clusters k]`: shards merged into report.html and results.csv. */
import { parseArgs } from 'node:util';
import { ExplainError } from '../errors';
import type { SprayOptions } from '../protocol';
import { writeDatasetReport } from '../dataset/writeReport';

export const REPORT_USAGE = `Usage: explain report <OUT>... [--into <DIR>] [--clusters <k>] [--max-clusters <k>] [--seed <N>]

Merges the results folders of explain --folder runs (one per shard, or one they shared) into DIR/report.html
(self-contained: thumbnails, each class's mean relevance map, its SpRAy clusters with their mean maps and
members, a 2-D embedding, the settings used) and DIR/results.csv (one row per image). DIR defaults to the first OUT.
  --clusters <k>      clusters per class (default: what the eigengap suggests)
  --max-clusters <k>  most clusters the eigengap may suggest (default 8)
  --seed <N>          k-means' seed (default 0)`;

const bad = (m: string) => new ExplainError('BAD_ARGUMENT', m);

function count(name: string, s: string | undefined, min: number): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < min) throw bad(`--${name} must be a whole number >= ${min} (got ${s}).`);
  return n;
}

export function parseReport(argv: string[]): { outs: string[]; into: string; spray: SprayOptions } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { into: { type: 'string' }, clusters: { type: 'string' }, 'max-clusters': { type: 'string' }, seed: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    throw bad(`${(e as Error).message.split('\n')[0]} Run explain report --help.`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length === 0) throw bad('explain report needs the results folder(s) of explain --folder. Run explain report --help.');
  const spray: SprayOptions = {};
  const k = count('clusters', v.clusters, 1);
  const maxK = count('max-clusters', v['max-clusters'], 1);
  const seed = count('seed', v.seed, 0);
  if (k !== undefined) spray.clusters = k;
  if (maxK !== undefined) spray.maxClusters = maxK;
  if (seed !== undefined) spray.seed = seed;
  return { outs: parsed.positionals, into: v.into ?? parsed.positionals[0], spray };
}

export async function runReport(argv: string[], out: (s: string) => void): Promise<void> {
  const opts = parseReport(argv);
  if (opts === 'help') return out(`${REPORT_USAGE}\n`);
  const r = await writeDatasetReport(opts.outs, opts.into, opts.spray);
  const missing = r.merged.missingShards.length ? `; shards MISSING: ${r.merged.missingShards.join(', ')}` : '';
  const clusters = r.classes.map((c) => `  class ${c.target} "${c.label}": ${c.paths.length} images, ${c.clusters.length} cluster(s) (${c.clusters.map((x) => x.members.length).join(' + ')})`).join('\n');
  out(`${r.merged.entries.length} images from ${opts.outs.length} folder(s)${r.merged.shards.length ? `, shards ${r.merged.shards.join(' ')}` : ''}${missing}\n${clusters}\n  ${r.html}\n  ${r.csv}\n`);
}
