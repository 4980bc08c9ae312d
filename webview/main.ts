/**
 * The explanation panel's script: one message listener, the display settings kept with setState (restored
 * after a reload together with the requests the serializer re-runs), and an ack after the first painted frame.
 */
import type { DisplaySettings, ToView, ViewRequest, ViewUi } from '../src/protocol';
import { defaultDisplay, sanitizeDisplay } from './model/display';
import { throttleLatest } from './model/throttle';
import { statusLine } from './model/statusLine';
import { sameRequests, sanitizeUi } from './model/uiState';
import { ExplanationView, type ShowMessage } from './render';
import { ProgressBar } from './progressBar';
import { ScrollRestore } from './scrollRestore';
import { registerToolkit } from './toolkit';
import { host } from './vscodeApi';

registerToolkit();

const root = document.getElementById('root') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;
/** The running explanation: a bar with the engine's n/N and a Cancel button, beside the status line at the top. */
const progress = new ProgressBar(() => host.postMessage({ type: 'run', command: 'explain.cancel' }));
status.after(progress.element);
/** Counts draws on the body (data-renders), so UI tests and the benchmark can wait for a fresh one. */
let renders = 0;
let view: ExplanationView | undefined;
/** Null until the user or a restored state sets it: then it outlives results (a re-run keeps the opacity). */
let display: DisplaySettings | undefined = host.getState()?.display ? sanitizeDisplay(host.getState()?.display, defaultDisplay('signed')) : undefined;
let requests: ViewRequest[] = host.getState()?.requests ?? [];
/** Where the user is in the shown result; after a tab switch (the page reloads) it comes back from getState. */
let ui: ViewUi | undefined = host.getState()?.ui;
/** Until the first result arrives: after a window reload the host's copy of the display is newer than getState's. */
let restoring = true;
/** The host keeps the display too (see `show`'s `display`); a slider drag reports a few times a second, not per frame. */
const reportDisplay = throttleLatest((d: DisplaySettings) => host.postMessage({ type: 'display', display: d }), 200);

function save(): void {
  host.setState({ requests, display, ...(ui ? { ui } : {}) });
}

/** After a tab switch: the page scrolled back to where it was as its content arrives. */
const scrollBack = new ScrollRestore();
/** Where the page is scrolled, or (while it is being brought back) where it is going. */
const scrollY = (): number => scrollBack.pending ?? window.scrollY;
/** The scroll position is saved as it changes, a few times a second at most; not the steps of bringing it back. */
const saveScroll = throttleLatest(() => {
  if (ui) ui.scrollY = scrollY();
  save();
}, 200);
window.addEventListener('scroll', () => saveScroll(undefined), { passive: true });

function show(message: ShowMessage): void {
  // The marks name the steps in a DevTools profile; the timeline carries them to the host and the benchmark.
  const arrived = performance.mark('explain:arrived').startTime;
  const timeline = { ...message.timeline, arrived: Date.now() };
  const transferMs = Math.max(0, timeline.arrived - message.sentAt);
  const { explanations } = message;
  const next = explanations.map((e) => e.request);
  // The same result again (the page was reloaded by a tab switch, or a Re-run changed nothing): where the user was.
  const restored = sameRequests(requests, next) ? sanitizeUi(ui, explanations.length) : undefined;
  requests = next;
  ui = restored ?? { active: 0, scrollY: 0 };
  // Set before the view is built: restoring its neuron reports the UI state, with this position.
  if (restored?.scrollY) scrollBack.start(restored.scrollY);
  else scrollBack.stop();
  if (restoring && message.display) display = sanitizeDisplay(message.display, defaultDisplay(message.colormap));
  restoring = false;
  view = new ExplanationView(message, display ?? defaultDisplay(message.colormap), {
    run: (command) => host.postMessage({ type: 'run', command }),
    rerun: (next) => host.postMessage({ type: 'rerun', requests: next }),
    save: (what, index, d) => host.postMessage({ type: 'export', what, index, display: d }),
    saveNeuron: (what, index, neuron, d) => host.postMessage({ type: 'exportNeuron', what, index, neuron, display: d }),
    displayChanged: (d) => {
      display = d;
      save();
      reportDisplay(d);
    },
    layerMap: (request, index, layer) => host.postMessage({ type: 'layerMap', request, index, layer }),
    uiChanged: (changed) => {
      ui = { ...changed, scrollY: scrollY() };
      save();
    },
  }, restored);
  root.replaceChildren(view.element);
  save();
  afterPaint(() => {
    const renderMs = performance.mark('explain:painted').startTime - arrived;
    timeline.painted = Date.now();
    document.body.dataset.renderMs = renderMs.toFixed(1);
    document.body.dataset.transferMs = String(transferMs);
    document.body.dataset.timeline = JSON.stringify(timeline);
    // Last: the benchmark waits for this count, then reads the fields above.
    document.body.dataset.renders = String(++renders);
    host.postMessage({
      type: 'rendered',
      methods: explanations.map((e) => e.method),
      relevanceSums: explanations.map((e) => e.relevanceSum),
      renderMs,
      transferMs,
      timeline,
    });
  });
}

/** After the next frame is painted; a hidden webview may never paint, so a timer stands in after 100 ms. */
function afterPaint(then: () => void): void {
  let done = false;
  const once = (): void => {
    if (!done) then();
    done = true;
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

window.addEventListener('message', (event: MessageEvent<ToView>) => {
  const message = event.data;
  switch (message.type) {
    case 'show':
      show(message);
      break;
    case 'colormap':
      view?.setColormap(message.colormap);
      break;
    case 'layerMap':
      view?.receiveLayerMap(message);
      break;
    case 'openLayer':
      view?.openLayer(message.layer);
      break;
    case 'progress':
      progress.update(message.fraction, message.message);
      break;
    case 'status':
      status.textContent = statusLine(message);
      status.className = message.error ? 'error' : message.busy ? 'busy' : '';
      progress.busy(message.busy);
      if (!message.busy) view?.settled();
      break;
  }
});

host.postMessage({ type: 'ready' });
