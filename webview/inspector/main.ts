/**
 * The model inspector's page: the summary and graph as soon as the file is read, "Can it be explained?" and the
 * configuration when the engine has checked every method, the relevance of the model's last explanation on the
 * graph. After each stage it tells the host what it drew.
 */
import type { InspectorDrawn, ToInspector } from '../../src/protocol';
import { el } from '../dom';
import { registerToolkit } from '../toolkit';
import { ConfigForm } from './configForm';
import { explainabilitySection } from './explainability';
import { GraphView } from './graphView';
import { host } from './inspectorApi';
import { summarySection } from './summary';

registerToolkit();

const root = document.getElementById('root') as HTMLElement;
const slots = {
  summary: el('div', { class: 'summary-slot' }),
  explainable: el('div', { class: 'explainable-slot' }, el('p', { class: 'empty' }, 'Checking which methods can explain this model...')),
  config: el('div', { class: 'config-slot' }),
  graph: el('div', { class: 'graph-slot' }),
};
let graph: GraphView | undefined;
let form: ConfigForm | undefined;
/** Ops that stop a method, once the report is in; relevance that came before the graph waits for it. */
let blockedOps: string[] = [];
let relevance: Extract<ToInspector, { type: 'relevance' }> | undefined;

function drawn(section: InspectorDrawn['section']): void {
  const ops = Array.from(document.querySelectorAll<HTMLElement>('.op-row'), (row) => ({ op: row.dataset.op ?? '', blocks: (row.dataset.blocks ?? '').split(' ').filter((m: string) => m) }));
  requestAnimationFrame(() =>
    host.postMessage({
      type: 'drawn',
      drawn: { section, errors: Array.from(document.querySelectorAll('p.error'), (p) => p.textContent ?? ''), ops, graphBoxes: document.querySelectorAll('.graph-svg g.box').length, relevanceBoxes: document.querySelectorAll('.graph-svg g.box.has-relevance').length },
    }),
  );
}

window.addEventListener('message', (event: MessageEvent<ToInspector>) => {
  const m = event.data;
  switch (m.type) {
    case 'structure':
      root.replaceChildren(slots.summary, slots.explainable, slots.config, slots.graph);
      slots.summary.replaceChildren(summarySection(m.structure));
      graph = new GraphView(m.structure, (layer) => host.postMessage({ type: 'openLayer', layer }));
      if (blockedOps.length) graph.markBlocked(blockedOps);
      if (relevance) graph.showRelevance(relevance.layers, relevance.method, relevance.imageName);
      slots.graph.replaceChildren(graph.element);
      drawn('structure');
      break;
    case 'report': {
      const { element } = explainabilitySection(m.report);
      slots.explainable.replaceChildren(element);
      blockedOps = m.report.blockedBy.map((b) => b.op);
      graph?.markBlocked(blockedOps);
      form = new ConfigForm(m.report, m.presets, {
        save: (config) => host.postMessage({ type: 'saveConfig', config }),
        useModel: () => host.postMessage({ type: 'useModel' }),
        explainImage: () => host.postMessage({ type: 'explainImage' }),
      });
      slots.config.replaceChildren(form.element);
      drawn('report');
      break;
    }
    case 'relevance':
      relevance = m;
      graph?.showRelevance(m.layers, m.method, m.imageName);
      drawn('relevance');
      break;
    case 'saved':
      form?.saved(m.ok, m.message);
      break;
    case 'error': {
      const line = el('p', { class: 'error' }, m.message);
      if (m.stage === 'structure') root.replaceChildren(line);
      else slots.explainable.replaceChildren(el('h2', {}, 'Can it be explained?'), line);
      drawn('error');
      break;
    }
  }
});

host.postMessage({ type: 'ready' });
