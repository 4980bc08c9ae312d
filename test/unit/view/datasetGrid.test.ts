import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DatasetItem, DatasetViewItem } from '../../../src/protocol';
import { scatterPoints } from '../../../src/render/scatter';
import { classMeans, mergeItems, progressLine, sortItems } from '../../../webview/model/datasetGrid';

function view(path: string, over: Partial<DatasetItem>, map: number[] = [1, 0, 0, 0]): DatasetViewItem {
  const item: DatasetItem = { path, target: 0, targetLabel: 'cat', score: 1, probability: 0.5, relevanceSum: 1, map: { file: `${path}.map.npy`, width: 2, height: 2 }, thumbnail: `${path}.thumb.png`, ...over };
  return { item, thumbnailUri: path, map };
}

const items = [
  view('b.png', { target: 1, targetLabel: 'dog', score: 3, probability: 0.9, correct: true }),
  view('a.png', { target: 0, targetLabel: 'cat', score: 5, probability: 0.4, correct: false }),
  view('c.png', { target: 0, targetLabel: 'cat', score: 1, probability: 0.7 }),
  view('d.png', { target: 1, targetLabel: 'dog', score: 2, probability: 0.6, correct: true }),
];
const paths = (xs: DatasetViewItem[]) => xs.map((x) => x.item.path);

test('the grid sorts by each key, ties by path, in either direction', () => {
  assert.deepEqual(paths(sortItems(items, 'path', false)), ['a.png', 'b.png', 'c.png', 'd.png']);
  assert.deepEqual(paths(sortItems(items, 'path', true)), ['d.png', 'c.png', 'b.png', 'a.png']);
  assert.deepEqual(paths(sortItems(items, 'predicted', false)), ['a.png', 'c.png', 'b.png', 'd.png']);
  assert.deepEqual(paths(sortItems(items, 'score', true)), ['a.png', 'b.png', 'd.png', 'c.png']);
  assert.deepEqual(paths(sortItems(items, 'probability', false)), ['a.png', 'd.png', 'c.png', 'b.png']);
  // Correct, then wrong, then unlabelled; descending puts unlabelled and mistakes first.
  assert.deepEqual(paths(sortItems(items, 'correct', false)), ['b.png', 'd.png', 'a.png', 'c.png']);
  assert.deepEqual(paths(sortItems(items, 'correct', true)), ['c.png', 'a.png', 'd.png', 'b.png']);
  assert.deepEqual(paths(items), ['b.png', 'a.png', 'c.png', 'd.png'], 'the input is left in its order');
});

test('results streamed twice (resumed, then the final index) count once, the newest kept', () => {
  const into = new Map<string, DatasetViewItem>();
  mergeItems(into, items.slice(0, 2));
  mergeItems(into, [view('a.png', { score: 9 }), items[2]]);
  assert.equal(into.size, 3);
  assert.equal(into.get('a.png')!.item.score, 9);
});

test('per predicted class the mean of the absolute maps, each scaled to its largest magnitude first', () => {
  const maps = [
    view('x.png', { target: 2, targetLabel: 'fox' }, [10, 0, 0, -10]),
    view('y.png', { target: 2, targetLabel: 'fox' }, [0, 1, 0, 0]),
    view('z.png', { target: 0, targetLabel: 'cat' }, [0, 0, 4, 0]),
    // Another size than its class's first map: left out, not misaligned.
    { ...view('w.png', { target: 2, targetLabel: 'fox', map: { file: 'w', width: 1, height: 1 } }), map: [5] },
  ];
  const means = classMeans(maps);
  assert.deepEqual(means.map((m) => [m.target, m.label, m.count]), [[0, 'cat', 1], [2, 'fox', 2]]);
  assert.deepEqual([...means[1].mean], [0.5, 0.5, 0, 0.5]);
  assert.deepEqual([...means[0].mean], [0, 0, 1, 0]);
  assert.deepEqual(classMeans([view('zero.png', {}, [0, 0, 0, 0])])[0].mean.every((v) => v === 0), true, 'an all-zero map adds zeros, not NaN');
});

test('the embedding plot fills its square with y up; a degenerate axis sits in the middle', () => {
  assert.deepEqual(scatterPoints([[0, 0], [2, 4], [1, 1]], 120, 10), [[10, 110], [110, 10], [60, 85]]);
  assert.deepEqual(scatterPoints([[3, 1], [3, 2]], 100, 10), [[50, 90], [50, 10]]);
  assert.deepEqual(scatterPoints([], 100), []);
});

test('the progress line says n of N, the rate and the time left once known', () => {
  assert.equal(progressLine(0, 10, 0, undefined), '0 of 10');
  assert.equal(progressLine(4, 10, 2.5, 2.4), '4 of 10, 2.5 images/s, about 2.4 s left');
  assert.equal(progressLine(4, 100, 0.5, 192), '4 of 100, 0.5 images/s, about 3 min 12 s left');
});
