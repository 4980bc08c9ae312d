/**
 * The rule compiler: one ONNX graph holding the model's forward pass and a rule-modified backward pass in
 * standard ops, plus per-layer relevance reductions as extra outputs, so one session.run explains a batch.
 *
 * Inputs:  the model input [N, ...] and `explain/seed` [N, K], the signal placed on the scores.
 * Outputs: `explain/scores` [N, K], `explain/input_signal` [N, ...], and per layer i
 *          `explain/layer{i}/neurons` [N, C]: the layer's relevance summed over space per neuron. Only
 *          these small reductions leave the graph (one ReduceSum each), never whole tensors.
 */
import { ExplainError } from '../errors';
import { type IRGraph, type IRNode, cloneGraph } from '../onnx/ir';
import type { CanonicalGraph } from '../canonicalize';
import { BACKWARD, SUPPORTED_OPS } from '../ops';
import type { BackwardContext, BackwardRule } from '../ops/rule';
import { batchFree } from '../ops/shared/unbroadcast';
import { A, GraphBuilder } from './builder';
import { pathNodes } from './path';

export const SEED = 'explain/seed';
export const SCORES = 'explain/scores';
export const INPUT_SIGNAL = 'explain/input_signal';

/** What the per-layer records sum: the signal itself, or signal times the layer's activation. */
export type LayerQuantity = 'signal' | 'signal-x-activation';

export interface CompileOptions {
  /** A method's override of the backward of some nodes (guided backprop's ReLU, LRP's rules...). */
  override?: (node: IRNode, path: PathInfo) => BackwardRule | undefined;
  layerQuantity: LayerQuantity;
  /** Scale the seed by the score itself (LRP starts from R = score). */
  seedTimesScore?: boolean;
  /**
   * Tensors (node outputs on the path) whose whole signal and activation the graph also outputs, as
   * `exposedSignal(t)` and `t` itself: Grad-CAM's feature map, for instance.
   */
  expose?: string[];
}

export const exposedSignal = (t: string) => `explain/signal/${t}`;

/** What an override may know about where a node sits. */
export interface PathInfo {
  /** Nodes from the input to the score, in graph order. */
  nodes: IRNode[];
  input: string;
}

export interface CompiledLayer {
  name: string;
  node: string;
  op: string;
  shape: number[];
  neurons: string;
}

export interface CompiledGraph {
  graph: IRGraph;
  inputName: string;
  classes: number;
  layers: CompiledLayer[];
  exposed: string[];
}

export function compile(c: CanonicalGraph, opts: CompileOptions): CompiledGraph {
  const graph = cloneGraph(c.graph);
  const inputName = graph.inputs[0].name;
  const outputName = graph.outputs[0].name;
  const outShape = c.shapes.get(outputName);
  if (!outShape) throw new ExplainError('UNSUPPORTED_MODEL', `The model's output "${outputName}" does not depend on its input.`);
  const classes = outShape.slice(1).reduce((a, b) => a * b, 1);
  const path = pathNodes(graph, inputName, outputName);
  const onPath = new Set<string>([inputName, ...path.flatMap((n) => n.outputs.filter((o) => o))]);
  const info: PathInfo = { nodes: path, input: inputName };
  const ruleFor = (n: IRNode): BackwardRule => {
    const rule = opts.override?.(n, info) ?? (n.domain === '' ? BACKWARD.get(n.opType) : undefined);
    if (!rule) {
      throw new ExplainError(
        'UNSUPPORTED_OP',
        `Unsupported op ${n.domain ? `${n.domain}.` : ''}${n.opType} (node "${n.name}") on the path from the input to the score. Supported: ${SUPPORTED_OPS.join(', ')}.`,
      );
    }
    return rule;
  };
  const rules = new Map(path.map((n) => [n, ruleFor(n)]));

  const b = new GraphBuilder('explain');
  const ctx: BackwardContext = {
    b,
    shape: (t) => {
      const s = c.shapes.get(t) ?? graph.inits.get(t)?.dims;
      if (!s) throw new ExplainError('INTERNAL', `No shape known for tensor ${t}.`);
      return s;
    },
    constant: (t) => graph.inits.get(t) ?? b.inits.get(t),
    needsGrad: (t) => onPath.has(t),
    forwardOutput(node, index) {
      while (node.outputs.length <= index) node.outputs.push('');
      if (!node.outputs[index]) node.outputs[index] = b.fresh(`${node.name}_out${index}`);
      return node.outputs[index];
    },
  };

  // Scores as a flat [N, K] vector; the seed enters shaped like the model's output.
  b.opTo('Flatten', [outputName], SCORES, { axis: A.int(1) });
  const seed = opts.seedTimesScore ? b.op('Mul', [SEED, SCORES], {}, 'seed_x_score') : SEED;
  const signals = new Map<string, string[]>();
  const addSignal = (t: string, s: string) => signals.set(t, [...(signals.get(t) ?? []), s]);
  addSignal(outputName, outShape.length === 2 ? seed : b.op('Reshape', [seed, b.int64s(batchFree(outShape))]));
  const total = (t: string): string | undefined => {
    const parts = signals.get(t);
    if (!parts) return undefined;
    return parts.length === 1 ? parts[0] : parts.reduce((acc, p) => b.op('Add', [acc, p], {}, 'sum_signal'));
  };

  const layers: CompiledLayer[] = [];
  for (const node of [...path].reverse()) {
    const out = node.outputs[0];
    const g = total(out);
    if (!g) continue;
    layers.unshift(layerRecord(b, node, g, c.shapes.get(out)!, opts.layerQuantity, path.indexOf(node)));
    const inGrads = rules.get(node)!(node, g, ctx);
    node.inputs.forEach((x, i) => {
      const s = inGrads[i];
      if (s && x && onPath.has(x)) addSignal(x, s);
    });
  }
  const inputSignal = total(inputName);
  if (!inputSignal) throw new ExplainError('UNSUPPORTED_MODEL', 'The score does not depend on the input image.');
  b.opTo('Identity', [inputSignal], INPUT_SIGNAL);
  const exposed = opts.expose ?? [];
  for (const t of exposed) {
    const g = t === inputName ? inputSignal : total(t);
    if (!g) throw new ExplainError('BAD_ARGUMENT', `"${t}" is not a tensor on the path from the input to the score.`);
    b.opTo('Identity', [g], exposedSignal(t));
  }
  const compiled: IRGraph = {
    name: `${graph.name}-explain`,
    opset: graph.opset,
    nodes: [...graph.nodes, ...b.nodes],
    inits: new Map([...graph.inits, ...b.inits]),
    inputs: [graph.inputs[0], { name: SEED, type: 'float32', dims: ['N', classes] }],
    outputs: [SCORES, INPUT_SIGNAL, ...layers.map((l) => l.neurons), ...exposed.flatMap((t) => [exposedSignal(t), t])].map((name) => ({
      name,
      type: 'float32' as const,
      dims: [],
    })),
  };
  return { graph: compiled, inputName, classes, layers, exposed };
}

function layerRecord(b: GraphBuilder, node: IRNode, signal: string, shape: number[], q: LayerQuantity, k: number): CompiledLayer {
  const r = q === 'signal' ? signal : b.op('Mul', [signal, node.outputs[0]], {}, 'relevance');
  const spatial = shape.slice(2).map((_, i) => i + 2);
  const neurons = `explain/layer${k}/neurons`;
  if (spatial.length) b.opTo('ReduceSum', [r, b.int64s(spatial)], neurons, { keepdims: A.int(0) });
  else b.opTo('Identity', [r], neurons);
  return { name: node.outputs[0], node: node.name, op: node.opType, shape, neurons };
}
