/**
 * The proof on a dataset: photos from test/fixtures in an ImageFolder layout, a third of them with a
 * white square planted in the top-left corner, explained with LRP by a small convolutional model that predicts
 * its class from the image centre's brightness or, much more strongly, from a near-white top-left cell (a
 * Clever-Hans model: the marker is a shortcut). Nothing tells SpRAy which images are marked; the analysis of the
 * class must find a cluster of exactly the marked images, with its mean relevance in the corner.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { A } from '../../../src/compile/builder';
import { Engine } from '../../../src/engine/engine';
import { readMap } from '../../../src/dataset/resultFiles';
import { runFolder } from '../../../src/dataset/runFolder';
import { sprayByClass } from '../../../src/analysis/spray';
import { encodeModel } from '../../../src/onnx/encode';
import { floatTensor } from '../../../src/onnx/ir';
import { fixture } from '../../helpers/fixtures';
import { graph, node } from '../../helpers/ir';

const root = mkdtempSync(join(tmpdir(), 'explain-clever-hans-'));
const folder = join(root, 'data');
const engine = new Engine();
after(async () => {
  await engine.clearCache();
  rmSync(root, { recursive: true, force: true });
});

const SIDE = 32;
const CELL = 8;
const PHOTOS: [string, string][] = [
  ['person', 'astronaut_224.png'],
  ['animal', 'darknet_dog_224.png'],
  ['animal', 'darknet_eagle_224.png'],
  ['vehicle', 'rocket_224.png'],
  ['animal', 'winml_fish_224.png'],
];
// Not the kitten: its white background fires the marker detector on its own, and SpRAy rightly puts its views
// in the marker's cluster (the model answers from that corner for them too).
/** Six views of each photo, so that classes have enough members for a k-NN graph. */
const VIEWS: [string, (s: Sharp) => Sharp][] = [
  ['plain', (s) => s],
  ['flop', (s) => s.flop()],
  ['crop1', (s) => s.extract({ left: 0, top: 0, width: 180, height: 180 })],
  ['crop2', (s) => s.extract({ left: 44, top: 44, width: 180, height: 180 })],
  ['crop3', (s) => s.extract({ left: 20, top: 30, width: 160, height: 190 })],
  ['flopcrop', (s) => s.flop().extract({ left: 30, top: 10, width: 190, height: 170 })],
];
const marked = new Set<string>();

/**
 * x [N, 3, 32, 32] in 0..1 -> a 4x4 grid of 8x8 cells, two features per cell (conv stride 8, ReLU): the cell's
 * mean brightness, and a marker detector, relu(mean - 0.9). Class 0 ("animal") scores the four centre cells'
 * brightness plus 20 x the top-left cell's detector; class 1 ("vehicle") is a constant below every class 0 score,
 * so every image is explained as class 0, by its centre or by the marker.
 */
function cleverHansModel(): string {
  const w = new Float32Array(2 * 3 * CELL * CELL).fill(1 / (3 * CELL * CELL));
  const cells = SIDE / CELL;
  const gemm = new Float32Array(2 * 2 * cells * cells);
  const at = (feature: number, y: number, x: number) => feature * cells * cells + y * cells + x;
  for (const [y, x] of [[1, 1], [1, 2], [2, 1], [2, 2]]) gemm[at(0, y, x)] = 1;
  gemm[at(1, 0, 0)] = 20;
  const g = graph({
    input: ['x', [1, 3, SIDE, SIDE]],
    output: 'y',
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { kernel_shape: A.ints([CELL, CELL]), strides: A.ints([CELL, CELL]) }),
      node('Relu', ['c'], ['r']),
      node('Flatten', ['r'], ['f'], { axis: A.int(1) }),
      node('Gemm', ['f', 'g', 'gb'], ['y'], { transB: A.int(1) }),
    ],
    inits: {
      w: floatTensor(w, [2, 3, CELL, CELL]),
      b: floatTensor([0, -0.9], [2]),
      g: floatTensor(gemm, [2, 2 * cells * cells]),
      gb: floatTensor([0, -1], [2]),
    },
  });
  g.inputs[0].dims[0] = 'N';
  const path = join(root, 'clever_hans.onnx');
  writeFileSync(path, encodeModel(g));
  writeFileSync(join(root, 'labels.txt'), 'animal\nvehicle\n');
  writeFileSync(join(root, 'clever_hans.explain.json'), JSON.stringify({ model: 'clever_hans.onnx', labels: 'labels.txt', input: { channels: 'RGB', scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], resize: 'stretch' } }));
  return path;
}

before(async () => {
  let i = 0;
  for (const [label, file] of PHOTOS) {
    for (const [view, make] of VIEWS) {
      const rel = `${label}/${file.replace('.png', '')}_${view}.png`;
      let image = make(sharp(fixture('images', file)).removeAlpha());
      // Every third image: a white square over the top-left 30% (the model's whole top-left cell after resizing).
      if (i++ % 3 === 0) {
        const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
        const side = Math.ceil(info.width * 0.3);
        for (let y = 0; y < Math.ceil(info.height * 0.3); y++) data.fill(255, y * info.width * 3, (y * info.width + side) * 3);
        image = sharp(data, { raw: info });
        marked.add(rel);
      }
      mkdirSync(join(folder, label), { recursive: true });
      await image.png().toFile(join(folder, rel));
    }
  }
});

describe('SpRAy on a folder with a planted marker', () => {
  it('finds the cluster of the marked images in the class they are predicted as', async () => {
    const out = join(root, 'out');
    const { index } = await runFolder(engine, { model: { path: cleverHansModel() }, method: 'lrp', params: { rule: 'epsilon' }, folder, out });
    assert.equal(index.items.length, PHOTOS.length * VIEWS.length);
    // The labels are the folders: "animal" matches the model's class 0, "person" matches none.
    const kitten = index.items.find((i) => i.path.startsWith('animal/'))!;
    assert.equal(kitten.labelIndex, 0);
    assert.equal(index.items.find((i) => i.path.startsWith('person/'))!.labelIndex, undefined);
    assert.ok(index.items.every((i) => i.target === 0), 'every image is explained as class 0');
    const [animal] = await sprayByClass(index.items, (item) => readMap(out, item));
    assert.equal(animal.label, 'animal');
    const sets = animal.clusters.map((c) => new Set(c.members));
    const markedCluster = sets.find((s) => [...marked].every((m) => s.has(m)));
    assert.ok(markedCluster, `no cluster holds every marked image: ${animal.clusters.map((c) => c.members.length)} (eigenvalues ${animal.eigenvalues.map((v) => v.toFixed(3))})`);
    assert.equal(markedCluster.size, marked.size, `and nothing else: ${[...markedCluster].filter((m) => !marked.has(m))} (k ${animal.suggestedK}, eigenvalues ${animal.eigenvalues.map((v) => v.toFixed(3))})`);
    assert.equal(animal.suggestedK, 2, `eigenvalues ${animal.eigenvalues.map((v) => v.toFixed(3))}`);
    // Its mean map sits in the top-left corner.
    const cluster = animal.clusters.find((c) => c.members.length === marked.size && c.members.every((m) => marked.has(m)))!;
    const cornerShare = sumWhere(cluster.mean, animal.width, (x, y) => x < animal.width / 4 && y < animal.height / 4) / sumWhere(cluster.mean, animal.width, () => true);
    assert.ok(cornerShare > 0.8, `corner share of the marked cluster's mean: ${cornerShare}`);
  });
});

function sumWhere(map: number[], width: number, keep: (x: number, y: number) => boolean): number {
  return map.reduce((a, v, i) => a + (keep(i % width, Math.floor(i / width)) ? v : 0), 0);
}
