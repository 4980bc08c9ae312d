/**
 * The Dataset page: an explained folder's results as they stream in (a grid of thumbnails with their relevance
 * over them, sortable; per predicted class the mean map), then the SpRAy clusters per class with names the user
 * gives them (kept in the page's state), and the button that writes the HTML report. After each message it
 * tells the host what it drew.
 */
import type { DatasetSortKey, DatasetViewItem, DatasetViewState, SprayClass, ToDataset } from '../../src/protocol';
import { el } from '../dom';
import { classMeans, mergeItems, progressLine, sortItems } from '../model/datasetGrid';
import { registerToolkit, type CheckElement, type ValueElement } from '../toolkit';
import { clusterSection } from './clusterSection';
import { host } from './datasetApi';
import { mapCanvas } from './mapCanvas';

registerToolkit();

const SORTS: [DatasetSortKey, string][] = [
  ['path', 'path'],
  ['predicted', 'predicted class'],
  ['score', 'score'],
  ['probability', 'probability'],
  ['correct', 'correctness'],
];

const state: DatasetViewState = host.getState() ?? { sort: 'path', descending: false, clusterLabels: {} };
const items = new Map<string, DatasetViewItem>();
const tiles = new Map<string, HTMLElement>();
let classes: SprayClass[] = [];
const errors: string[] = [];

const root = document.getElementById('root') as HTMLElement;
const header = el('div', { class: 'run' });
const status = el('p', { class: 'status', role: 'status' });
const means = el('div', { class: 'class-means' });
const grid = el('div', { class: 'grid' });
const clusterSlot = el('div', { class: 'clusters' }, el('p', { class: 'empty' }, 'Clusters appear when every image is explained.'));
const reportButton = el('vscode-button', { disabled: '' }, 'Write Report');
const reportStatus = el('span', { class: 'report-status' });
reportButton.addEventListener('click', () => {
  if (reportButton.hasAttribute('disabled')) return;
  reportStatus.textContent = 'Writing report.html...';
  host.postMessage({ type: 'writeReport' });
});
root.replaceChildren(header, status, sortBar(), el('h2', {}, 'Mean relevance per predicted class'), means, el('h2', {}, 'Images'), grid, el('h2', {}, 'Clusters (SpRAy)'), clusterSlot, el('div', { class: 'report' }, reportButton, reportStatus));

function saveState(): void {
  host.setState(state);
}

function sortBar(): HTMLElement {
  const dropdown = el('vscode-dropdown', { 'aria-label': 'Sort by' }, ...SORTS.map(([key, label]) => el('vscode-option', { value: key, ...(key === state.sort && { selected: '' }) }, label))) as ValueElement;
  dropdown.addEventListener('change', () => {
    state.sort = dropdown.value as DatasetSortKey;
    saveState();
    layoutGrid();
  });
  const descending = el('vscode-checkbox', state.descending ? { checked: '' } : {}, 'descending') as CheckElement;
  descending.addEventListener('change', () => {
    state.descending = descending.checked;
    saveState();
    layoutGrid();
  });
  return el('div', { class: 'sort' }, el('label', {}, 'Sort by '), dropdown, descending);
}

function open(path: string): void {
  host.postMessage({ type: 'open', path });
}

function tile(v: DatasetViewItem): HTMLElement {
  const { item } = v;
  const verdict = item.correct === undefined ? '' : item.correct ? 'correct' : `wrong (label ${item.label})`;
  const t = el(
    'button',
    { class: `tile${item.correct === false ? ' wrong' : ''}`, 'data-path': item.path, title: `${item.path}\n${item.targetLabel} p=${item.probability.toFixed(3)} score ${item.score.toPrecision(4)}${verdict ? `\n${verdict}` : ''}` },
    el('span', { class: 'pictures' }, el('img', { class: 'thumb', src: v.thumbnailUri, alt: item.path }), el('span', { class: 'overlay-wrap' }, el('img', { class: 'thumb', src: v.thumbnailUri, alt: '' }), mapCanvas(v.map, item.map.width, item.map.height, 'signed', 'overlay', true))),
    el('span', { class: 'caption' }, item.targetLabel),
    el('span', { class: 'caption small' }, `p ${item.probability.toFixed(2)}${verdict ? ` · ${item.correct ? '✓' : '✗'}` : ''}`),
  );
  t.addEventListener('click', () => open(item.path));
  t.querySelectorAll('img').forEach((img) => img.addEventListener('load', drawn));
  return t;
}

function layoutGrid(): void {
  const ordered = sortItems([...items.values()], state.sort, state.descending);
  grid.replaceChildren(...ordered.map((v) => tiles.get(v.item.path)!));
}

function drawMeans(): void {
  means.replaceChildren(
    ...classMeans([...items.values()]).map((c) =>
      el('div', { class: 'class-mean', 'data-target': String(c.target) }, mapCanvas(c.mean, c.width, c.height, 'positive', 'map'), el('div', { class: 'caption' }, `${c.label}: ${c.count}`)),
    ),
  );
}

function drawClusters(): void {
  const cb = {
    label: (key: string) => state.clusterLabels[key] ?? '',
    setLabel: (key: string, value: string) => {
      if (value) state.clusterLabels[key] = value;
      else delete state.clusterLabels[key];
      saveState();
      host.postMessage({ type: 'clusterNames', names: state.clusterLabels });
    },
    open,
  };
  clusterSlot.replaceChildren(...(classes.length ? classes.map((c) => clusterSection(c, items, cb)) : [el('p', { class: 'empty' }, 'No class to cluster.')]));
  reportButton.removeAttribute('disabled');
}

let drawnPending = false;

/** Tells the host what is drawn, once per frame however many messages and image loads came in it. */
function drawn(): void {
  if (drawnPending) return;
  drawnPending = true;
  requestAnimationFrame(() => {
    drawnPending = false;
    host.postMessage({
      type: 'drawn',
      drawn: {
        tiles: grid.querySelectorAll('.tile').length,
        thumbnailsLoaded: Array.from(grid.querySelectorAll<HTMLImageElement>('img.thumb')).filter((i) => i.complete && i.naturalWidth > 0).length,
        classMeans: means.querySelectorAll('.class-mean').length,
        clusterClasses: clusterSlot.querySelectorAll('.cluster-class').length,
        clusters: clusterSlot.querySelectorAll('.cluster[data-cluster]').length,
        errors: [...errors],
      },
    });
  });
}

window.addEventListener('message', (event: MessageEvent<ToDataset>) => {
  const m = event.data;
  switch (m.type) {
    case 'run':
      header.replaceChildren(el('h1', {}, `${m.run.method} over ${m.run.folder}`), el('p', { class: 'small' }, `model ${m.run.model}; results in ${m.run.out}`));
      break;
    case 'items':
      mergeItems(items, m.items);
      for (const v of m.items) tiles.set(v.item.path, tile(v));
      if (m.progress) status.textContent = progressLine(m.progress.done, m.progress.total, m.progress.imagesPerSecond, m.progress.secondsLeft);
      layoutGrid();
      drawMeans();
      break;
    case 'finished':
      status.textContent = `${items.size} images: ${m.explained} explained in ${m.seconds.toFixed(1)} s, ${m.resumed} done before${m.failed.length ? `, ${m.failed.length} unreadable (${m.failed.map((f) => f.path).join(', ')})` : ''}. Clustering...`;
      break;
    case 'clusters':
      classes = m.classes;
      status.textContent = status.textContent?.replace(/ Clustering\.\.\.$/, '') ?? '';
      drawClusters();
      break;
    case 'reportWritten':
      reportStatus.textContent = `Wrote ${m.html}`;
      break;
    case 'error':
      errors.push(m.message);
      root.prepend(el('p', { class: 'error' }, m.message));
      break;
  }
  drawn();
});

host.postMessage({ type: 'ready' });
host.postMessage({ type: 'clusterNames', names: state.clusterLabels });
