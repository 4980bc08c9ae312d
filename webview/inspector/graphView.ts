/**
 * The model's graph from the image to the outputs as SVG: boxes laid out by dagre (graphLayout.ts), collapsed
 * into blocks above ~300 nodes (graphBlocks.ts), coloured with the theme's variables. An op that stops a method
 * is outlined; after an explanation of this model each box shows its layer's relevance sum and conservation
 * gap, filled by |gap|, and a click (or Enter) on it opens that layer's row in the explanation's table.
 */
import type { InspectorLayer, ModelStructure } from '../../src/protocol';
import { el, num } from '../dom';
import { boxGraph, type BoxGraph } from '../model/graphBlocks';
import { boxText, layoutGraph, type GraphLayout } from '../model/graphLayout';
import { boxRelevance, type BoxRelevance } from '../model/nodeRelevance';

const SVG = 'http://www.w3.org/2000/svg';
const LINE = 16;

function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

export class GraphView {
  readonly element: HTMLElement;
  private readonly boxes: BoxGraph;
  private readonly canvas = el('div', { class: 'graph-canvas' });
  private readonly caption = el('p', { class: 'graph-caption' });
  private blockedOps = new Set<string>();
  private relevance: (BoxRelevance | undefined)[] = [];
  private explained = '';
  private laidOut: { key: string; layout: GraphLayout } | undefined;

  constructor(
    private readonly structure: ModelStructure,
    private readonly openLayer: (layer: string) => void,
  ) {
    this.boxes = boxGraph(structure.graph);
    this.element = el('section', { class: 'graph', 'aria-label': 'Graph' }, el('h2', {}, 'Graph'), this.caption, this.canvas);
    this.draw();
  }

  /** Ops that stop a method (the report's), outlined in the graph. */
  markBlocked(ops: Iterable<string>): void {
    this.blockedOps = new Set(ops);
    this.draw();
  }

  /** The last explanation's layers; each box with one shows its sum and gap (and the layout makes room for them). */
  showRelevance(layers: readonly InspectorLayer[], method: string, imageName: string): void {
    this.relevance = boxRelevance(this.structure.graph.nodes, this.boxes.boxes, layers);
    this.explained = layers.length ? `${method} of ${imageName}` : '';
    this.draw();
  }

  private draw(): void {
    const g = this.boxes;
    const withRelevance = this.relevance.some((r) => r);
    const lines = this.boxes.boxes.map((b, i) => {
      const text = [boxText(b.label), ...(g.collapsed ? [boxText(b.detail)] : [])];
      const r = this.relevance[i];
      if (r) text.push(`\u03a3 ${num(r.sum, 3)}${r.gap !== undefined ? `  gap ${num(r.gap, 2)}` : ''}`);
      else if (withRelevance) text.push('');
      return text;
    });
    // Outlining blocked ops changes no box's text: the layout (hundreds of ms for 300 boxes) is kept.
    const key = JSON.stringify(lines);
    if (this.laidOut?.key !== key) this.laidOut = { key, layout: layoutGraph(g, lines) };
    const placed = this.laidOut.layout;
    const { nodes } = this.structure.graph;
    const edges = placed.edges.map((points) => svg('path', { class: 'edge', d: points.map((p, k) => `${k ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' '), 'marker-end': 'url(#arrow)' }));
    const boxes = g.boxes.map((b, i) => {
      const p = placed.boxes[i];
      const r = this.relevance[i];
      const blocked = b.members.some((m) => this.blockedOps.has(nodes[m].op));
      const names = b.members.length === 1 ? nodes[b.members[0]].name : `${b.members.length} nodes: ${b.detail}`;
      const tip = [`${b.label}${b.members.length === 1 ? ` (${names})` : `\n${names}`}`, blocked ? 'An op here stops a method (see "Can it be explained?").' : '', r ? `Layer ${r.layer}: relevance ${r.sum}${r.gap !== undefined ? `, conservation gap ${r.gap}` : ''}. Click to open its row in the layer table.` : ''].filter((s) => s).join('\n');
      const box = svg(
        'g',
        { class: `box${b.members.length > 1 ? ' block' : ''}${blocked ? ' blocked' : ''}${r ? ' has-relevance' : ''}`, 'data-index': i, 'data-op': b.members.length === 1 ? nodes[b.members[0]].op : 'block', transform: `translate(${(p.x - p.width / 2).toFixed(1)} ${(p.y - p.height / 2).toFixed(1)})`, ...(r ? { tabindex: 0, role: 'button', 'data-layer': r.layer } : {}) },
        svg('title', {}, tip),
        svg('rect', { width: p.width, height: p.height, rx: 4 }),
        ...lines[i].map((t, k) => svg('text', { x: p.width / 2, y: 5 + LINE * (k + 0.8), class: k === 0 ? 'label' : 'detail' }, t)),
      );
      if (r?.weight !== undefined) (box as SVGElement).style.setProperty('--gap-pct', `${(r.weight * 100).toFixed(1)}%`);
      if (r) {
        box.addEventListener('click', () => this.openLayer(r.layer));
        box.addEventListener('keydown', (e) => {
          if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
            e.preventDefault();
            this.openLayer(r.layer);
          }
        });
      }
      return box;
    });
    const arrow = svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, svg('path', { d: 'M0 0 L8 4 L0 8 z', class: 'arrow' }));
    const picture = svg('svg', { class: 'graph-svg', width: Math.ceil(placed.width), height: Math.ceil(placed.height), viewBox: `0 0 ${Math.ceil(placed.width)} ${Math.ceil(placed.height)}`, role: 'img', 'aria-label': `The model's graph: ${g.boxes.length} ${g.collapsed ? 'blocks' : 'nodes'}` }, svg('defs', {}, arrow), ...edges, ...boxes);
    this.canvas.replaceChildren(picture);
    const shape = g.collapsed ? `${nodes.length} nodes from the input to the outputs, in ${g.boxes.length} blocks (over 300 nodes are collapsed by name scope, or into runs in graph order)` : `${nodes.length} nodes from the input to the outputs`;
    const gaps = this.relevance.some((r) => r?.gap !== undefined);
    this.caption.textContent = this.explained
      ? `${shape}. Relevance of the last explanation (${this.explained}) on ${this.relevance.filter((r) => r).length} of them${gaps ? ', filled by |conservation gap|' : ''}; click one to open its row in the layer table.`
      : `${shape}. Explain an image with this model to see each layer's relevance here.`;
  }
}
