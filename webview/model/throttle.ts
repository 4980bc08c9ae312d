/**
 * Passes on the latest of a stream of values at most once per interval: at once after a quiet interval (a
 * click arrives without delay), otherwise when the interval is over, so the last value of a slider drag always
 * arrives but a drag does not send one message per frame. Pure apart from the clock it is given.
 */
export interface Clock {
  now(): number;
  later(run: () => void, ms: number): void;
}

const REAL: Clock = { now: () => Date.now(), later: (run, ms) => void setTimeout(run, ms) };

export function throttleLatest<T>(pass: (value: T) => void, intervalMs: number, clock: Clock = REAL): (value: T) => void {
  let last = -Infinity;
  let waiting: { value: T } | undefined;
  const flush = (): void => {
    if (!waiting) return;
    const { value } = waiting;
    waiting = undefined;
    last = clock.now();
    pass(value);
  };
  return (value) => {
    const scheduled = waiting !== undefined;
    waiting = { value };
    if (scheduled) return;
    const wait = last + intervalMs - clock.now();
    if (wait <= 0) flush();
    else clock.later(flush, wait);
  };
}
