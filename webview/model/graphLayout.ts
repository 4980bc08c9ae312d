/**
 * Where the inspector's graph boxes go: a layered top-to-bottom layout by dagre (Sugiyama-style ranks,
 * crossing reduction, coordinate assignment), from the box graph's sizes and edges. Box sizes follow their text
 * in characters of a monospace 12px font (the stylesheet draws box text in it).
 */
import { graphlib, layout } from '@dagrejs/dagre';
import type { BoxGraph } from './graphBlocks';

export const CHAR_WIDTH = 7;
const LINE = 16;
const PAD = 10;

export interface LayoutInput {
  nodes: { id: string; width: number; height: number }[];
  edges: { from: string; to: string }[];
}

export interface PlacedBox {
  /** Centre and size, as dagre places nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  boxes: PlacedBox[];
  /** Each edge's polyline, in the order of BoxGraph.edges. */
  edges: { x: number; y: number }[][];
}

/** Labels longer than this are cut in the box (the tooltip has the whole name). */
export const MAX_LABEL = 40;

export function boxText(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}\u2026` : label;
}

/** Boxes sized to their lines of text (a node's op; a block's scope and ops; the relevance line when shown). */
export function layoutInput(g: BoxGraph, lines: readonly (readonly string[])[]): LayoutInput {
  const nodes = g.boxes.map((_, i) => ({ id: String(i), width: Math.max(4, ...lines[i].map((l) => l.length)) * CHAR_WIDTH + 2 * PAD, height: lines[i].length * LINE + PAD }));
  return { nodes, edges: g.edges.map(([a, b]) => ({ from: String(a), to: String(b) })) };
}

export function layoutGraph(g: BoxGraph, lines: readonly (readonly string[])[]): GraphLayout {
  const input = layoutInput(g, lines);
  const d = new graphlib.Graph({ multigraph: false });
  d.setGraph({ rankdir: 'TB', nodesep: 16, ranksep: 28, marginx: 8, marginy: 8 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) d.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) d.setEdge(e.from, e.to);
  layout(d);
  const label = d.graph() as { width?: number; height?: number };
  return {
    width: label.width ?? 0,
    height: label.height ?? 0,
    boxes: input.nodes.map((n) => {
      const placed = d.node(n.id) as { x: number; y: number };
      return { x: placed.x, y: placed.y, width: n.width, height: n.height };
    }),
    edges: input.edges.map((e) => ((d.edge(e.from, e.to) as { points?: { x: number; y: number }[] }).points ?? []).map((p) => ({ x: p.x, y: p.y }))),
  };
}
