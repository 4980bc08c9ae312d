/**
 * The engine's thread. onnxruntime's session.run blocks whatever thread calls it, so the engine lives here
 * and the extension host (or CLI) stays responsive. Requests are handled one at a time, in order.
 *
 * Cancellation is cooperative: terminating a thread inside onnxruntime's native code aborts the whole
 * process, so the engine instead checks a shared flag between runs (each run is a fraction of a second).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from '../engine/engine';
import { runFolder } from '../dataset/runFolder';
import { clusterResults, writeDatasetReport } from '../dataset/writeReport';
import { ExplainError, serializeError } from '../errors';
import type { FromWorker, ToWorker, WorkerData } from '../protocol';

const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker_threads Worker.');
const cancelFlag = new Int32Array((workerData as WorkerData).cancelFlag);

const engine = new Engine();
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

const send = (msg: FromWorker) => port.postMessage(msg);
const isCancelled = (id: number) => cancelled.has(id) || Atomics.load(cancelFlag, 0) === id;

async function handle(msg: Exclude<ToWorker, { type: 'cancel' }>): Promise<void> {
  try {
    if (isCancelled(msg.id)) throw new ExplainError('CANCELLED', 'Cancelled.');
    switch (msg.type) {
      case 'explain': {
        const received = Date.now();
        const progress = (fraction: number, message: string) => send({ id: msg.id, type: 'progress', fraction, message });
        const result = await engine.explain(msg.request, progress, () => isCancelled(msg.id));
        send({ id: msg.id, type: 'explained', result, trace: { received, done: Date.now() } });
        break;
      }
      case 'explainFolder': {
        const progress = (p: Extract<FromWorker, { type: 'folderProgress' }>['progress']) => send({ id: msg.id, type: 'folderProgress', progress: p });
        const summary = await runFolder(engine, msg.request, progress, () => isCancelled(msg.id));
        send({ id: msg.id, type: 'folderExplained', summary });
        break;
      }
      case 'clusterFolder': {
        const { items, classes } = await clusterResults(msg.outs, msg.options);
        send({ id: msg.id, type: 'folderClustered', items, classes });
        break;
      }
      case 'writeDatasetReport': {
        const { html, csv } = await writeDatasetReport(msg.outs, msg.into, msg.options);
        send({ id: msg.id, type: 'datasetReportWritten', html, csv });
        break;
      }
      case 'inspect':
        send({ id: msg.id, type: 'inspected', info: await engine.inspect(msg.model) });
        break;
      case 'report':
        send({ id: msg.id, type: 'reported', report: await engine.report(msg.model) });
        break;
      case 'structure':
        send({ id: msg.id, type: 'structured', structure: await engine.structure(msg.path) });
        break;
      case 'suggestPresets':
        send({ id: msg.id, type: 'presetsSuggested', table: await engine.suggestPresets(msg.model, msg.imagePath) });
        break;
      case 'export':
        send({ id: msg.id, type: 'exported', result: await engine.exportExplained(msg.request) });
        break;
      case 'clearCache':
        await engine.clearCache();
        send({ id: msg.id, type: 'cleared' });
        break;
    }
  } catch (e) {
    send({ id: msg.id, type: 'error', error: serializeError(e) });
  } finally {
    cancelled.delete(msg.id);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') cancelled.add(msg.target);
  else queue = queue.then(() => handle(msg));
});
