/** The report names the clusters the user named in the Dataset view (escaped), and only those. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DatasetItem, SprayClass } from '../../../src/protocol';
import { clusterNameKey, datasetReportHtml } from '../../../src/report/datasetReport';

const item = (path: string): DatasetItem => ({ path, target: 3, targetLabel: 'three', score: 1, probability: 0.9, relevanceSum: 1, map: { file: `${path}.map.npy`, width: 1, height: 1 }, thumbnail: `${path}.thumb.png` });
const cls: SprayClass = {
  target: 3,
  label: 'three',
  width: 1,
  height: 1,
  mean: [1],
  eigenvalues: [0, 0.9],
  suggestedK: 2,
  clusters: [
    { id: 0, members: ['a.png'], mean: [1] },
    { id: 1, members: ['b.png'], mean: [1] },
  ],
  paths: ['a.png', 'b.png'],
  embedding: [[0, 0], [1, 1]],
  assignment: [0, 1],
};

test('a cluster named in the view carries its name in the report, escaped; an unnamed one none', () => {
  const html = datasetReportHtml({
    settings: { model: 'm.onnx', method: 'gradient', params: {}, folder: 'f', device: 'cpu', mapSide: 64 },
    items: [item('a.png'), item('b.png')],
    failed: [],
    classes: [cls],
    shards: [],
    missingShards: [],
    thumbnails: new Map(),
    maps: new Map(),
    clusterNames: { [clusterNameKey(3, 1)]: 'corner <watermark>' },
    generated: 'now',
  });
  assert.match(html, /cluster 1: 1 images <b class="name">corner &lt;watermark&gt;<\/b>/);
  assert.match(html, /cluster 0: 1 images<\/div>/);
});
