/** The explanation panel's script: one message listener, state for the serializer, an ack after drawing. */
import type { ToView } from '../src/protocol';
import { renderExplanations } from './render';
import { host } from './vscodeApi';

const root = document.getElementById('root') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
/** Counts draws on the body (data-renders), so UI tests and the benchmark can wait for a fresh one. */
let renders = 0;

window.addEventListener('message', (event: MessageEvent<ToView>) => {
  const message = event.data;
  switch (message.type) {
    case 'show': {
      const started = performance.now();
      const { explanations, colormap } = message;
      root.replaceChildren(renderExplanations(explanations, colormap, (command) => host.postMessage({ type: 'run', command })));
      host.setState({ requests: explanations.map((e) => e.request) });
      document.body.dataset.renders = String(++renders);
      host.postMessage({
        type: 'rendered',
        methods: explanations.map((e) => e.method),
        relevanceSums: explanations.map((e) => e.relevanceSum),
        renderMs: performance.now() - started,
      });
      break;
    }
    case 'status':
      status.textContent = message.text ?? '';
      status.className = message.error ? 'error' : message.busy ? 'busy' : '';
      break;
  }
});

host.postMessage({ type: 'ready' });
