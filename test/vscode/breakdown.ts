/**
 * One right-click's path cut into named steps, from the driver's marks (ClickMarks) and the timeline the
 * host and the view stamped (protocol Timeline). All clocks are this machine's Date.now(), so a step between
 * two processes is true to a millisecond or so. The steps add up to the whole right-click-to-seen time.
 */
import { TIMELINE_STEPS } from '../../extension/timeline';
import type { Timeline } from '../../src/protocol';
import { median } from './stats';
import type { ClickMarks } from './workbench';

type Marks = ClickMarks & Timeline;

const STEPS: (readonly [name: string, from: keyof Marks, to: keyof Marks])[] = [
  ['menu opens', 'rightClick', 'menu'],
  ['item chosen', 'menu', 'chosen'],
  ['command reaches host', 'chosen', 'invoked'],
  ...TIMELINE_STEPS,
  ['driver sees it', 'painted', 'seen'],
];

export function steps(marks: Marks): Map<string, number> {
  return new Map(STEPS.map(([name, from, to]) => [name, (marks[to] ?? NaN) - (marks[from] ?? NaN)]));
}

/** One line per step: median and the runs' values. */
export function describeSteps(runs: Map<string, number>[]): string[] {
  return STEPS.map(([name]) => {
    const values = runs.map((r) => r.get(name) ?? NaN);
    return `  ${name.padEnd(22)} median ${String(median(values)).padStart(5)} ms [${values.join(', ')}]`;
  });
}
