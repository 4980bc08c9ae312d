/** --repeat: the phases' times over several runs of one explanation in one process, cold run included. */
import type { Timings } from '../protocol';

export interface PhaseStats {
  /** The first run's time: cold, with the graph compiled and the sessions created. */
  first: number;
  min: number;
  median: number;
}

/** In result.json as `repeat`: compile, forward and run (the method's passes of the compiled forward + backward graph). */
export interface RepeatStats {
  runs: number;
  compileMs: PhaseStats;
  forwardMs: PhaseStats;
  runMs: PhaseStats;
  /** Request to result as the CLI sees it: adds preprocessing, layer records and the worker's messages. */
  totalMs: PhaseStats;
}

function stats(values: number[]): PhaseStats {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { first: values[0], min: sorted[0], median };
}

export function repeatStats(timings: Timings[], totalMs: number[]): RepeatStats {
  return {
    runs: timings.length,
    compileMs: stats(timings.map((t) => t.compileMs)),
    forwardMs: stats(timings.map((t) => t.forwardMs)),
    runMs: stats(timings.map((t) => t.runMs)),
    totalMs: stats(totalMs),
  };
}

export function describeRepeat(r: RepeatStats): string {
  const f = (name: string, s: PhaseStats): string => `${name} ${s.first.toFixed(1)} cold, ${s.min.toFixed(1)} min, ${s.median.toFixed(1)} median`;
  return `${r.runs} runs (ms): ${[f('compile', r.compileMs), f('forward', r.forwardMs), f('run', r.runMs), f('total', r.totalMs)].join('; ')}`;
}
