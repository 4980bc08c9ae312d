/**
 * The steps of one explanation's Timeline (protocol.ts), from the command reaching the host to the painted
 * view: for the log, and for the benchmark's breakdown (test/vscode/breakdown.ts).
 */
import type { Timeline } from '../src/protocol';

export type TimelineStep = readonly [name: string, from: keyof Timeline, to: keyof Timeline];

export const TIMELINE_STEPS: readonly TimelineStep[] = [
  ['host before engine', 'invoked', 'engineSent'],
  ['to worker', 'engineSent', 'workerReceived'],
  ['engine (worker)', 'workerReceived', 'workerDone'],
  ['from worker', 'workerDone', 'engineDone'],
  ['host converts', 'engineDone', 'posted'],
  ['host -> webview', 'posted', 'arrived'],
  ['webview draws', 'arrived', 'painted'],
];

/** "host before engine 0 ms, to worker 1 ms, ...", with "?" for a mark the timeline lacks. */
export function describeTimeline(t: Timeline): string {
  return TIMELINE_STEPS.map(([name, from, to]) => {
    const a = t[from];
    const b = t[to];
    return `${name} ${a === undefined || b === undefined ? '?' : `${b - a} ms`}`;
  }).join(', ');
}
