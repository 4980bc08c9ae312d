import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { throttleLatest, type Clock } from '../../../webview/model/throttle';

/** A clock that only moves when told to, running what falls due. */
function fakeClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let timers: { at: number; run: () => void }[] = [];
  return {
    now: () => now,
    later: (run, ms) => void timers.push({ at: now + ms, run }),
    advance(ms) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.run();
    },
  };
}

test('a lone change passes at once; a burst passes its first and, after the interval, its last value', () => {
  const clock = fakeClock();
  const passed: number[] = [];
  const report = throttleLatest((v: number) => passed.push(v), 200, clock);
  report(1);
  assert.deepEqual(passed, [1], 'a click is reported without delay');
  for (let v = 2; v <= 10; v++) {
    clock.advance(16);
    report(v);
  }
  assert.deepEqual(passed, [1], 'a drag is not reported frame by frame');
  clock.advance(200);
  assert.deepEqual(passed, [1, 10], 'the drag\'s last value arrives');
  clock.advance(1000);
  report(11);
  assert.deepEqual(passed, [1, 10, 11]);
});
