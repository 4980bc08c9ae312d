/**
 * The self-contained HTML report of an explained folder: the settings used, per class its mean relevance map,
 * the eigenvalues and the clusters SpRAy found (each cluster's mean map and its members' thumbnails), a 2-D
 * embedding plot, and a table of every image. Every picture is a data URI, so the file can be mailed or archived
 * alone. Pure: the caller encodes the pictures (datasetReportFiles) and passes them in.
 */
import type { DatasetFailure, DatasetItem, DatasetSettings, SprayClass } from '../protocol';
import { scatterPoints } from '../render/scatter';

export interface DatasetReportInput {
  settings: DatasetSettings;
  items: DatasetItem[];
  failed: DatasetFailure[];
  classes: SprayClass[];
  shards: string[];
  missingShards: string[];
  /** Image path -> its thumbnail's data URI. */
  thumbnails: Map<string, string>;
  /** mapKey(...) -> the map drawn as a data URI. */
  maps: Map<string, string>;
  /** The user's names of clusters, clusterNameKey(...) -> name (from the Dataset view). */
  clusterNames?: Record<string, string>;
  generated: string;
}

/** The key of a class's mean map (no cluster) or of one of its clusters' mean maps. */
export function mapKey(target: number, cluster?: number): string {
  return cluster === undefined ? `class ${target}` : `class ${target} cluster ${cluster}`;
}

/** The key of a cluster's user-given name: what the Dataset view keeps and the report reads. */
export function clusterNameKey(target: number, cluster: number): string {
  return `${target}/${cluster}`;
}

/** Distinct colours for clusters (Okabe and Ito's, readable with colour blindness). */
export const CLUSTER_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];

/** Members shown per cluster before "and N more". */
const SHOWN_MEMBERS = 48;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function datasetReportHtml(r: DatasetReportInput): string {
  const e = escapeHtml;
  const labelled = r.items.filter((i) => i.correct !== undefined);
  const accuracy = labelled.length ? `${((100 * labelled.filter((i) => i.correct).length) / labelled.length).toFixed(1)}% of ${labelled.length} labelled images` : 'no image has a label the model knows';
  const settingsRows: [string, string][] = [
    ['model', r.settings.model],
    ['method', `${r.settings.method} ${JSON.stringify(r.settings.params)}`],
    ['folder', r.settings.folder],
    ['device', r.settings.device],
    ['shards', r.shards.length ? `${r.shards.join(', ')}${r.missingShards.length ? ` (MISSING: ${r.missingShards.join(', ')})` : ''}` : 'one run'],
    ['images', `${r.items.length} explained${r.failed.length ? `, ${r.failed.length} unreadable` : ''}`],
    ['accuracy', accuracy],
    ['maps', `per-pixel relevance summed over channels, stored at ${r.settings.mapSide} px; clustered as absolute values downsampled to ${r.classes[0]?.width ?? '-'} x ${r.classes[0]?.height ?? '-'}, scaled to unit length`],
    ['generated', r.generated],
  ];
  const classSections = r.classes.map((c) => classSection(c, r)).join('\n');
  const table = r.items
    .map((i) => `<tr><td><img class="t" src="${r.thumbnails.get(i.path) ?? ''}" alt=""></td><td>${e(i.path)}</td><td>${e(i.label ?? '')}</td><td>${e(i.targetLabel)}</td><td>${i.probability.toFixed(3)}</td><td>${i.score.toPrecision(4)}</td><td>${i.correct === undefined ? '' : i.correct ? 'yes' : '<b>no</b>'}</td></tr>`)
    .join('\n');
  const failed = r.failed.length ? `<h2>Unreadable images</h2><ul>${r.failed.map((f) => `<li>${e(f.path)}: ${e(f.message)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Explain: ${e(r.settings.method)} over ${e(r.settings.folder)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; } td, th { padding: 2px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: middle; }
img.map { width: 96px; height: 96px; image-rendering: pixelated; border: 1px solid #ccc; }
img.t { width: 40px; height: 40px; object-fit: contain; }
.cluster { display: inline-block; vertical-align: top; margin: 0 1.5em 1em 0; max-width: 420px; }
.members img { width: 40px; height: 40px; object-fit: contain; margin: 1px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 5px; margin-right: 4px; }
section { margin-bottom: 2.5em; }
</style></head><body>
<h1>${e(r.settings.method)} over ${e(r.settings.folder)}</h1>
<table>${settingsRows.map(([k, v]) => `<tr><th>${k}</th><td>${e(v)}</td></tr>`).join('')}</table>
<h2>Classes and their clusters (SpRAy)</h2>
<p>Per class explained, the relevance maps are clustered spectrally (Lapuschkin et al. 2019): a cluster whose mean map
sits away from the object (a corner, a border, a watermark) shows the model answering from something else.</p>
${classSections}
${failed}
<h2>Every image</h2>
<table><tr><th></th><th>path</th><th>label</th><th>predicted</th><th>probability</th><th>score</th><th>correct</th></tr>
${table}
</table>
</body></html>
`;
}

function classSection(c: SprayClass, r: DatasetReportInput): string {
  const e = escapeHtml;
  const clusters = c.clusters
    .map((cl) => {
      const shown = cl.members.slice(0, SHOWN_MEMBERS).map((p) => `<img src="${r.thumbnails.get(p) ?? ''}" title="${e(p)}" alt="${e(p)}">`).join('');
      const more = cl.members.length > SHOWN_MEMBERS ? ` and ${cl.members.length - SHOWN_MEMBERS} more` : '';
      const name = r.clusterNames?.[clusterNameKey(c.target, cl.id)];
      return `<div class="cluster"><div><span class="swatch" style="background:${CLUSTER_COLOURS[cl.id % CLUSTER_COLOURS.length]}"></span>cluster ${cl.id}: ${cl.members.length} images${name ? ` <b class="name">${e(name)}</b>` : ''}</div>
<img class="map" src="${r.maps.get(mapKey(c.target, cl.id)) ?? ''}" alt="mean map of cluster ${cl.id}"><div class="members">${shown}${more}</div></div>`;
    })
    .join('\n');
  const eig = c.eigenvalues.length ? `eigenvalues of the normalized Laplacian ${c.eigenvalues.map((v) => v.toFixed(3)).join(', ')}; the eigengap suggests ${c.suggestedK} cluster${c.suggestedK === 1 ? '' : 's'}` : 'too few images to cluster';
  return `<section><h3>class ${c.target} "${e(c.label)}": ${c.paths.length} images</h3>
<p>${eig}</p>
<div class="cluster"><div>mean of the class</div><img class="map" src="${r.maps.get(mapKey(c.target)) ?? ''}" alt="class mean map"></div>
<div class="cluster">${embeddingSvg(c)}</div>
<div>${clusters}</div></section>`;
}

/** The 2-D spectral embedding, one dot per image in its cluster's colour, the path as its tooltip. */
export function embeddingSvg(c: SprayClass, size = 200): string {
  if (c.embedding.length < 2) return '';
  const dots = scatterPoints(c.embedding, size)
    .map(([x, y], i) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" fill="${CLUSTER_COLOURS[c.assignment[i] % CLUSTER_COLOURS.length]}"><title>${escapeHtml(c.paths[i])}</title></circle>`)
    .join('');
  return `<div>spectral embedding (eigenvectors 2 and 3)</div><svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" style="border:1px solid #ccc">${dots}</svg>`;
}
