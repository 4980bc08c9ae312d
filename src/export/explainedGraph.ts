/**
 * One standalone ONNX graph that explains: the method's compiled graph (forward and rule-modified backward,
 * src/compile) with the target's seed, the passes of a multi-pass method and the relevance arithmetic built
 * around it in standard ops. Inputs and outputs are named in ./names.ts.
 */
import type { CanonicalGraph } from '../canonicalize';
import { GraphBuilder, A } from '../compile/builder';
import { INPUT_SIGNAL, SCORES, SEED, compile } from '../compile/compile';
import { plainForward } from '../compile/forwardGraphs';
import { type IRGraph, type IRNode, type ValueInfo, int64Tensor } from '../onnx/ir';
import { dropUnusedInits } from '../onnx/dropUnusedInits';
import type { Layout, Preprocessing } from '../protocol';
import { imageLayout } from '../util/imageLayout';
import { classMap } from './classMap';
import { occludedCopies, occlusionRelevance } from './occlusionMap';
import { forwardOnly, publicNamesFreed, renamedForward, secondGraph } from './subgraphs';
import { BASELINE, EXPLAINED_CLASS, INPUT, LAYER_RELEVANCE, LOGITS, RELEVANCE } from './names';
import type { ExportPlan } from './plan';
import { fromPixels, imageInput } from './rawImage';
import { reduce } from './reduce';
import { flatRows, noisyCopies, pathPoints, perRow, toDouble, toFloat, weightedSum } from './rows';
import { TARGET_INPUT, explainedClass, seedFor } from './target';
import { topoSort } from './topoSort';
import { liveNodes } from './liveNodes';

export interface GraphRequest {
  plan: ExportPlan;
  canonical: CanonicalGraph;
  pre: Preprocessing;
  /** The reference input: fed as BASELINE, or the per-channel mean of each input row. */
  baseline?: 'input' | 'mean';
  /** Also output each layer's relevance sum. */
  layers: boolean;
  /** Take 8-bit pixels (IMAGE) instead of the preprocessed input. */
  preprocess: boolean;
  metadata: Record<string, string>;
}

export interface ExplainedGraph {
  graph: IRGraph;
  /** The layers LAYER_RELEVANCE's columns are, in order (empty without `layers`). */
  layers: string[];
}

export function explainedGraph(req: GraphRequest): ExplainedGraph {
  const { plan, canonical } = req;
  const modelInput = canonical.graph.inputs[0];
  const opset = canonical.graph.opset;
  const batch = modelInput.dims[0];
  const rest = (canonical.shapes.get(modelInput.name) ?? []).slice(1);
  const passes = plan.weights.length;
  // Occlusion runs the plain forward only: on its occluded copies it takes the compiled graph's place.
  const compiled = plan.rows.kind === 'windows' ? forwardOnly(canonical) : compile(canonical, plan.variant.options);
  const named = publicNamesFreed(compiled.graph);
  const b = new GraphBuilder('export');
  const inputs: ValueInfo[] = [];

  let x = INPUT;
  if (req.preprocess) {
    inputs.push(imageInput(req.pre, batch));
    x = b.opTo('Identity', [fromPixels(b, req.pre)], INPUT);
  } else inputs.push({ ...modelInput, name: INPUT, dims: [batch, ...rest] });
  inputs.push(TARGET_INPUT);

  let x0: string | undefined;
  if (plan.baseline) {
    if (req.baseline === 'mean') {
      const channelAxis = req.pre.layout === 'NCHW' ? 1 : rest.length;
      const spatial = rest.map((_, i) => i + 1).filter((a) => a !== channelAxis);
      x0 = reduce(b, opset, 'ReduceMean', x, spatial, true);
    } else {
      inputs.push({ name: BASELINE, type: 'float32', dims: ['baseline_rows', ...rest] });
      x0 = BASELINE;
    }
  }

  // The compiled graph's rows per input row, and where the logits of the input itself come from.
  const rows = compiledRows(b, opset, plan, req.pre.layout, x, x0, rest);
  const forwardNodes: IRNode[] = [];
  let logits: string;
  if (plan.rows.kind === 'input') logits = named(SCORES);
  else if (plan.rows.kind === 'pair') logits = b.op('Gather', [b.op('Reshape', [named(SCORES), b.int64s([-1, 2, compiled.classes])]), b.constant(int64Tensor([0], []), 'row')], { axis: A.int(1) });
  else {
    const forward = renamedForward(plainForward(canonical), x);
    forwardNodes.push(...forward.nodes);
    for (const [k, t] of forward.inits) if (!b.inits.has(k)) b.inits.set(k, t);
    logits = forward.scores;
  }
  b.opTo('Identity', [logits], LOGITS);
  const cls = explainedClass(b, LOGITS);
  const seed = seedFor(b, cls, compiled.classes, passes);

  let relevance: string;
  const second = plan.guided?.variant ? secondGraph(canonical, plan.guided.variant, rows, seed) : undefined;
  if (plan.rows.kind === 'windows') {
    relevance = occlusionRelevance(b, opset, plan.rows.windows, req.pre.layout, named(SCORES), LOGITS, seedFor(b, cls, compiled.classes, 1), x, compiled.classes);
  } else if (plan.map) {
    const { height, width } = imageLayout([1, ...rest], req.pre.layout);
    relevance = classMap(b, opset, plan.map, named, cls, compiled.classes, height, width);
    if (plan.guided) {
      // The map [N, 1, H, W] over every channel of the guided signal, in the input's layout.
      const map = req.pre.layout === 'NCHW' ? relevance : b.op('Reshape', [relevance, b.int64s([-1, height, width, 1])]);
      relevance = b.op('Mul', [second?.signal ?? named(INPUT_SIGNAL), map], {}, 'guided_grad_cam');
    }
  } else {
    const signal = weightedSum(b, opset, named(INPUT_SIGNAL), plan.weights, rest);
    // As the engine's `times`: float32 signal and inputs, their product (and difference) in float64.
    const factor = plan.multiplier === 'input' ? toDouble(b, x) : b.op('Sub', [toDouble(b, x), toDouble(b, x0!)]);
    relevance = plan.multiplier === 'none' ? signal : toFloat(b, b.op('Mul', [toDouble(b, signal), factor]));
  }
  b.opTo('Identity', [relevance], RELEVANCE);

  const outputs = [LOGITS, RELEVANCE, EXPLAINED_CLASS];
  if (req.layers && compiled.layers.length) {
    const sums = compiled.layers.map((l) => {
      const perPass = b.op('Reshape', [named(l.neurons), b.int64s([-1, passes, (l.shape[1] ?? 1)])]);
      const weighted = plan.weights.every((w) => w === 1) ? perPass : b.op('Mul', [perPass, b.constant({ type: 'float32', dims: [1, passes, 1], data: Float32Array.from(plan.weights) }, 'layer_weights')]);
      return reduce(b, opset, 'ReduceSum', weighted, [1, 2], false);
    });
    b.opTo('Concat', sums.map((s) => perRow(b, s)), LAYER_RELEVANCE, { axis: A.int(1) });
    outputs.push(LAYER_RELEVANCE);
  }

  const bind = new Map([[compiled.inputName, rows], [SEED, seed]]);
  const compiledNodes = compiled.graph.nodes.map((n) => ({ ...n, inputs: n.inputs.map((i) => bind.get(i) ?? named(i)), outputs: n.outputs.map(named) }));
  const inits = new Map([...[...compiled.graph.inits].map(([k, t]) => [named(k), t] as const), ...(second?.inits ?? []), ...b.inits]);
  const graph: IRGraph = {
    name: `${canonical.graph.name}-explained`,
    opset: Math.max(opset, 13),
    nodes: topoSort(liveNodes([...compiledNodes, ...forwardNodes, ...(second?.nodes ?? []), ...b.nodes], outputs), [...inputs.map((i) => i.name), ...inits.keys()]),
    inits,
    inputs,
    outputs: outputs.map((name) => ({ name, type: name === EXPLAINED_CLASS ? 'int64' : 'float32', dims: [] })),
    metadata: req.metadata,
  };
  dropUnusedInits(graph);
  return { graph, layers: req.layers ? compiled.layers.map((l) => l.name) : [] };
}

function compiledRows(b: GraphBuilder, opset: number, plan: ExportPlan, layout: Layout, x: string, x0: string | undefined, rest: number[]): string {
  switch (plan.rows.kind) {
    case 'input':
      return x;
    case 'path':
      return pathPoints(b, x, x0!, plan.rows.alphas, rest);
    case 'noise':
      return noisyCopies(b, opset, x, plan.rows.sigma, plan.rows.noise, plan.rows.samples, rest);
    case 'windows':
      return occludedCopies(b, plan.rows.windows, layout, x, x0!, rest);
    case 'pair': {
      // [x_n, x0_n] consecutive, as the engine's groups of 2 feed DeepLIFT's paired graph.
      const ref = b.op('Expand', [x0!, b.op('Shape', [x])]);
      return flatRows(b, b.op('Concat', [perRow(b, x), perRow(b, ref)], { axis: A.int(1) }), rest);
    }
  }
}
