/** The log's account of one explanation's path from its marks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTimeline } from '../../extension/timeline';

test('each step is the time between its marks; a missing mark shows as "?"', () => {
  const text = describeTimeline({ invoked: 1000, engineSent: 1001, workerReceived: 1002, workerDone: 1062, engineDone: 1064, posted: 1066, arrived: 1110 });
  assert.equal(
    text,
    'host before engine 1 ms, to worker 1 ms, engine (worker) 60 ms, from worker 2 ms, host converts 2 ms, host -> webview 44 ms, webview draws ?',
  );
});
