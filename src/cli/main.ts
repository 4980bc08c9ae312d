/**
 * `explain <image> --model ... [--method ...]` and `explain inspect <model> [image]`: the engine from a terminal,
 * through the same worker the extension uses. Exit status 2 and one line on stderr for anything the user can fix.
 */
import { performance } from 'node:perf_hooks';
import { ExplainError } from '../errors';
import type { ExplainResult, ExportResult, Timings } from '../protocol';
import { EngineClient, defaultWorkerPath } from '../worker/client';
import { USAGE, parseCli } from './args';
import { runInspect } from './inspect';
import { describeRepeat, repeatStats, type RepeatStats } from './repeat';
import { writeResults } from './writeResults';
import { runFolderCli } from './folder';
import { runReport } from './report';

/**
 * Above this share of f(x) - f(baseline) an Integrated Gradients completeness error is worth a finer path:
 * with the default 32 Gauss-Legendre steps SqueezeNet's samples land between 0.03% and 2%.
 */
const IG_COMPLETENESS_HINT = 0.01;

export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const client = new EngineClient({ workerPath: defaultWorkerPath() });
  try {
    if (argv[0] === 'report') {
      await runReport(argv.slice(1), (s) => process.stdout.write(s));
      return 0;
    }
    if (argv[0] === 'inspect') {
      await runInspect(argv.slice(1), client, (s) => process.stdout.write(s));
      return 0;
    }
    const opts = parseCli(argv);
    if (opts === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    for (const w of opts.warnings) process.stderr.write(`explain: warning: ${w}\n`);
    if ('export' in opts) {
      process.stdout.write(describeExport(await client.exportExplained(opts.export)));
      return 0;
    }
    if (opts.kind === 'folder') {
      await runFolderCli(opts, client, process.stderr, (s) => process.stdout.write(s));
      return 0;
    }
    const timings: Timings[] = [];
    const totals: number[] = [];
    let result: ExplainResult | undefined;
    for (let i = 0; i < opts.repeat; i++) {
      const t0 = performance.now();
      result = await client.explain(opts.request);
      totals.push(performance.now() - t0);
      timings.push(result.timings);
    }
    const r = result!;
    const repeat: RepeatStats | undefined = opts.repeat > 1 ? repeatStats(timings, totals) : undefined;
    const written = await writeResults(r, opts.outDir, repeat ? { repeat } : {});
    const t = r.timings;
    process.stdout.write(
      `${r.method}: class ${r.target} "${r.label}" score ${r.score.toFixed(4)}, relevance sum ${r.relevanceSum.toFixed(4)}` +
        (r.completenessError !== undefined ? `, completeness error ${r.completenessError.toExponential(2)}` : '') +
        `\n${completenessHint(r)}` +
        `forward ${t.forwardMs.toFixed(1)} ms, compile ${t.compileMs.toFixed(0)} ms, run ${t.runMs.toFixed(1)} ms\n` +
        faithfulnessLine(r) +
        randomizationLine(r) +
        (repeat ? `${describeRepeat(repeat)}\n` : '') +
        written.map((f) => `  ${f}`).join('\n') +
        '\n',
    );
    return 0;
  } catch (e) {
    const err = e instanceof ExplainError ? e : new ExplainError('INTERNAL', String(e instanceof Error ? e.message : e), e instanceof Error ? e.stack : undefined);
    process.stderr.write(`explain: ${err.message}\n`);
    // Errors from argument parsing carry no detail: their own stack is the one to show.
    const detail = err.detail ?? err.stack;
    if (verbose && detail) process.stderr.write(`${detail}\n`);
    return err.code === 'INTERNAL' ? 1 : 2;
  } finally {
    await client.dispose();
  }
}

/** What --export-onnx wrote: the file, and the inputs to feed and outputs to read. */
export function describeExport(r: ExportResult): string {
  const dims = (d: (number | string)[]) => `[${d.join(', ')}]`;
  return (
    `${r.method}: wrote ${r.path} (${(r.bytes / 1e6).toFixed(1)} MB)\n` +
    `  inputs:  ${r.inputs.map((i) => `${i.name} ${i.type} ${dims(i.dims)}`).join(', ')}\n` +
    `  outputs: ${r.outputs.join(', ')}${r.layers.length ? ` (${r.layers.length} layers)` : ''}\n` +
    `  target -1 explains each row's top class; metadata_props explain.* say the method, parameters and preprocessing.\n`
  );
}

/** The faithfulness numbers beside chance, when they were asked for; else ''. */
export function faithfulnessLine(r: Pick<ExplainResult, 'metrics'>): string {
  const f = r.metrics?.faithfulness;
  if (!f) return '';
  const n = (v: number) => v.toPrecision(3);
  const chance = f.random ? ` (random orders ${n(f.random.abpc)} +- ${n(f.random.abpcStd)})` : '';
  return `faithfulness (${f.removal}, ${f.patch} px patches, ${f.forwards} forwards in ${(f.ms / 1000).toFixed(1)} s): ABPC ${n(f.abpc)}${chance}, AOPC ${n(f.aopc)}${f.random ? ` (random ${n(f.random.aopc)})` : ''}\n`;
}

/** The randomization test's first and last similarity, and its flag, when it was asked for; else ''. */
export function randomizationLine(r: Pick<ExplainResult, 'metrics'>): string {
  const rz = r.metrics?.randomization;
  if (!rz) return '';
  const [first, last] = [rz.steps[0], rz.steps[rz.steps.length - 1]];
  const n = (v: number) => v.toFixed(2);
  return (
    `randomization (${rz.steps.length} layers, seed ${rz.seed}, ${(rz.ms / 1000).toFixed(1)} s): Spearman |R| ${n(first.spearman)} with the top layer random, ${n(last.spearman)} with all; SSIM ${n(first.ssim)}, ${n(last.ssim)}` +
    (rz.flagged ? '. FLAGGED: the map barely changes when the model is destroyed' : '') +
    '\n'
  );
}

/** A line suggesting more steps when Integrated Gradients' sum misses f(x) - f(baseline) by much; else ''. */
export function completenessHint(r: Pick<ExplainResult, 'method' | 'params' | 'score' | 'baselineScore' | 'completenessError'>): string {
  if (r.method !== 'integrated-gradients' || r.completenessError === undefined || r.baselineScore === undefined) return '';
  const delta = Math.abs(r.score - r.baselineScore);
  const share = Math.abs(r.completenessError) / Math.max(delta, 1e-12);
  if (share <= IG_COMPLETENESS_HINT) return '';
  const steps = r.params.steps ?? 32;
  return `The completeness error is ${(share * 100).toFixed(1)}% of f(x) - f(baseline): raise --steps (now ${steps}, try ${steps * 4}) for a closer path integral.\n`;
}
