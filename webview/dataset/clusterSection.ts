/**
 * One class's SpRAy clusters: the eigenvalues and the suggested k, the 2-D spectral embedding (one dot per image
 * in its cluster's colour), and per cluster its mean map, a field for the user's name of it and its members.
 */
import type { DatasetViewItem, SprayClass } from '../../src/protocol';
import { CLUSTER_COLOURS, clusterNameKey } from '../../src/report/datasetReport';
import { el } from '../dom';
import { scatterPoints } from '../../src/render/scatter';
import { mapCanvas } from './mapCanvas';

const SVG = 'http://www.w3.org/2000/svg';
const PLOT_SIDE = 200;
/** Members shown per cluster; the rest are counted. */
const SHOWN_MEMBERS = 40;

export interface ClusterCallbacks {
  label(key: string): string;
  setLabel(key: string, value: string): void;
  open(path: string): void;
}

export function clusterSection(c: SprayClass, items: Map<string, DatasetViewItem>, cb: ClusterCallbacks): HTMLElement {
  const eig = c.eigenvalues.length
    ? `Eigenvalues of the normalized Laplacian ${c.eigenvalues.map((v) => v.toFixed(3)).join(', ')}: the eigengap suggests k = ${c.suggestedK}.`
    : 'Too few images to cluster.';
  const clusters = c.clusters.map((cl) => {
    const key = clusterNameKey(c.target, cl.id);
    const field = el('vscode-text-field', { placeholder: 'Name this cluster (e.g. "looks at the watermark")', class: 'cluster-label', 'data-key': key });
    (field as HTMLElement & { value: string }).value = cb.label(key);
    field.addEventListener('input', () => cb.setLabel(key, (field as HTMLElement & { value: string }).value));
    const members = cl.members.slice(0, SHOWN_MEMBERS).map((p) => {
      const thumb = items.get(p)?.thumbnailUri;
      const img = el('img', { class: 'member', src: thumb ?? '', alt: p, title: p });
      img.addEventListener('click', () => cb.open(p));
      return img;
    });
    const more = cl.members.length > SHOWN_MEMBERS ? el('span', { class: 'more' }, `and ${cl.members.length - SHOWN_MEMBERS} more`) : undefined;
    return el(
      'div',
      { class: 'cluster', 'data-cluster': String(cl.id) },
      el('div', { class: 'cluster-title' }, el('span', { class: 'swatch', style: `background:${colour(cl.id)}` }), `cluster ${cl.id}: ${cl.members.length} image${cl.members.length === 1 ? '' : 's'}`),
      mapCanvas(cl.mean, c.width, c.height, 'positive', 'map'),
      field,
      el('div', { class: 'members' }, ...members, more),
    );
  });
  return el(
    'section',
    { class: 'cluster-class', 'data-target': String(c.target) },
    el('h3', {}, `${c.label} (class ${c.target}): ${c.paths.length} image${c.paths.length === 1 ? '' : 's'}`),
    el('p', {}, eig),
    el('div', { class: 'cluster-row' }, el('div', { class: 'cluster' }, el('div', {}, 'mean of the class'), mapCanvas(c.mean, c.width, c.height, 'positive', 'map')), embeddingPlot(c, cb.open)),
    el('div', { class: 'cluster-row' }, ...clusters),
  );
}

function colour(id: number): string {
  return CLUSTER_COLOURS[id % CLUSTER_COLOURS.length];
}

function embeddingPlot(c: SprayClass, open: (path: string) => void): HTMLElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(PLOT_SIDE));
  svg.setAttribute('height', String(PLOT_SIDE));
  svg.setAttribute('class', 'embedding');
  scatterPoints(c.embedding, PLOT_SIDE).forEach(([x, y], i) => {
    const dot = document.createElementNS(SVG, 'circle');
    dot.setAttribute('cx', x.toFixed(1));
    dot.setAttribute('cy', y.toFixed(1));
    dot.setAttribute('r', '4');
    dot.setAttribute('fill', colour(c.assignment[i]));
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${c.paths[i]} (cluster ${c.assignment[i]})`;
    dot.append(title);
    dot.addEventListener('click', () => open(c.paths[i]));
    svg.append(dot);
  });
  return el('div', { class: 'cluster' }, el('div', {}, 'spectral embedding (eigenvectors 2 and 3)'), svg);
}
