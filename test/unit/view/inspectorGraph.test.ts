/**
 * The model inspector's graph (issue 16): up to 300 nodes one box each; above, blocks by the exporter's name
 * scopes at the finest depth that fits (else runs in graph order), every node in exactly one block, the block
 * graph's edges the nodes' edges between blocks. dagre's layout of the boxes: sized to their text, no two
 * overlapping, every edge pointing down the page. The last result's layers land on the box that writes them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelStructure } from '../../../src/protocol';
import { boxGraph, MAX_BOXES, opCounts } from '../../../webview/model/graphBlocks';
import { CHAR_WIDTH, layoutGraph, layoutInput } from '../../../webview/model/graphLayout';
import { boxRelevance } from '../../../webview/model/nodeRelevance';

type Graph = ModelStructure['graph'];

/** A chain of residual stages as torch.onnx names them: /stage{s}/block{b}/{conv,relu}, then an Add per block. */
function scoped(stages: number, blocks: number): Graph {
  const nodes: Graph['nodes'] = [];
  const edges: [number, number][] = [];
  let last = -1;
  for (let s = 0; s < stages; s++)
    for (let b = 0; b < blocks; b++) {
      const start = last;
      for (const [name, op] of [['conv', 'Conv'], ['relu', 'Relu'], ['add', 'Add']]) {
        nodes.push({ name: `/stage${s}/block${b}/${name}/${op}`, op, outputs: [`t${nodes.length}`] });
        if (last >= 0) edges.push([last, nodes.length - 1]);
        last = nodes.length - 1;
      }
      if (start >= 0) edges.push([start, last]);
    }
  return { nodes, edges };
}

/** A chain without scopes (Caffe2 / WinML names). */
function chain(n: number): Graph {
  return { nodes: Array.from({ length: n }, (_, i) => ({ name: `node_${i}`, op: i % 2 ? 'Relu' : 'Conv', outputs: [`t${i}`] })), edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]) };
}

function everyNodeOnce(g: Graph, boxes: { members: number[] }[]): void {
  const seen = boxes.flatMap((b) => b.members).sort((a, b) => a - b);
  assert.deepEqual(seen, g.nodes.map((_, i) => i));
}

describe('boxGraph', () => {
  test('at most 300 nodes: one box per node, the same edges', () => {
    const g = scoped(4, 5);
    const b = boxGraph(g);
    assert.equal(b.collapsed, false);
    assert.deepEqual(b.boxes.map((x) => x.label), g.nodes.map((n) => n.op));
    assert.deepEqual(b.edges, g.edges);
  });

  test('above 300: blocks by scope at the deepest depth that fits, edges between blocks', () => {
    const g = scoped(8, 20); // 480 nodes, 160 blocks of /stage/block, 8 stages
    const b = boxGraph(g);
    assert.equal(b.collapsed, true);
    assert.equal(b.boxes.length, 160);
    everyNodeOnce(g, b.boxes);
    assert.equal(b.boxes[0].label, '/stage0/block0');
    assert.equal(b.boxes[0].detail, 'Conv, Relu, Add');
    assert.equal(b.edges.length, 159);
    for (const [x, y] of b.edges) assert.equal(y, x + 1);
    // A tighter limit falls back to the stage scopes.
    const coarse = boxGraph(g, 100);
    assert.deepEqual(coarse.boxes.map((x) => x.label), Array.from({ length: 8 }, (_, s) => `/stage${s}`));
    assert.equal(coarse.boxes[0].detail, 'Conv x20, Relu x20, Add x20');
  });

  test('names without scopes: runs of consecutive nodes, at most 300 of them, edges forward', () => {
    const g = chain(1000);
    const b = boxGraph(g);
    assert.ok(b.boxes.length <= MAX_BOXES, `${b.boxes.length} boxes`);
    everyNodeOnce(g, b.boxes);
    for (const box of b.boxes) for (let k = 1; k < box.members.length; k++) assert.equal(box.members[k], box.members[k - 1] + 1);
    for (const [x, y] of b.edges) assert.ok(x < y);
    assert.equal(b.boxes[0].label, 'node_0 .. node_3');
  });

  test('opCounts', () => {
    assert.equal(opCounts(['Conv', 'Relu', 'Conv', 'Add']), 'Conv x2, Relu, Add');
  });
});

describe('layoutGraph', () => {
  test('boxes sized to their text, placed without overlap, edges running down', () => {
    const b = boxGraph(scoped(2, 3));
    const lines = b.boxes.map((x) => [x.label]);
    const input = layoutInput(b, lines);
    assert.equal(input.nodes[0].width, 'Conv'.length * CHAR_WIDTH + 20);
    const placed = layoutGraph(b, lines);
    assert.equal(placed.boxes.length, b.boxes.length);
    for (let i = 0; i < placed.boxes.length; i++)
      for (let j = i + 1; j < placed.boxes.length; j++) {
        const [p, q] = [placed.boxes[i], placed.boxes[j]];
        const apart = Math.abs(p.x - q.x) >= (p.width + q.width) / 2 || Math.abs(p.y - q.y) >= (p.height + q.height) / 2;
        assert.ok(apart, `boxes ${i} and ${j} overlap`);
      }
    b.edges.forEach(([from, to], k) => {
      assert.ok(placed.boxes[to].y > placed.boxes[from].y, `edge ${from} -> ${to} runs down`);
      assert.ok(placed.edges[k].length >= 2);
    });
    for (const p of placed.boxes) assert.ok(p.x - p.width / 2 >= 0 && p.x + p.width / 2 <= placed.width && p.y + p.height / 2 <= placed.height);
  });
});

describe('boxRelevance', () => {
  test('a layer marks the box writing its tensor; a block shows its last layer and its worst gap', () => {
    const g = scoped(8, 20);
    const b = boxGraph(g);
    const layers = [
      { name: 't0', node: 'whatever', sum: 1, gap: 0.01 },
      { name: 't1', node: '', sum: 0.9, gap: -0.2 },
      { name: 't2', node: '', sum: 0.8, gap: 0.05 },
      { name: 'gone', node: '/stage7/block19/add/Add', sum: 0.5 },
    ];
    const r = boxRelevance(g.nodes, b.boxes, layers);
    assert.deepEqual(r[0], { layer: 't2', sum: 0.8, gap: -0.2, weight: 0.2 });
    assert.deepEqual(r[159], { layer: 'gone', sum: 0.5 });
    assert.equal(r.filter((x) => x).length, 2);
  });
});
