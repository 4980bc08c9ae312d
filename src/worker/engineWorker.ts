/**
 * The engine's thread. onnxruntime's session.run blocks whatever thread calls it, so the engine lives here
 * and the extension host (or CLI) stays responsive. Requests are handled one at a time, in order.
 */
import { parentPort } from 'node:worker_threads';
import { Engine } from '../engine/engine';
import { serializeError } from '../errors';
import type { FromWorker, ToWorker } from '../protocol';

const port = parentPort;
if (!port) throw new Error('engineWorker must run in a worker_threads Worker.');

const engine = new Engine();
let queue: Promise<void> = Promise.resolve();

const send = (msg: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(msg, transfer);

async function handle(msg: ToWorker): Promise<void> {
  try {
    switch (msg.type) {
      case 'explain': {
        const result = await engine.explain(msg.request, (fraction, message) => send({ id: msg.id, type: 'progress', fraction, message }));
        send({ id: msg.id, type: 'explained', result });
        break;
      }
      case 'inspect':
        send({ id: msg.id, type: 'inspected', info: await engine.inspect(msg.model) });
        break;
      case 'clearCache':
        await engine.clearCache();
        send({ id: msg.id, type: 'cleared' });
        break;
    }
  } catch (e) {
    send({ id: msg.id, type: 'error', error: serializeError(e) });
  }
}

port.on('message', (msg: ToWorker) => {
  queue = queue.then(() => handle(msg));
});
