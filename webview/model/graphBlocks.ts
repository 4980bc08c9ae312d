/**
 * The boxes the inspector's graph draws. Up to ~300 nodes each node is a box; above, nodes are collapsed into
 * blocks so the layout stays readable and fast: by the exporter's name scopes where the names have them
 * (torch.onnx's "/layer1/layer1.0/conv1/Conv" -> "/layer1/layer1.0"), at the finest depth that fits, else runs of
 * consecutive nodes in graph order (which keeps the block graph acyclic).
 */
import type { ModelStructure } from '../../src/protocol';

export const MAX_BOXES = 300;

export interface GraphBox {
  /** What the box says: the op of a single node, the scope (or first and last node) of a block. */
  label: string;
  /** The ops inside, for a block's second line and its tooltip ("Conv x3, Relu x3, Add"). */
  detail: string;
  /** Indices into the structure's nodes, in graph order. */
  members: number[];
}

export interface BoxGraph {
  boxes: GraphBox[];
  edges: [number, number][];
  /** True when boxes hold several nodes. */
  collapsed: boolean;
}

export function boxGraph(graph: ModelStructure['graph'], limit = MAX_BOXES): BoxGraph {
  const n = graph.nodes.length;
  if (n <= limit) {
    const boxes = graph.nodes.map((node, i): GraphBox => ({ label: node.op, detail: node.name, members: [i] }));
    return { boxes, edges: graph.edges.map(([a, b]) => [a, b]), collapsed: false };
  }
  const groups = scopeGroups(graph.nodes.map((node) => node.name), limit) ?? runs(n, Math.ceil(n / limit));
  const boxOf = new Array<number>(n);
  groups.forEach((g, b) => g.members.forEach((i) => (boxOf[i] = b)));
  const seen = new Set<string>();
  const edges: [number, number][] = [];
  for (const [a, b] of graph.edges) {
    const [x, y] = [boxOf[a], boxOf[b]];
    if (x === y || seen.has(`${x}>${y}`)) continue;
    seen.add(`${x}>${y}`);
    edges.push([x, y]);
  }
  const boxes = groups.map((g): GraphBox => {
    const ops = g.members.map((i) => graph.nodes[i].op);
    const label = g.scope ?? (g.members.length === 1 ? ops[0] : `${graph.nodes[g.members[0]].name} .. ${graph.nodes[g.members[g.members.length - 1]].name}`);
    return { label, detail: opCounts(ops), members: g.members };
  });
  return { boxes, edges, collapsed: true };
}

/** "Conv x3, Relu x3, Add": the ops of a block in order of first use. */
export function opCounts(ops: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts].map(([op, c]) => (c > 1 ? `${op} x${c}` : op)).join(', ');
}

interface Group {
  scope?: string;
  members: number[];
}

/** The scopes of a node name: "/a/b/c/Conv" -> ["a", "b", "c"] (the last part names the node itself). */
function scopesOf(name: string): string[] {
  const parts = name.split('/').filter((p) => p);
  return parts.slice(0, -1);
}

/**
 * Nodes grouped by their first `depth` scopes, at the deepest depth giving at most `limit` groups (a node with
 * fewer scopes is a group of its own); undefined when the names carry no scopes that merge anything.
 */
function scopeGroups(names: readonly string[], limit: number): Group[] | undefined {
  const scopes = names.map(scopesOf);
  const deepest = Math.max(0, ...scopes.map((s) => s.length));
  for (let depth = deepest; depth >= 1; depth--) {
    const groups = new Map<string, Group>();
    scopes.forEach((s, i) => {
      const key = s.length >= depth ? `/${s.slice(0, depth).join('/')}` : `\u0000${i}`;
      const g = groups.get(key) ?? { ...(s.length >= depth && { scope: key }), members: [] };
      g.members.push(i);
      groups.set(key, g);
    });
    if (groups.size <= limit && groups.size < names.length) return [...groups.values()];
  }
  return undefined;
}

/** Runs of `size` consecutive nodes. */
function runs(n: number, size: number): Group[] {
  const out: Group[] = [];
  for (let i = 0; i < n; i += size) out.push({ members: Array.from({ length: Math.min(size, n - i) }, (_, k) => i + k) });
  return out;
}
