/**
 * `explain <image> --model ... --method ...`: the engine from a terminal, through the same worker the
 * extension uses. Exit status 2 and one line on stderr for anything the user can fix.
 */
import { ExplainError } from '../errors';
import { EngineClient, defaultWorkerPath } from '../worker/client';
import { USAGE, parseCli } from './args';
import { writeResults } from './writeResults';

export async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const client = new EngineClient({ workerPath: defaultWorkerPath() });
  try {
    const opts = parseCli(argv);
    if (opts === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const result = await client.explain(opts.request);
    const written = await writeResults(result, opts.outDir);
    const t = result.timings;
    process.stdout.write(
      `${result.method}: class ${result.target} "${result.label}" score ${result.score.toFixed(4)}, relevance sum ${result.relevanceSum.toFixed(4)}` +
        (result.completenessError !== undefined ? `, completeness error ${result.completenessError.toExponential(2)}` : '') +
        `\nforward ${t.forwardMs.toFixed(1)} ms, compile ${t.compileMs.toFixed(0)} ms, run ${t.runMs.toFixed(1)} ms\n` +
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
