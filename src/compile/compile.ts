/**
 * The rule compiler: one ONNX graph holding the model's forward pass and a rule-modified backward pass in
 * standard ops, plus per-layer relevance reductions as extra outputs, so one session.run explains a batch.
 *
 * Inputs:  the model input [N, ...] and `explain/seed` [N, K], the signal placed on the scores.
 * Outputs: `explain/scores` [N, K], `explain/input_signal` [N, ...], and per layer i
 *          `explain/layer{i}/neurons` [N, C]: the layer's relevance summed over space per neuron. Only
 *          these small reductions leave the graph (one ReduceSum each), never whole tensors; the one
 *          exception is `explain/layer_map` [N, ...], a single layer's relevance per position, when asked.
 */
import { type DerivedConstants, deriveEveryTime } from './derivedConstants';
import { ExplainError } from '../errors';
import { BLACK_BOX_HINT } from './blackBoxHint';
import { type IRGraph, type IRNode, cloneGraph, int64Tensor } from '../onnx/ir';
import type { CanonicalGraph } from '../canonicalize';
import { BACKWARD, SUPPORTED_OPS } from '../ops';
import type { BackwardContext, BackwardRule } from '../ops/rule';
import { batchFree } from '../ops/shared/unbroadcast';
import { zerosLike } from '../ops/shared/zerosLike';
import { A, GraphBuilder } from './builder';
import { pathNodes } from './path';
import { recordsOfInputs } from './records';
import { dropUnusedInits } from '../onnx/dropUnusedInits';
import { forwardReachable } from '../canonicalize/reach';

export const SEED = 'explain/seed';
export const SCORES = 'explain/scores';
export const INPUT_SIGNAL = 'explain/input_signal';
/** The relevance per position of the layer named by `CompileOptions.layerMap`. */
export const LAYER_MAP = 'explain/layer_map';

/**
 * What the per-layer records sum: the signal itself, or signal times the layer's activation, or (paired
 * graphs) signal times the activation's difference from the reference, a(x) - a(x0).
 */
export type LayerQuantity = 'signal' | 'signal-x-activation' | 'signal-x-delta';

export interface CompileOptions {
  /** A method's override of the backward of some nodes (guided backprop's ReLU, LRP's rules...). */
  override?: (node: IRNode, path: PathInfo) => BackwardRule | undefined;
  layerQuantity: LayerQuantity;
  /**
   * A method's own relevance tensor for a layer (the layer output's shape; with `paired`, one row per pair),
   * where layerQuantity cannot say it; undefined keeps layerQuantity's.
   */
  layerRelevance?: (node: IRNode, signal: string, ctx: BackwardContext, path: PathInfo) => string | undefined;
  /**
   * The batch holds pairs, rows 2i and 2i+1 an input and its reference (DeepLIFT), and signals have one row
   * per pair: the seed enters from the pair's first row; the input signal, exposed signals and layer records
   * leave on the pair's first row, the second row zero. Activations keep both rows (pairRows, pairDelta).
   */
  paired?: boolean;
  /** Scale the seed by the score itself (LRP starts from R = score). */
  seedTimesScore?: boolean;
  /**
   * Tensors (node outputs on the path) whose whole signal and activation the graph also outputs, as
   * `exposedSignal(t)` and `t` itself: Grad-CAM's feature map, for instance.
   */
  expose?: string[];
  /**
   * A layer (its output tensor, as in CompiledLayer.name) whose relevance per position the graph also
   * outputs as LAYER_MAP: the very tensor its `neurons` record reduces, so a neuron's map sums to its record
   * whatever the quantity (a method's own layerRelevance, DeepLIFT's pairs included).
   */
  layerMap?: string;
  /**
   * A tensor on the path where the backward pass stops: only the layers from it to the score are visited
   * and reported (its producer's record included, its backward skipped), and the graph has no input signal.
   * Grad-CAM and CAM read nothing below their feature map, so they cost about one forward pass instead of a
   * full backward.
   */
  stopAt?: string;
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
  /** The layer whose map is output as LAYER_MAP, if one was asked for. */
  layerMap?: string;
}

/** `derived`: where constants derived from weights are kept across compiles (the randomization cascade's). */
export function compile(c: CanonicalGraph, opts: CompileOptions, derived: Pick<DerivedConstants, 'get'> = deriveEveryTime): CompiledGraph {
  const graph = cloneGraph(c.graph);
  const inputName = graph.inputs[0].name;
  const outputName = graph.outputs[0].name;
  const outShape = c.shapes.get(outputName);
  if (!outShape) throw new ExplainError('UNSUPPORTED_MODEL', `The model's output "${outputName}" does not depend on its input.`);
  const classes = outShape.slice(1).reduce((a, b) => a * b, 1);
  const from = opts.stopAt ?? inputName;
  const path = pathNodes(graph, from, outputName);
  const onPath = new Set<string>([from, ...path.flatMap((n) => n.outputs.filter((o) => o))]);
  const info: PathInfo = { nodes: path, input: inputName };
  const ruleFor = (n: IRNode): BackwardRule => {
    const rule = opts.override?.(n, info) ?? (n.domain === '' ? BACKWARD.get(n.opType) : undefined);
    if (!rule) {
      throw new ExplainError(
        'UNSUPPORTED_OP',
        `Unsupported op ${n.domain ? `${n.domain}.` : ''}${n.opType} (node "${n.name}") on the path from the input to the score; ${BLACK_BOX_HINT}. Supported: ${SUPPORTED_OPS.join(', ')}.`,
      );
    }
    return rule;
  };
  const rules = new Map(path.map((n) => [n, ruleFor(n)]));

  const b = new GraphBuilder('explain');
  const fixedBatch = typeof graph.inputs[0].dims[0] === 'number';
  // Pairs where the export fixed the batch at 1: a second copy of the forward runs the reference.
  const dual = opts.paired && fixedBatch ? dualForward(b, graph) : undefined;
  const ctx: BackwardContext = {
    b,
    // A copy: rules build their results' shapes from it in place (placeEvenly), and the canonical graph's
    // shapes are shared by every variant compiled from it.
    shape: (t) => {
      const s = c.shapes.get(t) ?? graph.inits.get(t)?.dims;
      if (!s) throw new ExplainError('INTERNAL', `No shape known for tensor ${t}.`);
      return [...s];
    },
    constant: (t) => graph.inits.get(t) ?? b.inits.get(t),
    needsGrad: (t) => onPath.has(t),
    derived: (weight, kind, derive) => derived.get(weight, kind, derive),
    forwardOutput(node, index) {
      while (node.outputs.length <= index) node.outputs.push('');
      if (!node.outputs[index]) {
        node.outputs[index] = b.fresh(`${node.name}_out${index}`);
        dual?.reach.add(node.outputs[index]);
      }
      return node.outputs[index];
    },
    // A model whose batch is fixed (canonicalize says when) has no batch axis to keep free.
    freeShape: (t) => (fixedBatch ? ctx.shape(t) : freeShape(t, ctx.shape(t), c.batchShapes?.get(t))),
  };

  // Scores as a flat [N, K] vector; the seed enters shaped like the model's output.
  if (dual) b.opTo('Concat', [outputName, dual.ref(outputName)].map((o) => b.op('Flatten', [o], { axis: A.int(1) })), SCORES, { axis: A.int(0) });
  else b.opTo('Flatten', [outputName], SCORES, { axis: A.int(1) });
  const seed = opts.seedTimesScore ? b.op('Mul', [SEED, SCORES], {}, 'seed_x_score') : SEED;
  const signals = new Map<string, string[]>();
  const addSignal = (t: string, s: string) => signals.set(t, [...(signals.get(t) ?? []), s]);
  const seedRows = opts.paired ? pairRows(b, seed, [1, classes])[0] : seed;
  addSignal(outputName, outShape.length === 2 ? seedRows : b.op('Reshape', [seedRows, b.int64s(batchFree(outShape))]));
  const total = (t: string): string | undefined => {
    const parts = signals.get(t);
    if (!parts) return undefined;
    return parts.length === 1 ? parts[0] : parts.reduce((acc, p) => b.op('Add', [acc, p], {}, 'sum_signal'));
  };

  // Signal x activation is the same on both sides of a positively homogeneous unit (ReLU, LeakyReLU, PReLU:
  // g * 1[z > 0] * z = g * relu(z)): a layer whose only consumer is such a unit takes the unit's record, so its
  // own output need not be kept and onnxruntime can still fuse Conv+ReLU.
  const uses = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) uses.set(i, (uses.get(i) ?? 0) + 1);
  for (const o of graph.outputs) uses.set(o.name, (uses.get(o.name) ?? 0) + 1);
  const sameAcross = new Map<string, string>();
  // Layers whose per-neuron record is a record already made (records.ts).
  const reducedAcross = new Map<string, () => string>();

  const passBack = (node: IRNode, g: string, gradOuts: (string | undefined)[]) => {
    const inGrads = rules.get(node)!(node, g, ctx, gradOuts);
    node.inputs.forEach((x, i) => {
      const s = inGrads[i];
      if (s && x && onPath.has(x)) addSignal(x, s);
    });
  };

  const batchFirst = (t: string) => !c.batchShapes || (c.shapes.get(t)?.[0] === 1 && c.batchShapes.get(t)?.[0] === 2);
  const layers: CompiledLayer[] = [];
  for (const node of [...path].reverse()) {
    const out = node.outputs[0];
    const gradOuts = node.outputs.map((o) => (o ? total(o) : undefined));
    if (gradOuts.every((s) => s === undefined)) continue;
    const g = gradOuts[0];
    if (g === undefined || !batchFirst(out)) {
      // Only another output is on the path (a Split piece): no record of this one, zeros in its place. A
      // tensor with the batch elsewhere (attention's [L, N, E]) has no per-neuron record [N, C] either.
      if (out !== opts.stopAt) {
        const k = gradOuts.findIndex((s) => s !== undefined);
        passBack(node, g ?? zerosLike(ctx, out, { of: node.outputs[k], signal: gradOuts[k]! }), gradOuts);
      }
      continue;
    }
    const shape = c.shapes.get(out)!;
    const k = path.indexOf(node);
    const own = opts.layerRelevance?.(node, g, ctx, info) ?? sameAcross.get(out);
    const x = node.inputs[0];
    const ownRule = !opts.paired && !opts.override?.(node, info);
    const homogeneous = opts.layerQuantity === 'signal-x-activation' && ownRule && HOMOGENEOUS.has(node.opType) && uses.get(x) === 1;
    const reduced = own === undefined && out !== opts.layerMap ? reducedAcross.get(out) : undefined;
    if (reduced) {
      // Its per-neuron sums are known already (records.ts): no pass over the tensor. Registered as the
      // reduction of its signal, so a layer carrying the same signal (LRP through an activation) shares it.
      const neurons = b.opTo('Identity', [reduced()], `explain/layer${k}/neurons`);
      if (opts.layerQuantity === 'signal') cached(b, `neurons:${g}`, () => neurons);
      layers.unshift({ name: out, node: node.name, op: node.opType, shape, neurons });
      if (homogeneous) reducedAcross.set(x, () => neurons);
    } else {
      const [layer, relevance] = layerRecord(b, node, g, shape, own ?? opts.layerQuantity, k, !!opts.paired, out === opts.layerMap);
      layers.unshift(layer);
      if (homogeneous) sameAcross.set(x, relevance);
    }
    const neurons = layers[0].neurons;
    if (ownRule) for (const [input, record] of recordsOfInputs(b, node, neurons, ctx, opts.layerQuantity)) if (uses.get(input) === 1) reducedAcross.set(input, record);
    // The producer of the tensor the backward stops at is reported, not passed through.
    if (out === opts.stopAt) continue;
    passBack(node, g, gradOuts);
  }
  const inputSignal = total(from);
  if (!inputSignal) throw new ExplainError('UNSUPPORTED_MODEL', 'The score does not depend on the input image.');
  const perRow = (t: string, sig: string) => (opts.paired ? firstRowOfPair(b, sig, ctx.shape(t)) : sig);
  if (opts.stopAt === undefined) b.opTo('Identity', [perRow(inputName, inputSignal)], INPUT_SIGNAL);
  if (opts.layerMap !== undefined && !layers.some((l) => l.name === opts.layerMap)) {
    throw new ExplainError('BAD_ARGUMENT', `"${opts.layerMap}" is not a layer of this explanation (the layer table lists their names).`);
  }
  const exposed = opts.expose ?? [];
  for (const t of exposed) {
    const g = t === from ? inputSignal : total(t);
    if (!g) throw new ExplainError('BAD_ARGUMENT', `"${t}" is not a tensor on the path from the input to the score.`);
    b.opTo('Identity', [perRow(t, g)], exposedSignal(t));
  }
  const compiled: IRGraph = {
    name: `${graph.name}-explain`,
    opset: graph.opset,
    nodes: [...(dual?.nodes() ?? []), ...graph.nodes, ...b.nodes],
    inits: new Map([...graph.inits, ...b.inits]),
    inputs: [dual?.input ?? graph.inputs[0], { name: SEED, type: 'float32', dims: ['N', classes] }],
    outputs: [
      SCORES,
      ...(opts.stopAt === undefined ? [INPUT_SIGNAL] : []),
      ...layers.map((l) => l.neurons),
      ...exposed.flatMap((t) => [exposedSignal(t), t]),
      ...(opts.layerMap !== undefined ? [LAYER_MAP] : []),
    ].map((name) => ({
      name,
      type: 'float32' as const,
      dims: [],
    })),
  };
  // Rules make constants they then transform (weights a backward flips): only those read go to onnxruntime.
  dropUnusedInits(compiled);
  return { graph: compiled, inputName: dual?.input.name ?? inputName, classes, layers, exposed, layerMap: opts.layerMap };
}

interface DualForward {
  /** The compiled graph's input: the pair [2, ...], input then reference. */
  input: IRGraph['inputs'][number];
  /** Tensors that depend on the image (the forward's, and outputs rules ask of forward nodes). */
  reach: Set<string>;
  /** A forward tensor's twin at the reference. */
  ref(t: string): string;
  /** The rows of the pair into the two copies, and the reference's copy of the forward as it is now. */
  nodes(): IRNode[];
}

/**
 * A model whose export fixed its batch at 1 (its reshapes hold batch x heads or batch x windows as one
 * number) cannot run a pair as a batch of 2: its forward runs twice instead, once per row of the pair, and
 * `pairRows` reads a tensor's two rows from the two copies. Signals keep one row per pair, which is the
 * fixed batch's own shape, so every rule works on them unchanged. The reference's copy is made last, from
 * the forward nodes as the rules left them (a MaxPool asked for its indices gives them in both copies).
 */
function dualForward(b: GraphBuilder, graph: IRGraph): DualForward {
  const x = graph.inputs[0];
  const reach = forwardReachable(graph);
  const ref = (t: string) => (reach.has(t) ? `${t}::ref` : t);
  const input = { ...x, name: 'explain/pairs', dims: [2, ...x.dims.slice(1)] };
  const half = (i: number, to: string): IRNode => ({
    name: `explain/pair_row${i}`,
    opType: 'Slice',
    domain: '',
    inputs: [input.name, b.int64s([i]), b.int64s([i + 1]), b.int64s([0])],
    outputs: [to],
    attrs: {},
  });
  const dual: DualForward = {
    input,
    reach,
    ref,
    nodes: () => [
      half(0, x.name),
      half(1, ref(x.name)),
      ...graph.nodes
        .filter((n) => n.inputs.some((i) => reach.has(i)))
        .map((n) => ({ ...n, name: `${n.name}::ref`, inputs: n.inputs.map(ref), outputs: n.outputs.map((o) => (o ? ref(o) : o)) })),
    ],
  };
  dualOf.set(b, dual);
  return dual;
}

const dualOf = new WeakMap<GraphBuilder, DualForward>();

/**
 * A Reshape target for tensor `t`: -1 at its batch axis, the one axis where its shape at batch 2 (when the
 * canonical graph has them) differs from its shape at batch 1; axis 0 otherwise.
 */
function freeShape(t: string, shape: number[], atBatch2: number[] | undefined): number[] {
  if (!atBatch2) return batchFree(shape);
  const moved = shape.flatMap((d, i) => (atBatch2[i] !== d ? [i] : []));
  if (moved.length === 0) return shape;
  if (moved.length > 1 || atBatch2.length !== shape.length) {
    throw new ExplainError('UNSUPPORTED_MODEL', `Tensor ${t} grows along several axes with the batch ([${shape.join(', ')}] at batch 1, [${atBatch2.join(', ')}] at batch 2): its batch axis is not known.`);
  }
  return shape.map((d, i) => (i === moved[0] ? -1 : d));
}

/** Units with f(z) = f'(z) z, across which signal x activation does not change. */
const HOMOGENEOUS = new Set(['Relu', 'LeakyRelu', 'PRelu']);

/**
 * The layer's record, and the relevance tensor it reduces. `q` is a quantity, or the relevance tensor itself;
 * `mapped`: also output it whole as LAYER_MAP.
 */
function layerRecord(
  b: GraphBuilder,
  node: IRNode,
  signal: string,
  shape: number[],
  q: LayerQuantity | string,
  k: number,
  paired: boolean,
  mapped: boolean,
): [CompiledLayer, string] {
  const t = node.outputs[0];
  const activation = () => (paired ? pairRows(b, t, shape)[0] : t);
  const r =
    q === 'signal'
      ? signal
      : q === 'signal-x-activation'
        ? b.op('Mul', [signal, activation()], {}, 'relevance')
        : q === 'signal-x-delta'
          ? b.op('Mul', [signal, pairDelta(b, t, shape)], {}, 'relevance')
          : q;
  const spatial = shape.slice(2).map((_, i) => i + 2);
  const neurons = `explain/layer${k}/neurons`;
  if (mapped) b.opTo('Identity', [paired ? firstRowOfPair(b, r, shape) : r], LAYER_MAP);
  // Layers that carry the very same tensor (LRP passes relevance through a ReLU unchanged) share one
  // reduction: onnxruntime does not merge nodes whose outputs are graph outputs.
  const reduce = (to?: string) =>
    to ? b.opTo('ReduceSum', [r, b.int64s(spatial)], to, { keepdims: A.int(0) }) : b.op('ReduceSum', [r, b.int64s(spatial)], { keepdims: A.int(0) }, 'neurons');
  const key = `neurons:${r}`;
  if (!paired && spatial.length && !hasCached(b, key)) cached(b, key, () => reduce(neurons));
  else {
    const reduced = spatial.length ? cached(b, key, () => reduce()) : r;
    b.opTo('Identity', [paired ? firstRowOfPair(b, reduced, shape.slice(0, 2)) : reduced], neurons);
  }
  return [{ name: t, node: node.name, op: node.opType, shape, neurons }, r];
}

/** Per-builder caches of a tensor's pair rows, differences and record reductions, shared by the compiler and a method's rules. */
const pairCache = new WeakMap<GraphBuilder, Map<string, string>>();

function hasCached(b: GraphBuilder, key: string): boolean {
  return pairCache.get(b)?.has(key) ?? false;
}

function cached(b: GraphBuilder, key: string, make: () => string): string {
  let m = pairCache.get(b);
  if (!m) pairCache.set(b, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}

/** A paired tensor [2N, ...] (batch-1 shape `shape`) as its two rows [N, ...]: at the inputs, at the references. */
export function pairRows(b: GraphBuilder, t: string, shape: number[]): [string, string] {
  const dual = dualOf.get(b);
  if (dual?.reach.has(t)) return [t, dual.ref(t)];
  const view = cached(b, `view:${t}`, () => b.op('Reshape', [t, b.int64s([-1, 2, ...shape.slice(1)])], {}, 'pair_view'));
  const row = (i: number) =>
    cached(b, `row${i}:${t}`, () => b.op('Gather', [view, b.constant(int64Tensor([i], []), 'row')], { axis: A.int(1) }, i ? 'at_reference' : 'at_input'));
  return [row(0), row(1)];
}

/** a(x) - a(x0) of a paired tensor, one row per pair. */
export function pairDelta(b: GraphBuilder, t: string, shape: number[]): string {
  return cached(b, `delta:${t}`, () => {
    const [a, a0] = pairRows(b, t, shape);
    return b.op('Sub', [a, a0], {}, 'delta');
  });
}

/** One row per pair [N, ...] -> [2N, ...] with each pair's second row zero. */
export function firstRowOfPair(b: GraphBuilder, half: string, shape: number[]): string {
  const rest = shape.slice(1);
  const first = b.op('Reshape', [half, b.int64s([-1, 1, ...rest])]);
  const zeros = b.op('ConstantOfShape', [b.op('Shape', [first])], { value: A.tensor({ type: 'float32', dims: [1], data: Float32Array.of(0) }) });
  return b.op('Reshape', [b.op('Concat', [first, zeros], { axis: A.int(1) }), b.int64s([-1, ...rest])], {}, 'first_row');
}
