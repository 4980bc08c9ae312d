/** The engine behind its worker thread: results, progress, errors, cancel, and recovery after a crash. */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/engine/engine';
import { EngineClient, defaultWorkerPath } from '../../src/worker/client';
import type { ExplainRequest } from '../../src/protocol';
import { fixture } from '../helpers/fixtures';

const client = new EngineClient({ workerPath: defaultWorkerPath() });
after(() => client.dispose());

const squeezenet: ExplainRequest = {
  model: { path: fixture('models', 'squeezenet1.1_winml_fp16.onnx') },
  image: { path: fixture('images', 'winml_fish_224.png') },
  method: 'gradient',
};

describe('engine worker', () => {
  it('returns the same result as the engine in-process, with progress along the way', async () => {
    const fractions: number[] = [];
    const traces: { received: number; done: number }[] = [];
    const before = Date.now();
    const r = await client.explain(squeezenet, { onProgress: (f) => fractions.push(f), onTrace: (t) => traces.push(t) });
    assert.equal(traces.length, 1, 'the worker says when it took the request up and finished it');
    assert.ok(before <= traces[0].received && traces[0].received <= traces[0].done && traces[0].done <= Date.now());
    const local = new Engine();
    const l = await local.explain(squeezenet);
    await local.clearCache();
    assert.equal(r.target, 0);
    assert.equal(r.label, 'tench');
    assert.ok(r.relevance.data instanceof Float32Array);
    assert.ok(Math.abs(r.relevanceSum - l.relevanceSum) < 1e-6);
    assert.ok(fractions.length >= 3 && fractions.every((f, i) => i === 0 || f >= fractions[i - 1]));
    assert.equal(fractions[fractions.length - 1], 1);
  });

  it('carries errors across the thread with their code', async () => {
    await assert.rejects(client.explain({ ...squeezenet, model: { path: '/nonexistent/model.onnx' } }), { code: 'MODEL_NOT_FOUND' });
  });

  it('cancels a long run within a second and keeps working afterwards', async () => {
    const ac = new AbortController();
    const long = client.explain({ ...squeezenet, method: 'integrated-gradients', params: { steps: 400, chunk: 1 } }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    const t0 = Date.now();
    await assert.rejects(long, { code: 'CANCELLED' });
    assert.ok(Date.now() - t0 < 1300, `cancel took ${Date.now() - t0} ms`);
    // The 400-step run would take tens of seconds: the next request is answered only after it stopped.
    const r = await client.explain(squeezenet);
    assert.equal(r.target, 0);
    assert.ok(Date.now() - t0 < 5000, `the cancelled run went on for ${Date.now() - t0} ms`);
  });

  it('disposes safely while a run is in progress', async () => {
    const c = new EngineClient({ workerPath: defaultWorkerPath() });
    const outcome = c.explain({ ...squeezenet, method: 'smoothgrad', params: { samples: 200, chunk: 1 } }).then(
      () => 'finished',
      (e: { code?: string }) => e.code,
    );
    await new Promise((r) => setTimeout(r, 1500));
    await c.dispose();
    assert.equal(await outcome, 'CANCELLED');
  });

  it('reports a dead worker and starts a new one on the next request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'explain-worker-'));
    const crashing = join(dir, 'crash.js');
    writeFileSync(crashing, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    const bad = new EngineClient({ workerPath: crashing });
    await assert.rejects(bad.explain(squeezenet), { code: 'WORKER_DIED' });
    await assert.rejects(bad.explain(squeezenet), { code: 'WORKER_DIED' }, 'a fresh worker is started (and dies again)');
    await bad.dispose();
  });
});
